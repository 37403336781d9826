import { createInterface } from 'node:readline/promises';
import { InvalidInputError } from '../core/errors';

/**
 * Asks the person at the terminal to confirm `explanation`. With `--yes` it is
 * confirmed; without a terminal to ask on, it throws `InvalidInputError` with
 * the explanation, so a script exits 2 and says what `--yes` would have done.
 */
export async function confirm(explanation: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new InvalidInputError(`${explanation} Run the command again with --yes to confirm.`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${explanation} Continue? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
