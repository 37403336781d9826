import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { addConnectorCommands } from '../lambdas/cli/connector-program';
import {
  dynamoPortOption,
  jsonOption,
  positive,
  s3PortOption,
} from '../lambdas/cli/deployment-options';
import { addOperationCommands, addTemplateCommands } from '../lambdas/cli/other-programs';
import { consoleOutput } from '../lambdas/cli/output';
import { runStart } from '../lambdas/cli/start-command';
import { isHelpOrVersion, usageErrorMessage } from '../lambdas/cli/usage-errors';
import {
  ConflictError,
  ImportError,
  InvalidInputError,
  NotFoundError,
} from '../lambdas/core/errors';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

const program = new Command('s3-import')
  .description(
    "Imports CSV, TSV, JSON and JSON lines files from customers' S3 buckets on a schedule.",
  )
  .version(version, '-V, --version', 'print the version')
  // Usage errors are printed below in the CLI's own error form, not commander's.
  .configureOutput({ outputError: () => {} })
  .exitOverride();

program
  .command('start')
  .description('start the embedded servers, seed the demo and run the pipeline every interval')
  .option(
    '--once',
    'run one full cycle (sync, queue, import until the queues are empty), print the summary and exit',
  )
  .addOption(
    new Option('--interval <minutes>', 'minutes between syncs').argParser(positive).default(5),
  )
  .addOption(s3PortOption())
  .addOption(dynamoPortOption())
  .option('--no-demo', 'do not seed the demo bucket, template and connector')
  .option('--verbose', "print the handlers' JSON log lines on stderr")
  .addOption(jsonOption())
  .action(async (options) => {
    process.exitCode = await runStart(
      {
        once: Boolean(options.once),
        intervalMinutes: options.interval,
        s3Port: options.s3Port,
        dynamoDbPort: options.dynamodbPort,
        demo: options.demo,
        verbose: Boolean(options.verbose),
      },
      consoleOutput(Boolean(options.json)),
    );
  });

addConnectorCommands(program);
addTemplateCommands(program);
addOperationCommands(program);

/** Bad input exits 2 (a wrong argument, an unknown name, a name in use), failures 1. */
function exitCodeOf(error: unknown): number {
  const isBadInput =
    error instanceof InvalidInputError ||
    error instanceof NotFoundError ||
    error instanceof ConflictError ||
    (error instanceof ImportError && error.code === 'template_not_found');
  return isBadInput ? 2 : 1;
}

function printError(code: string, message: string): void {
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  } else {
    process.stderr.write(`error (${code}): ${message}\n`);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError && isHelpOrVersion(error)) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CommanderError) {
    printError('invalid_input', usageErrorMessage(program, process.argv.slice(2), error));
    process.exitCode = 2;
  } else {
    const code = error instanceof ImportError ? error.code : 'internal_error';
    printError(code, error instanceof Error ? error.message : String(error));
    process.exitCode = exitCodeOf(error);
  }
}
