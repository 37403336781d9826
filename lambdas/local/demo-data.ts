import type { TemplateInput } from '../core/templates/schema';

/** A file of the demo bucket, generated rather than shipped. */
export interface DemoFile {
  key: string;
  body: string;
}

export const demoBucket = 'demo-customer-bucket';
export const demoFolder = 'payments/';
export const demoTemplateId = 'demo-payments';
export const demoConnectorName = 'demo-payments';

/** The demo template: one shape of payment, whichever of the four formats carries it. */
export const demoTemplate: TemplateInput = {
  templateId: demoTemplateId,
  name: 'Demo payments',
  recordType: 'payment',
  format: 'auto',
  headerRow: 1,
  fields: [
    { name: 'paymentId', source: 'payment_id', type: 'string', required: true },
    { name: 'customerEmail', source: 'customer_email', type: 'email', required: true },
    { name: 'amount', source: 'amount', type: 'decimal', required: true },
    { name: 'currency', source: 'currency', type: 'currency', required: true },
    {
      name: 'status',
      source: 'status',
      type: 'enum',
      required: true,
      values: ['succeeded', 'failed', 'refunded'],
    },
    { name: 'createdAt', source: 'created_at', type: 'timestamp', required: true },
  ],
  primaryKey: ['paymentId'],
};

interface Payment {
  payment_id: string;
  customer_email: string;
  amount: string;
  currency: string;
  status: string;
  created_at: string;
}

/** A small deterministic generator (mulberry32), so every demo is the same. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'frances', 'ken'];
const domains = ['example.com', 'example.org', 'example.net'];
const currencies = ['EUR', 'USD', 'GBP', 'CHF'];
const statuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'refunded'];

/** Payments are dated before this day; fixed so that the demo files never change. */
const demoDay = Date.UTC(2026, 10, 30);

function generatePayments(prefix: string, count: number, seed: number): Payment[] {
  const random = randomFrom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, index) => {
    const cents = Math.floor(random() * 500_000) + 100;
    const created = new Date(demoDay - Math.floor(random() * 20 * 86_400_000));
    created.setUTCMilliseconds(0);
    return {
      payment_id: `${prefix}-${String(index + 1).padStart(5, '0')}`,
      customer_email: `${pick(firstNames)}.${index + 1}@${pick(domains)}`,
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      currency: pick(currencies),
      status: pick(statuses),
      created_at: created.toISOString(),
    };
  });
}

/** Rows that a careful import must reject, each for one visible reason. */
function spoil(payments: Payment[]): void {
  payments[4].amount = '12,50 EUR';
  payments[17].customer_email = 'not-an-email';
  payments[41].currency = 'EURO';
  payments[63].payment_id = '';
  payments[88].created_at = '31/02/2026';
}

const columns: (keyof Payment)[] = [
  'payment_id',
  'customer_email',
  'amount',
  'currency',
  'status',
  'created_at',
];

function toDelimited(payments: Payment[], delimiter: string): string {
  const quote = (value: string) =>
    value.includes(delimiter) || value.includes('"') ? `"${value.replaceAll('"', '""')}"` : value;
  const lines = [columns.join(delimiter)];
  for (const payment of payments) {
    lines.push(columns.map((column) => quote(payment[column])).join(delimiter));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The demo bucket's files: payments as CSV, TSV, a JSON array and JSON lines, a
 * few hundred rows with a handful of deliberately bad ones, and one file the
 * template cannot import.
 */
export function generateDemoFiles(): DemoFile[] {
  const csv = generatePayments('pay-csv', 200, 1);
  spoil(csv);
  const tsv = generatePayments('pay-tsv', 120, 2);
  tsv[9].status = 'pending';
  const jsonArray = generatePayments('pay-json', 80, 3);
  jsonArray[5].amount = 'abc';
  const jsonLines = generatePayments('pay-jsonl', 100, 4);
  const lines = jsonLines.map((payment) => JSON.stringify(payment));
  lines[30] = '{"payment_id": "pay-jsonl-00031", "amount": ';

  return [
    { key: `${demoFolder}2026/11/payments.csv`, body: toDelimited(csv, ',') },
    { key: `${demoFolder}2026/11/payments.tsv`, body: toDelimited(tsv, '\t') },
    { key: `${demoFolder}2026/11/payments.json`, body: `${JSON.stringify(jsonArray, null, 2)}\n` },
    { key: `${demoFolder}2026/11/payments.jsonl`, body: `${lines.join('\n')}\n` },
    {
      key: `${demoFolder}README.pdf`,
      body: 'Not a data file: the connector reports it as unsupported.\n',
    },
  ];
}
