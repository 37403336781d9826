/**
 * Import benchmark (`npm run bench:import -- --sizes 100,1024 --formats csv,jsonl,json`).
 * Generates files of 12 typed columns in a temporary folder, then runs each
 * workload in its own child process, so that peak RSS is that workload's:
 *
 * - full: the product's import of one file (claim, streaming reader, compiled
 *   typed template, record batches to a sink that counts and drops them, result);
 * - reader: the product's streaming reader alone (rows as objects keyed by
 *   header name, what papaparse's `header: true` gives), without the template;
 * - papa-header / papa-raw: papaparse streaming the same file with `header: true`
 *   and `header: false` (CSV);
 * - streamparser: @streamparser/json on the same file (JSON lines and JSON array).
 *
 * The ratios (full over the raw parser) are the figures; goals: CSV >= 1.0 of
 * papaparse `header: true`, JSON >= 0.8 of @streamparser/json, and peak RSS at
 * 1 GiB within 1.2x of 100 MiB and under 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONParser } from '@streamparser/json';
import Papa from 'papaparse';
import { readRowBatches } from '../lambdas/core/formats/read-rows';
import { importFile } from '../lambdas/core/import/import-file';
import type { Connector, FileTask } from '../lambdas/core/model';
import { silentLogger } from '../lambdas/core/ports';
import { type Template, templateInputSchema } from '../lambdas/core/templates/schema';
import { MemoryImportResultStore, MemoryQueue } from '../test/fixtures/memory-ports';

type BenchFormat = 'csv' | 'jsonl' | 'json';
type Workload = 'full' | 'reader' | 'papa-header' | 'papa-raw' | 'streamparser';

const mib = 1024 * 1024;
const statuses = ['new', 'paid', 'shipped', 'returned'];
const countries = ['DE', 'FR', 'GB', 'US', 'NO', 'JP'];
const fieldTypes: Record<string, Record<string, unknown>> = {
  id: { type: 'string', required: true },
  name: { type: 'string' },
  email: { type: 'email' },
  amount: { type: 'decimal' },
  quantity: { type: 'integer' },
  price: { type: 'decimal' },
  created: { type: 'date' },
  updated: { type: 'timestamp' },
  status: { type: 'enum', values: statuses },
  country: { type: 'string' },
  active: { type: 'boolean' },
  note: { type: 'string' },
};

function rowAt(index: number): Record<string, string> {
  const day = String((index % 28) + 1).padStart(2, '0');
  const month = String((index % 12) + 1).padStart(2, '0');
  return {
    id: `ord-${index}`,
    name: `Customer ${index % 9973}`,
    email: `buyer${index % 100_003}@example.com`,
    amount: `${(index * 7) % 100_000}.${String(index % 100).padStart(2, '0')}`,
    quantity: String((index % 50) + 1),
    price: `${(index * 13) % 5000}.99`,
    created: `2026-${month}-${day}`,
    updated: `2026-${month}-${day}T${String(index % 24).padStart(2, '0')}:15:30Z`,
    status: statuses[index % statuses.length],
    country: countries[index % countries.length],
    active: index % 3 === 0 ? 'false' : 'true',
    note: `gift wrap, leave at door ${index % 101}`,
  };
}

function csvLine(row: Record<string, string>): string {
  return Object.values(row)
    .map((value) => (value.includes(',') ? `"${value}"` : value))
    .join(',');
}

/** Writes a file of about `sizeMib` MiB, in 1 MiB pieces so memory stays flat. */
async function generate(path: string, format: BenchFormat, sizeMib: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      out.write(text, (error) => (error ? reject(error) : resolve())),
    );
  let written = 0;
  let index = 0;
  if (format === 'csv') written += Buffer.byteLength(`${Object.keys(rowAt(0)).join(',')}\n`);
  await write(
    format === 'csv' ? `${Object.keys(rowAt(0)).join(',')}\n` : format === 'json' ? '[\n' : '',
  );
  // Stops a piece short of the size, so a 1 GiB file stays within the product's 1 GiB limit.
  while (written + 2 * mib < sizeMib * mib) {
    const lines: string[] = [];
    for (let bytes = 0; bytes < mib; index += 1) {
      const row = rowAt(index);
      const line = format === 'csv' ? csvLine(row) : JSON.stringify(row);
      lines.push(format === 'json' && index > 0 ? `,\n${line}` : `${line}\n`);
      bytes += line.length + 2;
    }
    const piece = format === 'json' ? lines.join('') : lines.join('');
    written += Buffer.byteLength(piece);
    await write(piece);
  }
  await write(format === 'json' ? '\n]\n' : '');
  await new Promise<void>((resolve) => out.end(resolve));
}

function templateFor(format: BenchFormat): Template {
  const input = templateInputSchema.parse({
    templateId: 'bench',
    name: 'Bench',
    recordType: 'order',
    format,
    headerRow: format === 'csv' ? 1 : 0,
    fields: Object.entries(fieldTypes).map(([name, settings]) => ({
      name,
      source: name,
      ...settings,
    })),
    primaryKey: ['id'],
  });
  return { ...input, version: 1, createdAt: '2026-12-01T00:00:00.000Z' };
}

const connector = {
  connectorId: 'bench',
  bucket: 'bench-bucket',
  folder: '',
  templateId: 'bench',
} as Connector;

function fileStream(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 64 * 1024 });
}

async function runFull(path: string, format: BenchFormat): Promise<number> {
  let records = 0;
  const task: FileTask = {
    connectorId: 'bench',
    bucket: 'bench-bucket',
    key: `data.${format}`,
    etag: '"bench"',
    size: statSync(path).size,
    lastModified: '2026-12-01T00:00:00.000Z',
  };
  const result = await importFile(
    {
      objectStore: {
        listObjects: () => {
          throw new Error('The benchmark lists nothing.');
        },
        getObject: async () => fileStream(path),
      },
      template: templateFor(format),
      results: new MemoryImportResultStore(),
      // Counts and drops: a sink holding 8 million records would measure the heap, not the import.
      records: {
        write: async (batch) => {
          records += batch.length;
        },
      },
      reports: { put: async (key) => key },
      continuation: new MemoryQueue<FileTask>(),
      clock: { now: () => new Date() },
      logger: silentLogger,
      metrics: { add: () => {} },
      limits: { maxFileBytes: 2 * 1024 * mib, maxRecordBytes: mib },
      remainingTimeMs: () => 3_600_000,
    },
    connector,
    task,
  );
  if (result.status !== 'succeeded') {
    throw new Error(`The benchmark import ended ${result.status}: ${result.reasonMessage ?? ''}`);
  }
  return records;
}

function runPapa(path: string, header: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse(createReadStream(path, { highWaterMark: 64 * 1024, encoding: 'utf8' }), {
      header,
      chunk: (results: Papa.ParseResult<unknown>) => {
        rows += results.data.length;
      },
      complete: () => resolve(rows),
      error: (error: Error) => reject(error),
    });
  });
}

async function runStreamParser(path: string, format: BenchFormat): Promise<number> {
  let rows = 0;
  const options = format === 'json' ? { paths: ['$.*'] } : { paths: ['$'], separator: '\n' };
  const parser = new JSONParser({ ...options, keepStack: false });
  parser.onValue = () => {
    rows += 1;
  };
  for await (const chunk of fileStream(path)) {
    parser.write(chunk);
  }
  if (!parser.isEnded) parser.end();
  return rows;
}

async function runReader(path: string, format: BenchFormat): Promise<number> {
  let rows = 0;
  const options = { format, headerRow: format === 'csv' ? 1 : 0, maxFileBytes: 2 * 1024 * mib };
  for await (const batch of readRowBatches(fileStream(path), options)) {
    for (const item of batch.items) {
      if (item.kind === 'row') rows += 1;
    }
  }
  return rows;
}

async function runChild(workload: Workload, path: string, format: BenchFormat): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const rows =
    workload === 'full'
      ? await runFull(path, format)
      : workload === 'reader'
        ? await runReader(path, format)
        : workload === 'streamparser'
          ? await runStreamParser(path, format)
          : await runPapa(path, workload === 'papa-header');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ rows, seconds, cpuSeconds, peakRss }));
}

interface Measurement {
  format: BenchFormat;
  sizeMib: number;
  workload: Workload;
  rows: number;
  seconds: number;
  /** CPU time of the whole process, all threads: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRss: number;
  bytes: number;
}

function measure(
  workload: Workload,
  path: string,
  format: BenchFormat,
  sizeMib: number,
): Measurement {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, self, '--child', workload, path, format],
    {
      encoding: 'utf8',
      maxBuffer: mib,
    },
  );
  if (child.status !== 0) {
    throw new Error(`Workload ${workload} on ${path} failed: ${child.stderr}`);
  }
  return { format, sizeMib, workload, bytes: statSync(path).size, ...JSON.parse(child.stdout) };
}

function optionOf(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await runChild(process.argv[3] as Workload, process.argv[4], process.argv[5] as BenchFormat);
    return;
  }
  const sizes = optionOf('sizes', '100,1024').split(',').map(Number);
  const formats = optionOf('formats', 'csv,jsonl,json').split(',') as BenchFormat[];
  const folder = optionOf('dir', join(tmpdir(), 's3-import-bench'));
  mkdirSync(folder, { recursive: true });

  // Other work shares this machine's cores: each workload runs `repeat` times,
  // interleaved, and keeps its fastest run (and its largest peak RSS).
  const repeat = Number(optionOf('repeat', '1'));
  const results: Measurement[] = [];
  for (const format of formats) {
    const workloads: Workload[] =
      format === 'csv'
        ? ['full', 'reader', 'papa-header', 'papa-raw']
        : ['full', 'reader', 'streamparser'];
    for (const sizeMib of sizes) {
      const path = join(folder, `orders-${sizeMib}MiB.${format}`);
      if (!existsSync(path)) await generate(path, format, sizeMib);
      const best = new Map<Workload, Measurement>();
      for (let round = 0; round < repeat; round += 1) {
        for (const workload of workloads) {
          const run = measure(workload, path, format, sizeMib);
          const kept = best.get(workload);
          best.set(workload, {
            ...(kept && kept.seconds < run.seconds ? kept : run),
            cpuSeconds: Math.min(kept?.cpuSeconds ?? run.cpuSeconds, run.cpuSeconds),
            peakRss: Math.max(kept?.peakRss ?? 0, run.peakRss),
          });
        }
      }
      for (const result of best.values()) {
        results.push(result);
        console.log(describe(result));
      }
    }
  }
  printRatios(results);
}

function describe(result: Measurement): string {
  const rate = (result.bytes / mib / result.seconds).toFixed(1);
  const rowRate = Math.round(result.rows / result.seconds).toLocaleString('en');
  const rss = (result.peakRss / mib).toFixed(0);
  return [
    `${result.format.padEnd(5)} ${String(result.sizeMib).padStart(5)} MiB`,
    `${result.workload.padEnd(12)} ${rate.padStart(6)} MB/s`,
    `${rowRate.padStart(10)} rows/s`,
    `peak RSS ${rss.padStart(4)} MiB`,
    `(${result.rows.toLocaleString('en')} rows, ${result.seconds.toFixed(1)} s, CPU ${result.cpuSeconds.toFixed(1)} s)`,
  ].join('  ');
}

function printRatios(results: Measurement[]): void {
  const rate = (item: Measurement) => item.bytes / item.seconds;
  const cpuRate = (item: Measurement) => item.bytes / item.cpuSeconds;
  const isOurs = (item: Measurement) => item.workload === 'full' || item.workload === 'reader';
  console.log(
    '\nratios (ours over the raw parser, by wall-clock throughput, then by CPU time; peak RSS largest over smallest size):',
  );
  for (const ours of results.filter(isOurs)) {
    const peers = results.filter(
      (item) => item.format === ours.format && item.sizeMib === ours.sizeMib && !isOurs(item),
    );
    for (const peer of peers) {
      const ratio = (rate(ours) / rate(peer)).toFixed(2);
      const cpuRatio = (cpuRate(ours) / cpuRate(peer)).toFixed(2);
      console.log(
        `${ours.format} ${ours.sizeMib} MiB: ${ours.workload} / ${peer.workload} = ${ratio} (CPU ${cpuRatio})`,
      );
    }
  }
  for (const format of new Set(results.map((item) => item.format))) {
    const full = results.filter((item) => item.format === format && item.workload === 'full');
    if (full.length >= 2) {
      const [small, large] = [full[0], full[full.length - 1]];
      const ratio = (large.peakRss / small.peakRss).toFixed(2);
      console.log(`${format} full peak RSS ${large.sizeMib} MiB / ${small.sizeMib} MiB = ${ratio}`);
    }
  }
}

await main();
