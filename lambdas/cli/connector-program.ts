import type { Command } from 'commander';
import {
  runCreate,
  runDelete,
  runPause,
  runPolicy,
  runReauthenticate,
  runResume,
  runShow,
  runUpdate,
  runVerify,
} from './connector-commands';
import {
  type TargetOptions,
  targetFlags,
  withDeployment,
  withTargetOptions,
} from './deployment-options';
import { listConnectors } from './list-commands';

type CreateOptions = TargetOptions & {
  name: string;
  accountId: string;
  bucket: string;
  region: string;
  folder?: string;
  template: string;
};

type UpdateOptions = TargetOptions & {
  name?: string;
  template?: string;
  folder?: string;
  bucket?: string;
  region?: string;
  reimport?: boolean;
  yes?: boolean;
};

/** `s3-import connectors ...`: the connector lifecycle. */
export function addConnectorCommands(program: Command): void {
  const connectors = program.command('connectors').description('customer connections');

  withTargetOptions(
    connectors.command('list').description('list connectors with their status and last sync'),
  ).action((options: TargetOptions) =>
    withDeployment(options, (runtime, output) => listConnectors(runtime, output)),
  );

  withTargetOptions(
    connectors
      .command('create')
      .description('create a pending connector and print the IAM role the customer creates')
      .requiredOption('--name <name>', 'a unique name (letters, digits, space, "_", ".", "-")')
      .requiredOption('--account-id <id>', "the customer's 12-digit AWS account ID")
      .requiredOption('--bucket <bucket>', "the customer's bucket")
      .requiredOption('--region <region>', "the bucket's region, e.g. eu-west-1")
      .option('--folder <folder>', 'only this folder of the bucket (default: the whole bucket)')
      .requiredOption('--template <id>', 'the data template its files are imported with'),
  ).action((options: CreateOptions) =>
    withDeployment(options, (runtime, output) =>
      runCreate(runtime.serviceDeps, options, output, targetFlags(options)),
    ),
  );

  withTargetOptions(
    connectors
      .command('show')
      .argument('<name-or-id>')
      .description("a connector's settings and health"),
  ).action((idOrName: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runShow(runtime.serviceDeps, idOrName, output)),
  );

  withTargetOptions(
    connectors
      .command('verify')
      .argument('<name-or-id>')
      .description('check the role, list the folder, preview files and rows; activate on success'),
  ).action((idOrName: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runVerify(runtime.serviceDeps, idOrName, output)),
  );

  withTargetOptions(
    connectors
      .command('update')
      .argument('<name-or-id>')
      .description('change the name, template, bucket, region or folder')
      .option('--name <name>', 'new name')
      .option('--template <id>', 'new template, for files imported from now on')
      .option(
        '--reimport',
        'import the files already imported again, with the new --template or the current one',
      )
      .option('--bucket <bucket>', 'new bucket (starts a new discovery baseline)')
      .option('--region <region>', 'new bucket region')
      .option('--folder <folder>', 'new folder (starts a new discovery baseline)')
      .option('--yes', 'confirm a baseline reset without asking'),
  ).action((idOrName: string, options: UpdateOptions) =>
    withDeployment(options, (runtime, output) =>
      runUpdate(
        runtime.serviceDeps,
        idOrName,
        {
          name: options.name,
          templateId: options.template,
          bucket: options.bucket,
          region: options.region,
          folder: options.folder,
          reimport: options.reimport,
        },
        options.yes,
        output,
      ),
    ),
  );

  withTargetOptions(
    connectors.command('pause').argument('<name-or-id>').description('stop syncing a connector'),
  ).action((idOrName: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runPause(runtime.serviceDeps, idOrName, output)),
  );

  withTargetOptions(
    connectors
      .command('resume')
      .argument('<name-or-id>')
      .description('sync a paused connector again'),
  ).action((idOrName: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runResume(runtime.serviceDeps, idOrName, output)),
  );

  withTargetOptions(
    connectors
      .command('reauthenticate')
      .argument('<name-or-id>')
      .description('verify again after the customer fixed the role or a setting')
      .option(
        '--rotate-external-id',
        'give the connector a new external ID and print the new trust policy',
      ),
  ).action((idOrName: string, options: TargetOptions & { rotateExternalId?: boolean }) =>
    withDeployment(options, (runtime, output) =>
      runReauthenticate(runtime.serviceDeps, idOrName, Boolean(options.rotateExternalId), output),
    ),
  );

  withTargetOptions(
    connectors
      .command('delete')
      .argument('<name-or-id>')
      .description('delete a connector, its sync state and health (records are kept)')
      .option('--purge-records', 'also delete every record it imported')
      .option('--yes', 'do not ask for confirmation'),
  ).action((idOrName: string, options: TargetOptions & { purgeRecords?: boolean; yes?: boolean }) =>
    withDeployment(options, (runtime, output) =>
      runDelete(
        runtime.serviceDeps,
        idOrName,
        { purgeRecords: Boolean(options.purgeRecords), yes: options.yes },
        output,
      ),
    ),
  );

  withTargetOptions(
    connectors
      .command('policy')
      .argument('<name-or-id>')
      .description('print the role name, permission policy and trust policy again'),
  ).action((idOrName: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runPolicy(runtime.serviceDeps, idOrName, output)),
  );
}
