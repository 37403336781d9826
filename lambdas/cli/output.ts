import Table from 'cli-table3';

/** Where a command writes: plain text for people, JSON for scripts. */
export interface Output {
  json: boolean;
  line(text?: string): void;
  data(value: unknown): void;
}

let isPipeWatched = false;

/**
 * Exits quietly when the reader of stdout goes away (`s3-import ... | head`):
 * the rest of the output has nowhere to go, and a stack trace is no news.
 */
function exitQuietlyOnClosedPipe(): void {
  if (isPipeWatched) return;
  isPipeWatched = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export function consoleOutput(json: boolean): Output {
  exitQuietlyOnClosedPipe();
  return {
    json,
    line: (text = '') => {
      if (!json) {
        process.stdout.write(`${text}\n`);
      }
    },
    data: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** One JSON document on one line of stdout, for output that goes on (JSON lines). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A borderless table that reads well in a terminal and in a pasted issue. */
export function renderTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
  });
  table.push(...rows.map((row) => row.map(String)));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** Seconds with one decimal, for durations people read. */
export function seconds(fromIso: string, toIso: string): string {
  return `${((Date.parse(toIso) - Date.parse(fromIso)) / 1000).toFixed(1)} s`;
}
