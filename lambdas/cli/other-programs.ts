import { type Command, Option } from 'commander';
import { importStatuses } from '../core/service';
import {
  positive,
  type TargetOptions,
  withDeployment,
  withTargetOptions,
} from './deployment-options';
import { runImportRetry, runImportShow } from './import-commands';
import { listImports } from './list-commands';
import { consoleOutput } from './output';
import { runStatus } from './status-command';
import { runSync } from './sync-command';
import {
  runTemplateCreate,
  runTemplateDelete,
  runTemplateList,
  runTemplateShow,
  runTemplateTry,
  runTemplateValidate,
} from './template-commands';

/** `s3-import templates ...`: data templates. */
export function addTemplateCommands(program: Command): void {
  const templates = program.command('templates').description('data templates, versioned');

  withTargetOptions(
    templates
      .command('create')
      .description('validate a template file and save it (a new version when the id exists)')
      .requiredOption('--file <path>', 'the template, as JSON'),
  ).action((options: TargetOptions & { file: string }) =>
    withDeployment(options, (runtime, output) =>
      runTemplateCreate(runtime.serviceDeps, options.file, output),
    ),
  );

  withTargetOptions(
    templates.command('list').description('the newest version of each template'),
  ).action((options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runTemplateList(runtime.serviceDeps, output)),
  );

  withTargetOptions(
    templates
      .command('show')
      .argument('<id>')
      .description('print a template as JSON')
      .addOption(new Option('--version <n>', 'this version, not the newest').argParser(positive)),
  ).action((templateId: string, options: TargetOptions & { version?: number }) =>
    withDeployment(options, (runtime, output) =>
      runTemplateShow(runtime.serviceDeps, templateId, options.version, output),
    ),
  );

  withTargetOptions(
    templates
      .command('delete')
      .argument('<id>')
      .description('delete every version of a template no connector uses')
      .option('--force', 'delete it even while connectors use it (their syncs then fail)')
      .option('--yes', 'do not ask for confirmation'),
  ).action((templateId: string, options: TargetOptions & { force?: boolean; yes?: boolean }) =>
    withDeployment(options, (runtime, output) =>
      runTemplateDelete(
        runtime.serviceDeps,
        templateId,
        { force: options.force, yes: options.yes },
        output,
      ),
    ),
  );

  templates
    .command('validate')
    .description('list every problem of a template file (needs no deployment)')
    .requiredOption('--file <path>', 'the template, as JSON')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: { file: string; json?: boolean }) => {
      process.exitCode = await runTemplateValidate(
        options.file,
        consoleOutput(Boolean(options.json)),
      );
    });

  withTargetOptions(
    templates
      .command('try')
      .argument('<template>', 'a stored template id, or a template .json file')
      .description('apply a template to a local sample file and print records and row errors')
      .requiredOption('--file <path>', 'the sample file (CSV, TSV, JSON or JSON lines)'),
  ).action((reference: string, options: TargetOptions & { file: string }) =>
    withDeployment(options, (runtime, output) =>
      runTemplateTry(runtime.serviceDeps, reference, options.file, output),
    ),
  );
}

/** `s3-import imports ...`, `sync` and `status`. */
export function addOperationCommands(program: Command): void {
  const imports = program.command('imports').description('import results, one per file version');

  withTargetOptions(
    imports
      .command('list')
      .description('list import results, newest first')
      .option('--connector <name-or-id>', "only this connector's imports")
      .option('--status <status>', `only imports with this status (${importStatuses.join(', ')})`)
      .addOption(new Option('--limit <n>', 'at most this many').argParser(positive).default(50)),
  ).action((options: TargetOptions & { connector?: string; status?: string; limit: number }) =>
    withDeployment(options, (runtime, output) =>
      listImports(
        runtime,
        { connector: options.connector, status: options.status, limit: options.limit },
        output,
      ),
    ),
  );

  withTargetOptions(
    imports
      .command('show')
      .argument('<import-id>', 'CONNECTOR:FILE-KEY, CONNECTOR:FILE-ID, or a file id prefix')
      .description('counts, row errors and where the error report is'),
  ).action((importId: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) =>
      runImportShow(runtime.serviceDeps, importId, output),
    ),
  );

  withTargetOptions(
    imports
      .command('retry')
      .argument('<import-id>', 'CONNECTOR:FILE-KEY, CONNECTOR:FILE-ID, or a file id prefix')
      .description('queue a failed file again'),
  ).action((importId: string, options: TargetOptions) =>
    withDeployment(options, (runtime, output) =>
      runImportRetry(runtime.serviceDeps, importId, output),
    ),
  );

  withTargetOptions(
    program
      .command('sync')
      .description('run discovery now and print what each connector queued')
      .option('--connector <name-or-id>', 'only this connector')
      .option('--import', 'then import the queued files in this process, not with the next cycle'),
  ).action((options: TargetOptions & { connector?: string; import?: boolean }) =>
    withDeployment(options, (runtime, output) =>
      runSync(runtime, { connector: options.connector, importNow: options.import }, output),
    ),
  );

  withTargetOptions(
    program.command('status').description('every connector with its health, broken ones first'),
  ).action((options: TargetOptions) =>
    withDeployment(options, (runtime, output) => runStatus(runtime.serviceDeps, output)),
  );
}
