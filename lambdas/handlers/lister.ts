import { InvalidInputError } from '../core/errors';

/** Replaced by the real handler in this change set. */
export async function handler(): Promise<never> {
  throw new InvalidInputError('The lister handler is not wired yet.');
}
