import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileFailure } from '../../../lambdas/core/errors';
import type { ReadOptions, SourceItem } from '../../../lambdas/core/formats/types';
import { collect, failureOf, rowValues } from './collect';

// The public edge-case files live next to the repository, never inside it.
const samples = fileURLToPath(new URL('../../../../shared/samples/', import.meta.url));
const hasSamples = existsSync(samples);
if (!hasSamples) {
  console.log(`Sample files not found at ${samples}; the sample tests are skipped.`);
}

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(`${samples}${path}`));
}

function namesIn(folder: string, prefix: string): string[] {
  return readdirSync(`${samples}${folder}`).filter((name) => name.startsWith(prefix));
}

const csv: ReadOptions = { format: 'csv', headerRow: 1 };
const json: ReadOptions = { format: 'json', headerRow: 0 };

describe.skipIf(!hasSamples)('public sample files', () => {
  describe('csv-spectrum', () => {
    const names = hasSamples ? readdirSync(`${samples}csv-spectrum/csvs`) : [];

    it.each(names)('parses %s to the expected rows', async (name) => {
      const expected = JSON.parse(
        readFileSync(`${samples}csv-spectrum/json/${name.replace(/\.csv$/, '.json')}`, 'utf8'),
      );

      const items = await collect(read(`csv-spectrum/csvs/${name}`), csv);

      // csv-spectrum stores a one-row expectation as a bare object.
      const rows = Array.isArray(expected) ? expected : [expected];
      if (name === 'location_coordinates.csv') {
        // Upstream's JSON has another phone number than its CSV (bytes checked by hand).
        rows[0]['Contact Phone Number'] = '2095257564';
      }
      expect(rowValues(items)).toEqual(rows);
    });
  });

  describe('JSONTestSuite', () => {
    const accepted = hasSamples ? namesIn('json-suite/test_parsing', 'y_') : [];
    const rejected = hasSamples ? namesIn('json-suite/test_parsing', 'n_') : [];
    const either = hasSamples ? namesIn('json-suite/test_parsing', 'i_') : [];

    it.each(accepted)('accepts %s', async (name) => {
      const items = await collect(read(`json-suite/test_parsing/${name}`), json);

      expect(Array.isArray(items)).toBe(true);
    });

    it.each(rejected)('fails %s with a position', async (name) => {
      const error = await failureOf(collect(read(`json-suite/test_parsing/${name}`), json));

      expect(error).toBeInstanceOf(FileFailure);
      // Invalid UTF-8 is caught by the decoder first, which reports a byte offset instead.
      if (name.includes('invalid_utf8')) {
        expect(error.code).toBe('invalid_encoding');
        expect(error.message).toMatch(/at byte offset \d+/);
      } else {
        expect(error.code).toBe('malformed_file');
        expect(error.message).toMatch(/^The JSON document is malformed at position \d+: /);
      }
    });

    it.each(either)('reads or fails %s as a file failure, never crashing', async (name) => {
      const outcome = await collect(read(`json-suite/test_parsing/${name}`), json).catch(
        (error) => error,
      );

      expect(Array.isArray(outcome) || outcome instanceof FileFailure).toBe(true);
    });

    it.each(hasSamples ? namesIn('json-suite/jsonlines', 'sample') : [])(
      'reads JSON lines %s',
      async (name) => {
        const items = await collect(read(`json-suite/jsonlines/${name}`), {
          format: 'jsonl',
          headerRow: 0,
        });

        expect(items.length).toBeGreaterThan(0);
        expect(items.every((item) => item.kind === 'row')).toBe(true);
      },
    );
  });

  describe('csv-edge', () => {
    const abc = { kind: 'header', columns: ['a', 'b', 'c'] };

    it.each([
      ['test_utf16_little.csv', {}],
      ['test_utf16_big.csv', {}],
      ['test_latin1.csv', { encoding: 'latin1' }],
    ])('decodes %s', async (name, extra) => {
      const items = await collect(read(`csv-edge/${name}`), { ...csv, ...extra });

      expect(items[0]).toEqual(abc);
      expect(rowValues(items)[0]).toEqual({ a: '1', b: '2', c: '3' });
    });

    it('drops the UTF-8 byte order mark from the first header name', async () => {
      const items = await collect(read('csv-edge/test_utf8_bom.csv'), csv);

      expect(items[0]).toEqual({ kind: 'header', columns: ['foo', 'bar', 'baz'] });
      expect(rowValues(items)[1]).toEqual({ foo: '4', bar: '5', baz: 'ʤ' });
    });

    it('reads the Latin-1 copyright sign when the template declares latin1', async () => {
      const items = await collect(read('csv-edge/test_latin1.csv'), { ...csv, encoding: 'latin1' });

      expect(rowValues(items)[1]).toEqual({ a: '4', b: '5', c: '©' });
    });

    it('fails the Latin-1 file as invalid UTF-8 when no encoding is declared', async () => {
      const error = await failureOf(collect(read('csv-edge/test_latin1.csv'), csv));

      expect(error.code).toBe('invalid_encoding');
      expect(error.message).toContain('invalid bytes at byte offset 16');
    });

    it('reads CR-only line ends, keeping a CR inside a quoted field', async () => {
      const items = await collect(read('csv-edge/mac_newlines.csv'), csv);

      expect(rowValues(items)).toEqual([
        { a: '1', b: '2', c: '3' },
        { a: 'Once upon\ra time', b: '5', c: '6' },
      ]);
    });

    it.each([
      ['dummy.csv.gz', [{ a: '1', b: '2', c: '3' }]],
      ['null_byte.csv', [{ a: '\u0000', b: '2', c: '3' }]],
      ['test_skip_lines.csv', [{ a: '1', b: '2', c: '3' }]],
    ])('reads %s', async (name, expected) => {
      const items = await collect(read(`csv-edge/${name}`), csv);

      expect(rowValues(items)).toEqual(expected);
    });

    it('trims a header name holding control characters only at its ends', async () => {
      const items = await collect(read('csv-edge/test_header_newline.csv'), csv);

      expect((items[0] as { columns: string[] }).columns[0]).toBe('start \t\n\u000b\f\r end');
    });
  });

  describe('real-world files', () => {
    const header = (items: SourceItem[]) => (items[0] as { columns: string[] }).columns;

    it('reads the App Store TSV report: 28 columns, 46 rows', async () => {
      const items = await collect(read('real/appstore_sales_subscription.tsv'), {
        format: 'tsv',
        headerRow: 1,
      });

      expect(header(items)).toHaveLength(28);
      expect(rowValues(items)).toHaveLength(46);
    });

    it('reads the Shopify product export: CRLF, 46 columns, no final newline', async () => {
      const items = await collect(read('real/shopify_products_apparel.csv'), csv);

      expect(header(items)).toHaveLength(46);
      expect(rowValues(items)).toHaveLength(22);
    });

    it('reads the UTF-16LE NHS file with its padded values as they are', async () => {
      const items = await collect(read('real/gov_uk_nhs_utf16le.csv'), csv);

      expect(header(items)[0]).toBe('Organisation_code');
      expect(rowValues(items)).toHaveLength(327);
      expect(rowValues(items)[0].Organisation_classification).toMatch(/^NHS Facilities +$/);
    });

    it('reads the Windows-1252 bank file with euro sign and em dash', async () => {
      const items = await collect(read('real/bank_fr_cp1252.csv'), {
        ...csv,
        encoding: 'windows-1252',
      });

      expect(rowValues(items)[2]).toEqual({
        Date: '2012/3/24',
        Remarque: 'CAFÉ — €20 REÇU',
        Montant: '-20.00',
      });
    });

    it('reads the Latin-1 Sparkasse export with semicolons', async () => {
      const options = { ...csv, delimiter: ';', encoding: 'latin1' };

      const items = await collect(read('real/bank_de_sparkasse_creditcard_latin1.CSV'), options);

      expect(header(items)).toContain('Originalwährung');
      expect(rowValues(items)[0].Originalbetrag).toBe('-5,00');
    });

    it('reads the UK card export: BOM, the unnamed flag column kept by its number', async () => {
      const items = await collect(read('real/bank_uk_creditcard_utf8bom.csv'), csv);

      expect(header(items)).toEqual(['Date Processed', 'Description', 'Amount']);
      expect(items.some((item) => item.kind === 'row_error')).toBe(false);
      expect(items.find((item) => item.kind === 'row' && item.row === 14)).toMatchObject({
        values: { Amount: '+ £1,100.00', '4': 'CR' },
      });
    });

    it('reads the NASA file: CR only, header on row 4 under a preamble', async () => {
      const items = await collect(read('real/gov_nasa_glb_cr_only.csv'), { ...csv, headerRow: 4 });

      expect(header(items).slice(0, 3)).toEqual(['Year', 'Jan', 'Feb']);
      expect(items[1]).toMatchObject({ kind: 'row', row: 5, values: { Year: '1880', Jan: '-43' } });
      expect(rowValues(items)).toHaveLength(133);
    });

    it('reads the Excel paste: quoted line breaks inside CRLF rows', async () => {
      const items = await collect(read('real/gov_uk_excel_pasting.csv'), { ...csv, headerRow: 4 });

      expect(header(items)[0]).toBe('Year');
      expect(rowValues(items).map((row) => row.Year)).toContain(
        'Cement, lime, concrete \nand stones',
      );
    });

    it('pads the Stripe report row whose last field is missing', async () => {
      const items = await collect(read('real/stripe_balance_report_hledger.csv'), csv);

      expect(rowValues(items)[0].description).toBe('');
    });

    it('fails the Destatis table, whose header has an empty first name', async () => {
      const options = { ...csv, delimiter: ';', headerRow: 11 };

      const error = await failureOf(collect(read('real/gov_de_destatis_preamble.csv'), options));

      expect(error.code).toBe('invalid_header');
      expect(error.message).toBe(
        'The header on row 12 has an empty column name at position 1; every column before the last named one needs a name.',
      );
    });

    it('reads the gzipped Zeek NDJSON log with dotted keys', async () => {
      const items = await collect(read('real/zeek_ssh.ndjson.gz'), {
        format: 'jsonl',
        headerRow: 0,
      });

      expect(rowValues(items)).toHaveLength(22);
      expect(rowValues(items)[0]).toHaveProperty(['id.orig_h']);
    });

    it('streams the Vega cars array to the same objects JSON.parse gives', async () => {
      const bytes = read('real/vega_cars.json');

      const items = await collect(bytes, { ...json, chunkBytes: 4096 }, 4096);

      expect(rowValues(items)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
    });

    it('reads the Shopify orders object as one row', async () => {
      const bytes = read('real/shopify_orders.json');

      const items = await collect(bytes, json);

      expect(rowValues(items)).toEqual([JSON.parse(new TextDecoder().decode(bytes))]);
    });
  });
});
