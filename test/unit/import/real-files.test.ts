import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../lambdas/core/import/import-file';
import type { TemplateInput } from '../../../lambdas/core/templates/schema';
import { bucket, connector, createHarness, taskFor, templateOf } from './harness';

const realSamples = new URL('../../../../shared/samples/real/', import.meta.url);
const hasSamples = existsSync(realSamples);
if (!hasSamples) {
  console.log(`Real sample files not found at ${realSamples.pathname}; skipping their imports.`);
}

/** Imports one real export, stored under `in/`, with a template written for it. */
async function importSample(file: string, template: Partial<TemplateInput>) {
  const harness = createHarness(templateOf({ primaryKey: [], ...template }));
  const body = new Uint8Array(readFileSync(new URL(file, realSamples)));
  const object = harness.objects.putObject(bucket, `in/${file}`, body);

  const result = await importFile(harness.deps(), connector, taskFor(object));

  const records = [...harness.records.records.values()];
  return { result, records, dataOf: (row: number) => records.find((r) => r.row === row)?.data };
}

describe.skipIf(!hasSamples)('importing every real export with a template written for it', () => {
  it('imports the App Store sales report: tabs, single-space empty values, US dates', async () => {
    const { result, dataOf } = await importSample('appstore_sales_subscription.tsv', {
      format: 'auto',
      fields: [
        { name: 'sku', source: 'SKU', required: true },
        { name: 'version', source: 'Version' },
        { name: 'units', source: 'Units', type: 'integer', required: true },
        { name: 'proceeds', source: 'Developer Proceeds', type: 'decimal', required: true },
        { name: 'beginDate', source: 'Begin Date', type: 'date', format: 'MM/dd/yyyy' },
        { name: 'customerCurrency', source: 'Customer Currency', type: 'currency' },
      ],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 46, rowsImported: 46 });
    expect(dataOf(2)).toEqual({
      sku: 'foo.bar.baz',
      units: 12,
      proceeds: '209.3',
      beginDate: '2020-10-05',
      customerCurrency: 'RUB',
    });
  });

  it('imports the Sparkasse card export: Latin-1 header names, semicolons, decimal comma', async () => {
    const { result, dataOf } = await importSample('bank_de_sparkasse_creditcard_latin1.CSV', {
      csv: { delimiter: ';', encoding: 'latin1' },
      fields: [
        { name: 'card', source: 'Umsatz getätigt von', required: true },
        { name: 'bookedOn', source: 'Buchungsdatum', type: 'date', format: 'dd.MM.yy' },
        { name: 'amount', source: 'Buchungsbetrag', type: 'decimal', decimalSeparator: ',' },
        { name: 'currency', source: 'Buchungswährung', type: 'currency' },
        { name: 'description', source: 'Transaktionsbeschreibung' },
      ],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 1, rowsImported: 1 });
    expect(dataOf(2)).toEqual({
      card: '51_5 4400 7700 9222443',
      bookedOn: '2018-02-20',
      amount: '-5',
      currency: 'EUR',
      description: 'AMREST STARBUCKS DE 08007263333  DE',
    });
  });

  it('imports the French Windows-1252 statement with its euro sign and em dash', async () => {
    const { result, dataOf } = await importSample('bank_fr_cp1252.csv', {
      csv: { encoding: 'windows-1252' },
      fields: [
        { name: 'date', source: 'Date', type: 'date', format: 'yyyy/M/d', required: true },
        { name: 'remark', source: 'Remarque' },
        { name: 'amount', source: 'Montant', type: 'decimal', required: true },
      ],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 3 });
    expect(dataOf(4)).toEqual({ date: '2012-03-24', remark: 'CAFÉ — €20 REÇU', amount: '-20' });
  });

  it('imports the UK card export, ignoring pending rows and reading the unnamed flag column', async () => {
    const { result, dataOf } = await importSample('bank_uk_creditcard_utf8bom.csv', {
      fields: [
        { name: 'processedOn', source: 'Date Processed', type: 'date', format: 'dd-MMM-yyyy' },
        { name: 'description', source: 'Description', required: true },
        { name: 'amount', source: 'Amount', required: true },
        { name: 'flag', source: '4' },
      ],
      conditions: [
        { action: 'ignore', source: 'Date Processed', operator: 'equals', value: 'Pending' },
      ],
    });

    expect(result).toMatchObject({
      status: 'succeeded',
      rowsRead: 13,
      rowsImported: 10,
      rowsIgnored: 3,
    });
    expect(dataOf(5)).toMatchObject({ processedOn: '2019-12-12', amount: '£1,183.23' });
    expect(dataOf(14)).toMatchObject({ amount: '+ £1,100.00', flag: 'CR' });
  });

  it('imports the Google Play sales report, keeping leading-zero postcodes as text', async () => {
    const { result, records } = await importSample('googleplay_sales_report_2013.csv', {
      fields: [
        { name: 'orderNumber', source: 'Order Number', required: true },
        { name: 'chargedOn', source: 'Order Charged Date', type: 'date', required: true },
        { name: 'chargedAtEpoch', source: 'Order Charged Timestamp', type: 'integer' },
        { name: 'price', source: 'Item Price', type: 'decimal', required: true },
        { name: 'currency', source: 'Currency of Sale', type: 'currency', required: true },
        { name: 'postalCode', source: 'Postal Code of Buyer' },
      ],
      primaryKey: ['orderNumber'],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    expect(records.find((record) => record.recordKey === '1307496652058362')?.data).toEqual({
      orderNumber: '1307496652058362',
      chargedOn: '2013-05-19',
      chargedAtEpoch: 1368936853,
      price: '0.8',
      currency: 'EUR',
      postalCode: '06869',
    });
  });

  it('fails the Destatis table, whose header has an empty first name, with invalid_header', async () => {
    const { result, records } = await importSample('gov_de_destatis_preamble.csv', {
      headerRow: 11,
      csv: { delimiter: ';' },
      fields: [{ name: 'y2010', source: '2010' }],
    });

    expect(result).toMatchObject({ status: 'failed', reasonCode: 'invalid_header' });
    expect(result.reasonMessage).toContain('an empty column name at position 1');
    expect(records).toEqual([]);
  });

  it('imports the NASA table: CR line ends, a header under a preamble, "****" rejected', async () => {
    const { result, dataOf } = await importSample('gov_nasa_glb_cr_only.csv', {
      headerRow: 4,
      fields: [
        { name: 'year', source: 'Year', type: 'integer', required: true },
        { name: 'january', source: 'Jan', type: 'integer' },
        { name: 'annual', source: 'J-D', type: 'integer' },
      ],
    });

    expect(result).toMatchObject({ rowsRead: 133, rowsImported: 132, rowsRejected: 1 });
    expect(dataOf(5)).toEqual({ year: 1880, january: -43, annual: -28 });
    expect(result.rowErrors).toEqual([
      expect.objectContaining({
        row: 137,
        field: 'annual',
        code: 'invalid_integer',
        value: '****',
      }),
    ]);
  });

  it('imports the Excel paste: quoted line breaks, quoted thousands, totals and notes ignored', async () => {
    const { result, records, dataOf } = await importSample('gov_uk_excel_pasting.csv', {
      headerRow: 4,
      fields: [
        { name: 'sector', source: 'Year', required: true },
        { name: 'tonnes2000', source: '2000', type: 'integer', thousandsSeparator: ',' },
      ],
      conditions: [
        { action: 'ignore', source: 'Year', operator: 'equals', value: 'Total' },
        { action: 'ignore', source: '2000', operator: 'empty' },
      ],
    });

    expect(result).toMatchObject({
      status: 'succeeded',
      rowsRead: 16,
      rowsImported: 13,
      rowsIgnored: 3,
    });
    expect(dataOf(5)).toEqual({ sector: 'Timber', tonnes2000: 2666 });
    expect(records.map((record) => record.data)).toContainEqual({
      sector: 'Cement, lime, concrete \nand stones',
      tonnes2000: 13525,
    });
  });

  it('imports the UTF-16LE NHS file, trimming its padded values', async () => {
    const { result, records } = await importSample('gov_uk_nhs_utf16le.csv', {
      fields: [
        { name: 'code', source: 'Organisation_code', required: true },
        { name: 'name', source: 'Organisation_name' },
        { name: 'classification', source: 'Organisation_classification' },
        {
          name: 'patients',
          source: 'Total_patients_31st_march',
          type: 'integer',
          thousandsSeparator: ',',
        },
      ],
      primaryKey: ['code'],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 327 });
    expect(records.find((record) => record.recordKey === '5C1')?.data).toEqual({
      code: '5C1',
      name: 'Enfield PCT',
      classification: 'NHS Facilities',
      patients: 10,
    });
  });

  it('imports the Stripe balance report: every field quoted, a missing last field', async () => {
    const { result, records } = await importSample('stripe_balance_report_hledger.csv', {
      fields: [
        { name: 'id', source: 'balance_transaction_id', required: true },
        {
          name: 'createdAt',
          source: 'created_utc',
          type: 'timestamp',
          format: 'yyyy-MM-dd HH:mm:ss',
          timeZone: 'UTC',
        },
        { name: 'currency', source: 'currency', type: 'currency', required: true },
        { name: 'gross', source: 'gross', type: 'decimal', required: true },
        {
          name: 'category',
          source: 'reporting_category',
          type: 'enum',
          values: ['charge', 'refund'],
        },
        { name: 'description', source: 'description', default: 'none' },
      ],
      primaryKey: ['id'],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 2 });
    expect(
      records.find((record) => record.recordKey === 'txn_14G11HjubSIHf9IKrvJdwN')?.data,
    ).toEqual({
      id: 'txn_14G11HjubSIHf9IKrvJdwN',
      createdAt: '2020-01-23T08:26:29.000Z',
      currency: 'USD',
      gross: '12',
      category: 'charge',
      description: 'none',
    });
  });

  it('imports the Stripe customers export, rejecting the rows without a customer id', async () => {
    const { result, records } = await importSample('stripe_unified_customers_primeorca.csv', {
      fields: [
        { name: 'id', source: 'id', required: true },
        { name: 'email', source: 'Email', type: 'email' },
        {
          name: 'createdAt',
          source: 'Created (UTC)',
          type: 'timestamp',
          format: 'yyyy-MM-dd HH:mm',
        },
        { name: 'zip', source: 'Card Address Zip' },
        { name: 'totalSpend', source: 'Total Spend', type: 'decimal' },
      ],
      primaryKey: ['id'],
    });

    expect(result).toMatchObject({
      status: 'partially_succeeded',
      reasonCode: 'rows_rejected',
      rowsRead: 28,
      rowsImported: 22,
      rowsRejected: 6,
    });
    expect(
      result.rowErrors.every((error) => error.code === 'required' && error.field === 'id'),
    ).toBe(true);
    expect(records.find((record) => record.recordKey === 'cus_Ob4nJ7IIclbPdJ')?.data).toEqual({
      id: 'cus_Ob4nJ7IIclbPdJ',
      email: 'customer01@example.com',
      createdAt: '2023-09-08T00:33:00.000Z',
      totalSpend: '160',
    });
  });

  it('imports the Vega cars array element by element, null numbers left out', async () => {
    const { result, dataOf } = await importSample('vega_cars.json', {
      format: 'json',
      fields: [
        { name: 'name', source: 'Name', required: true },
        { name: 'mpg', source: 'Miles_per_Gallon', type: 'decimal' },
        { name: 'cylinders', source: 'Cylinders', type: 'integer', required: true },
        { name: 'year', source: 'Year', type: 'date' },
        { name: 'origin', source: 'Origin', type: 'enum', values: ['USA', 'Europe', 'Japan'] },
      ],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 406, rowsImported: 406 });
    expect(dataOf(1)).toEqual({
      name: 'chevrolet chevelle malibu',
      mpg: '18',
      cylinders: 8,
      year: '1970-01-01',
      origin: 'USA',
    });
  });

  it('imports the Shopify orders object as one row, reading nested values by path', async () => {
    const { result, records } = await importSample('shopify_orders.json', {
      format: 'json',
      fields: [
        { name: 'orderId', source: 'orders.0.id', type: 'integer', required: true },
        { name: 'email', source: 'orders.0.email', type: 'email' },
        { name: 'total', source: 'orders.0.total_price', type: 'decimal' },
        { name: 'currency', source: 'orders.0.currency', type: 'currency' },
      ],
      primaryKey: ['orderId'],
    });

    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 1, rowsImported: 1 });
    expect(records[0].data).toEqual({
      orderId: 450789469,
      email: 'bob.norman@hostmail.com',
      total: '598.94',
      currency: 'USD',
    });
  });
});
