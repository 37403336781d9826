import { setTimeout as sleep } from 'node:timers/promises';
import { type LocalDeployment, seedDemo, startLocalDeployment } from '../local/local-deployment';
import { formatCycleReport, totalsOf } from './cycle-report';
import type { Output } from './output';

export interface StartOptions {
  once: boolean;
  intervalMinutes: number;
  s3Port: number;
  dynamoDbPort: number;
  demo: boolean;
  verbose: boolean;
}

function describeEndpoints(
  deployment: LocalDeployment,
  output: Output,
  options: StartOptions,
): void {
  const { endpoints } = deployment.servers;
  output.line('Local deployment on embedded servers (state is kept in memory until you stop it)');
  output.line(`  S3 and SQS  ${endpoints.s3}`);
  output.line(`  DynamoDB    ${endpoints.dynamodb}`);
  output.line(
    `  Drop files in with the AWS CLI: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region us-east-1 --endpoint-url ${endpoints.s3} s3 cp FILE s3://BUCKET/FOLDER/`,
  );
  if (!options.once && (options.s3Port !== 4566 || options.dynamoDbPort !== 4567)) {
    output.line(
      `  Other commands reach it with: --s3-port ${new URL(endpoints.s3).port} --dynamodb-port ${new URL(endpoints.dynamodb).port}`,
    );
  }
}

/**
 * Runs the pipeline on the embedded servers: a sync every interval, each
 * printing what it found and imported; with `once`, one cycle and a summary.
 * Resolves with the process exit code.
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
    if (options.demo) {
      const seed = await seedDemo(deployment);
      output.line(
        `Demo: ${seed.files.length} files in s3://${seed.bucket}/${seed.folder}, template "${seed.templateId}", connector "${seed.connector.name}"`,
      );
    }
    output.line();

    for (;;) {
      const report = await deployment.pipeline.runCycle();
      if (output.json) {
        output.data({ ...report, totals: totalsOf(report) });
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
