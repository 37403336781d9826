import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createRuntime, type Runtime } from '../lambdas/adapters/runtime';
import { listConnectors, listImports } from '../lambdas/cli/list-commands';
import { consoleOutput } from '../lambdas/cli/output';
import { runStart } from '../lambdas/cli/start-command';
import { ImportError, InvalidInputError, NotFoundError } from '../lambdas/core/errors';
import { connectLocalDeployment } from '../lambdas/local/provision';
import { defaultLocalPorts } from '../lambdas/local/servers';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  }
  return parsed;
}

function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a positive number.');
  }
  return parsed;
}

const jsonOption = new Option('--json', 'print machine-readable JSON');
const s3PortOption = new Option('--s3-port <port>', 'port of the local S3 and SQS server')
  .argParser(port)
  .default(defaultLocalPorts.s3Port);
const dynamoPortOption = new Option('--dynamodb-port <port>', 'port of the local DynamoDB server')
  .argParser(port)
  .default(defaultLocalPorts.dynamoDbPort);

interface TargetOptions {
  s3Port: number;
  dynamodbPort: number;
  json?: boolean;
}

/** Runs a command against the deployment the options point at: the local one by default. */
async function withDeployment(
  options: TargetOptions,
  action: (runtime: Runtime) => Promise<void>,
): Promise<void> {
  const loopback = 'http://127.0.0.1';
  const config = await connectLocalDeployment({
    s3: `${loopback}:${options.s3Port}`,
    sqs: `${loopback}:${options.s3Port}`,
    dynamodb: `${loopback}:${options.dynamodbPort}`,
  });
  const runtime = createRuntime(config);
  try {
    await action(runtime);
  } finally {
    runtime.destroy();
  }
}

const program = new Command('s3-import')
  .description(
    "Imports CSV, TSV, JSON and JSON lines files from customers' S3 buckets on a schedule.",
  )
  .showHelpAfterError()
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
  .addOption(s3PortOption)
  .addOption(dynamoPortOption)
  .option('--no-demo', 'do not seed the demo bucket, template and connector')
  .option('--verbose', "print the handlers' JSON log lines on stderr")
  .addOption(jsonOption)
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

const connectors = program.command('connectors').description('customer connections');
connectors
  .command('list')
  .description('list connectors with their status and last sync')
  .addOption(s3PortOption)
  .addOption(dynamoPortOption)
  .addOption(jsonOption)
  .action((options: TargetOptions) =>
    withDeployment(options, (runtime) =>
      listConnectors(runtime, consoleOutput(Boolean(options.json))),
    ),
  );

const imports = program.command('imports').description('import results, one per file version');
imports
  .command('list')
  .description('list import results, newest first')
  .option('--connector <name-or-id>', "only this connector's imports")
  .option('--status <status>', 'only imports with this status')
  .addOption(new Option('--limit <n>', 'at most this many').argParser(positive).default(50))
  .addOption(s3PortOption)
  .addOption(dynamoPortOption)
  .addOption(jsonOption)
  .action((options: TargetOptions & { connector?: string; status?: string; limit: number }) =>
    withDeployment(options, (runtime) =>
      listImports(
        runtime,
        { connector: options.connector, status: options.status, limit: options.limit },
        consoleOutput(Boolean(options.json)),
      ),
    ),
  );

/** Bad input exits 2, failures 1, as scripts expect. */
function exitCodeOf(error: unknown): number {
  if (error instanceof InvalidInputError || error instanceof NotFoundError) {
    return 2;
  }
  return 1;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const code = error instanceof ImportError ? error.code : 'internal_error';
    const message = error instanceof Error ? error.message : String(error);
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    } else {
      process.stderr.write(`error (${code}): ${message}\n`);
    }
    process.exitCode = exitCodeOf(error);
  }
}
