import { existsSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compileTemplate, normaliseHeaderName } from '../../../lambdas/core/templates/compile';
import { buildTemplate } from './helpers';

const samples = new URL('../../../../shared/samples/real/', import.meta.url);
const hasSamples = existsSync(samples);
if (!hasSamples) {
  console.log(`Real sample files not found at ${samples.pathname}; skipping their template tests.`);
}

function readCsv(name: string, encoding: string, delimiter: string): Record<string, string>[] {
  const text = iconv.decode(readFileSync(new URL(name, samples)), encoding);
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter,
    skipEmptyLines: true,
    transformHeader: normaliseHeaderName,
  });
  return parsed.data;
}

describe.skipIf(!hasSamples)('templates on real exported files', () => {
  it('reads a German bank export: short dates, decimal comma, currency', () => {
    const compiled = compileTemplate(
      buildTemplate({
        format: 'csv',
        csv: { delimiter: ';', encoding: 'latin1' },
        fields: [
          {
            name: 'bookedOn',
            source: 'Buchungstag',
            type: 'date',
            format: 'dd.MM.yy',
            required: true,
          },
          {
            name: 'amount',
            source: 'Betrag',
            type: 'decimal',
            decimalSeparator: ',',
            thousandsSeparator: '.',
            required: true,
          },
          { name: 'currency', source: 'Waehrung', type: 'currency', required: true },
          { name: 'payee', source: 'Beguenstigter/Zahlungspflichtiger', maxLength: 200 },
        ],
      }),
    );
    const rows = readCsv('bank_de_sparkasse_checking.CSV', 'latin1', ';');

    const outcomes = rows.map((values, index) => compiled.mapRow(values, index + 2));

    expect(outcomes).toEqual([
      {
        kind: 'record',
        recordType: 'order',
        recordKey: undefined,
        data: {
          bookedOn: '2018-02-22',
          amount: '-36.99',
          currency: 'EUR',
          payee: 'Vodafone Kabel DeutschlandGmbH',
        },
      },
    ]);
  });

  it('reads a payments export: SQL-style UTC timestamps, lower-case currencies, keys', () => {
    const compiled = compileTemplate(
      buildTemplate({
        format: 'csv',
        fields: [
          { name: 'chargeId', source: 'id', required: true },
          { name: 'createdAt', source: 'Created date (UTC)', type: 'timestamp', required: true },
          { name: 'amount', source: 'Amount', type: 'decimal', scale: 2 },
          { name: 'currency', source: 'Currency', type: 'currency' },
          { name: 'captured', source: 'Captured', type: 'boolean' },
          {
            name: 'status',
            source: 'Status',
            type: 'enum',
            values: ['paid', 'failed', 'refunded'],
            caseInsensitive: true,
          },
          { name: 'email', source: 'Customer Email', type: 'email' },
        ],
        primaryKey: ['chargeId'],
      }),
    );
    const rows = readCsv('stripe_unified_payments_checkout_service.csv', 'utf-8', ',');

    const outcomes = rows.map((values, index) => compiled.mapRow(values, index + 2));

    expect(outcomes).toHaveLength(6);
    expect(outcomes.every((outcome) => outcome.kind === 'record')).toBe(true);
    expect(outcomes[0]).toEqual({
      kind: 'record',
      recordType: 'order',
      recordKey: 'ch_3Og8NVEIzUeqNk3Z19OdxJ8e',
      data: {
        chargeId: 'ch_3Og8NVEIzUeqNk3Z19OdxJ8e',
        createdAt: '2024-02-04T16:17:09.000Z',
        amount: '40',
        currency: 'USD',
        captured: true,
        status: 'paid',
      },
    });
  });

  it('reads nested values of a JSON orders export by path', () => {
    const compiled = compileTemplate(
      buildTemplate({
        format: 'json',
        fields: [
          { name: 'orderId', source: 'id', type: 'integer', required: true },
          { name: 'total', source: 'total_price', type: 'decimal' },
          { name: 'createdAt', source: 'created_at', type: 'timestamp' },
          { name: 'city', source: 'customer.default_address.city' },
          { name: 'latitude', source: 'billing_address.latitude', type: 'decimal' },
          { name: 'gateway', source: 'payment_gateway_names.0' },
          { name: 'taxesIncluded', source: 'taxes_included', type: 'boolean' },
          { name: 'clientDetails', source: 'client_details', type: 'json' },
        ],
        primaryKey: ['orderId'],
      }),
    );
    const document = JSON.parse(readFileSync(new URL('shopify_orders.json', samples), 'utf8'));

    const outcome = compiled.mapRow(document.orders[0], 1);

    expect(outcome).toMatchObject({
      kind: 'record',
      recordKey: '450789469',
      data: {
        orderId: 450789469,
        total: '598.94',
        createdAt: '2008-01-10T16:00:00.000Z',
        city: 'Louisville',
        latitude: '45.41634',
        gateway: 'bogus',
        taxesIncluded: false,
        clientDetails: document.orders[0].client_details,
      },
    });
  });
});
