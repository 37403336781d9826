import type { Command, CommanderError } from 'commander';

/** Commander's codes for help and version, which end the command successfully or with help shown. */
const helpCodes = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** True when commander only printed help or the version, not a usage error. */
export function isHelpOrVersion(error: CommanderError): boolean {
  return helpCodes.has(error.code);
}

/** The deepest command `argv` names, as a user typed it (`s3-import imports list`). */
function commandOf(program: Command, argv: string[]): { command: Command; path: string } {
  let command = program;
  const names = [program.name()];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    const sub = command.commands.find(
      (item) => item.name() === arg || item.aliases().includes(arg),
    );
    if (!sub) break;
    command = sub;
    names.push(sub.name());
  }
  return { command, path: names.join(' ') };
}

/**
 * A usage error of commander (a missing required option, an unknown option or
 * command, a value its parser refused) as one sentence in the CLI's own error
 * form, with where to find the usage instead of the whole help.
 */
export function usageErrorMessage(program: Command, argv: string[], error: CommanderError): string {
  const { command, path } = commandOf(program, argv);
  const problem = error.message
    .replace(/^error: /, '')
    .replace(/ is invalid\. /, ' is invalid: ')
    .replace(/\n+/g, ' ')
    .trim();
  const sentence = /[.!?)]$/.test(problem) ? problem : `${problem}.`;
  const usage = `${path} ${command.usage()}`.trim();
  const listed = command.commands.length > 0 ? 'commands' : 'options';
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} Usage: ${usage}; "${path} --help" lists the ${listed}.`;
}
