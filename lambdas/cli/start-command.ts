import { setTimeout as sleep } from 'node:timers/promises';
import { type LocalDeployment, seedDemo, startLocalDeployment } from '../local/local-deployment';
import { formatCycleReport, totalsOf } from './cycle-report';
import { type Output, printJsonLine } from './output';

export interface StartOptions {
  once: boolean;
  intervalMinutes: number;
  s3Port: number;
  dynamoDbPort: number;
  demo: boolean;
  verbose: boolean;
}

/** Where the deployment listens, and the options that point other commands at it. */
function whereItRuns(deployment: LocalDeployment) {
  const { endpoints } = deployment.servers;
  const s3Port = Number(new URL(endpoints.s3).port);
  const dynamoDbPort = Number(new URL(endpoints.dynamodb).port);
  return {
    endpoints,
    s3Port,
    dynamoDbPort,
    portOptions: ['--s3-port', String(s3Port), '--dynamodb-port', String(dynamoDbPort)],
  };
}

function describeEndpoints(
  deployment: LocalDeployment,
  output: Output,
  options: StartOptions,
): void {
  const { endpoints, portOptions } = whereItRuns(deployment);
  output.line('Local deployment on embedded servers (state is kept in memory until you stop it)');
  output.line(`  S3 and SQS  ${endpoints.s3}`);
  output.line(`  DynamoDB    ${endpoints.dynamodb}`);
  output.line(
    `  Drop files in with the AWS CLI: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region us-east-1 --endpoint-url ${endpoints.s3} s3 cp FILE s3://BUCKET/FOLDER/`,
  );
  if (!options.once && (options.s3Port !== 4566 || options.dynamoDbPort !== 4567)) {
    output.line(`  Other commands reach it with: ${portOptions.join(' ')}`);
  }
}

/**
 * Runs the pipeline on the embedded servers: a sync every interval, each
 * printing what it found and imported; with `once`, one cycle and a summary.
 * With `--json`, `once` prints one document (where it ran and the cycle);
 * otherwise JSON lines: a `started` line with the endpoints as soon as the
 * servers listen, then one `cycle` line per cycle. Resolves with the exit code.
 */
export async function runStart(options: StartOptions, output: Output): Promise<number> {
  const deployment = await startLocalDeployment(
    { s3Port: options.s3Port, dynamoDbPort: options.dynamoDbPort },
    { verbose: options.verbose },
  );
  let stopping = false;
  const stop = async () => {
    if (!stopping) {
      stopping = true;
      await deployment.stop();
    }
  };
  process.once('SIGINT', () => {
    output.line('\nStopping the local deployment.');
    void stop().then(() => process.exit(0));
  });

  try {
    describeEndpoints(deployment, output, options);
    const where = whereItRuns(deployment);
    let demo: { bucket: string; folder: string; templateId: string; connector: string } | undefined;
    if (options.demo) {
      const seed = await seedDemo(deployment);
      demo = {
        bucket: seed.bucket,
        folder: seed.folder,
        templateId: seed.templateId,
        connector: seed.connector.name,
      };
      output.line(
        `Demo: ${seed.files.length} files in s3://${seed.bucket}/${seed.folder}, template "${seed.templateId}", connector "${seed.connector.name}"`,
      );
    }
    output.line();
    if (output.json && !options.once) {
      printJsonLine({ type: 'started', ...where, ...(demo ? { demo } : {}) });
    }

    for (;;) {
      const report = await deployment.pipeline.runCycle();
      if (output.json && options.once) {
        output.data({ ...where, ...report, totals: totalsOf(report) });
      } else if (output.json) {
        printJsonLine({ type: 'cycle', ...report, totals: totalsOf(report) });
      } else {
        output.line(formatCycleReport(report));
      }
      if (options.once) {
        return report.deadLetters > 0 ? 1 : 0;
      }
      output.line(`Next sync in ${options.intervalMinutes} minutes (Ctrl+C stops).\n`);
      await sleep(options.intervalMinutes * 60_000);
    }
  } finally {
    await stop();
  }
}
