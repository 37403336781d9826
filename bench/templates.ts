/**
 * Rows per second of a compiled 12-column typed template on one core.
 * Run: npx tsx bench/templates.ts [rows]
 */
import { compileTemplate } from '../lambdas/core/templates/compile';
import type { Template } from '../lambdas/core/templates/schema';

const rowCount = Number(process.argv[2] ?? 2_000_000);

const template: Template = {
  templateId: 'bench',
  name: 'Bench orders',
  recordType: 'order',
  format: 'csv',
  headerRow: 1,
  csv: { delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8' },
  fields: [
    { name: 'orderId', source: 'Order ID', type: 'integer', required: true },
    { name: 'customer', source: 'Customer', type: 'string', required: true, maxLength: 100 },
    { name: 'email', source: 'Email', type: 'email', required: false },
    {
      name: 'amount',
      source: 'Amount',
      type: 'decimal',
      required: true,
      thousandsSeparator: ',',
      scale: 2,
    },
    { name: 'quantity', source: 'Qty', type: 'integer', required: false },
    { name: 'currency', source: 'Currency', type: 'currency', required: false, default: 'USD' },
    { name: 'paid', source: 'Paid', type: 'boolean', required: false },
    { name: 'orderDate', source: 'Order date', type: 'date', required: true },
    { name: 'updatedAt', source: 'Updated', type: 'timestamp', required: false },
    {
      name: 'status',
      source: 'Status',
      type: 'enum',
      required: true,
      values: ['open', 'shipped', 'closed'],
      caseInsensitive: true,
    },
    { name: 'note', source: 'Note', type: 'string', required: false },
    { name: 'discount', source: 'Discount', type: 'decimal', required: false },
  ],
  primaryKey: ['orderId'],
  conditions: [{ action: 'ignore', source: 'Order ID', operator: 'equals', value: 'TOTAL' }],
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
};

const statuses = ['open', 'Shipped', 'CLOSED'];

function makeRow(index: number): Record<string, unknown> {
  return {
    'Order ID': String(100000 + index),
    Customer: ` Customer ${index % 997} `,
    Email: `buyer${index % 1000}@Example.com`,
    Amount: `${(index % 5000).toLocaleString('en-US')}.${String(index % 100).padStart(2, '0')}`,
    Qty: String(index % 17),
    Currency: index % 3 === 0 ? '' : 'eur',
    Paid: index % 2 === 0 ? 'yes' : 'N',
    'Order date': `2024-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
    Updated: `2024-03-05T10:${String(index % 60).padStart(2, '0')}:00Z`,
    Status: statuses[index % 3],
    Note: index % 10 === 0 ? 'rush' : '',
    Discount: index % 7 === 0 ? '0.15' : '',
  };
}

const rows = Array.from({ length: 10_000 }, (_, index) => makeRow(index));
const compiled = compileTemplate(template);

function run(count: number): { records: number; rejected: number } {
  let records = 0;
  let rejected = 0;
  for (let index = 0; index < count; index += 1) {
    const outcome = compiled.mapRow(rows[index % rows.length], index + 2);
    if (outcome.kind === 'record') {
      records += 1;
    } else if (outcome.kind === 'rejected') {
      rejected += 1;
    }
  }
  return { records, rejected };
}

run(200_000);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const result = run(rowCount);
const cpu = process.cpuUsage(cpuBefore);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// CPU time says what one core does when the machine is shared; wall time what it did here.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = (elapsed: number) => Math.round(rowCount / elapsed).toLocaleString('en-US');
console.log(
  `${rowCount} rows, ${result.records} records, ${result.rejected} rejected: ${rate(seconds)} rows/s wall (${seconds.toFixed(2)} s), ${rate(cpuSeconds)} rows per CPU second`,
);
