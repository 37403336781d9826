import { existsSync, readFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../../lambdas/adapters/aws-clients';
import {
  createConnector,
  setConnectorStatus,
} from '../../lambdas/core/connectors/connector-service';
import type { Connector, ImportResult } from '../../lambdas/core/model';
import type { TemplateInput } from '../../lambdas/core/templates/schema';
import { type LocalDeployment, startLocalDeployment } from '../../lambdas/local/local-deployment';
import type { CycleReport } from '../../lambdas/local/pipeline';

const realSamples = new URL('../../../shared/samples/real/', import.meta.url);
const hasSamples = existsSync(realSamples);
if (!hasSamples) {
  console.warn(`Skipping the real export tests: ${realSamples.pathname} is absent.`);
}

const bucket = 'acme-exports';

/** A real export, the template written for it and where the customer drops it. */
const exportsUnderTest: { folder: string; file: string; template: TemplateInput }[] = [
  {
    folder: 'stripe/payments',
    file: 'stripe_unified_payments_checkout_service.csv',
    template: {
      templateId: 'stripe-payments',
      name: 'Stripe unified payments',
      recordType: 'payment',
      format: 'csv',
      fields: [
        { name: 'id', source: 'id', type: 'string', required: true },
        {
          name: 'createdAt',
          source: 'Created date (UTC)',
          type: 'timestamp',
          format: 'yyyy-MM-dd HH:mm:ss',
          timeZone: 'UTC',
          required: true,
        },
        { name: 'amount', source: 'Amount', type: 'decimal', required: true },
        { name: 'currency', source: 'Currency', type: 'currency', required: true },
        { name: 'captured', source: 'Captured', type: 'boolean' },
        { name: 'status', source: 'Status', type: 'enum', values: ['Paid', 'Failed', 'Refunded'] },
        { name: 'customerEmail', source: 'Customer Email', type: 'email' },
      ],
      primaryKey: ['id'],
    },
  },
  {
    folder: 'shopify/catalog',
    file: 'shopify_products_apparel.csv',
    template: {
      templateId: 'shopify-products',
      name: 'Shopify product catalog',
      recordType: 'product_variant',
      format: 'auto',
      fields: [
        { name: 'handle', source: 'Handle', type: 'string', required: true },
        { name: 'title', source: 'Title', type: 'string' },
        { name: 'published', source: 'Published', type: 'boolean' },
        { name: 'price', source: 'Variant Price', type: 'decimal' },
        { name: 'grams', source: 'Variant Grams', type: 'integer' },
      ],
    },
  },
  {
    folder: 'bank/statements',
    file: 'bank_de_sparkasse_checking.CSV',
    template: {
      templateId: 'sparkasse-statement',
      name: 'Sparkasse checking account statement',
      recordType: 'bank_transaction',
      format: 'csv',
      csv: { delimiter: ';' },
      fields: [
        { name: 'account', source: 'Auftragskonto', type: 'string', required: true },
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
        { name: 'counterparty', source: 'Beguenstigter/Zahlungspflichtiger', type: 'string' },
      ],
    },
  },
  {
    folder: 'zeek/ssh',
    file: 'zeek_ssh.ndjson.gz',
    template: {
      templateId: 'zeek-ssh',
      name: 'Zeek SSH log',
      recordType: 'ssh_session',
      format: 'jsonl',
      fields: [
        { name: 'uid', source: 'uid', type: 'string', required: true },
        { name: 'at', source: 'ts', type: 'timestamp', required: true },
        { name: 'client', source: 'id.orig_h', type: 'string', required: true },
        { name: 'port', source: 'id.resp_p', type: 'integer' },
        { name: 'authSuccess', source: 'auth_success', type: 'boolean' },
      ],
      primaryKey: ['uid'],
    },
  },
];

async function uploadSamples(s3: S3Client): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const { folder, file } of exportsUnderTest) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${folder}/${file}`,
        Body: readFileSync(new URL(file, realSamples)),
      }),
    );
  }
}

describe.skipIf(!hasSamples)('a cycle over real exports on the local servers', () => {
  let deployment: LocalDeployment;
  let report: CycleReport;
  const connectors = new Map<string, Connector>();

  beforeAll(async () => {
    deployment = await startLocalDeployment({ s3Port: 0, dynamoDbPort: 0 });
    const { runtime } = deployment;
    const s3 = localS3Client(deployment.servers.endpoints);
    await uploadSamples(s3);
    s3.destroy();
    for (const { folder, template } of exportsUnderTest) {
      await runtime.templates.save(template);
      const created = await createConnector(runtime.connectorDeps, {
        name: template.templateId,
        accountId: '123456789012',
        bucket,
        region: 'eu-west-1',
        folder,
        templateId: template.templateId,
      });
      connectors.set(
        template.templateId,
        await setConnectorStatus(runtime.connectorDeps, created, 'active'),
      );
    }

    report = await deployment.pipeline.runCycle();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  function resultOf(templateId: string): ImportResult {
    const connector = connectors.get(templateId) as Connector;
    const entry = report.connectors.find(
      (item) => item.connector.connectorId === connector.connectorId,
    );
    expect(entry?.imports).toHaveLength(1);
    return entry?.imports[0] as ImportResult;
  }

  async function recordsOf(templateId: string, recordType: string) {
    const connector = connectors.get(templateId) as Connector;
    const response = await deployment.runtime.clients.dynamo.send(
      new QueryCommand({
        TableName: deployment.config.recordsTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${connector.connectorId}#${recordType}` },
      }),
    );
    return response.Items ?? [];
  }

  it('imports the Stripe payments export with exact amounts in canonical form and upper-case currencies', async () => {
    const result = resultOf('stripe-payments');
    const records = await recordsOf('stripe-payments', 'payment');

    expect(result).toMatchObject({
      status: 'succeeded',
      rowsRead: 6,
      rowsImported: 6,
      rowsRejected: 0,
    });
    const first = records.find((record) => record.recordKey === 'ch_3Og8NVEIzUeqNk3Z19OdxJ8e');
    expect(first?.data).toMatchObject({
      amount: '40',
      currency: 'USD',
      captured: true,
      status: 'Paid',
      createdAt: '2024-02-04T16:17:09.000Z',
    });
  });

  it('imports every variant row of the Shopify catalog, multi-line descriptions included', async () => {
    const result = resultOf('shopify-products');
    const records = await recordsOf('shopify-products', 'product_variant');

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 22, rowsRejected: 0 });
    expect(records).toHaveLength(22);
    const shirt = records.find((record) => record.data.handle === 'ocean-blue-shirt');
    expect(shirt?.data).toMatchObject({
      title: 'Ocean Blue Shirt',
      price: '50',
      published: true,
      grams: 0,
    });
  });

  it('reads the German bank statement: semicolons, decimal comma and two-digit years', async () => {
    const result = resultOf('sparkasse-statement');
    const [record] = await recordsOf('sparkasse-statement', 'bank_transaction');

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 1 });
    expect(record.data).toMatchObject({
      account: '1000594757',
      bookedOn: '2018-02-22',
      amount: '-36.99',
      currency: 'EUR',
      counterparty: 'Vodafone Kabel DeutschlandGmbH',
    });
  });

  it('imports gzip JSON lines, reading keys that contain dots', async () => {
    const result = resultOf('zeek-ssh');
    const records = await recordsOf('zeek-ssh', 'ssh_session');

    expect(result).toMatchObject({ status: 'succeeded', rowsImported: 22 });
    const session = records.find((record) => record.recordKey === 'C2MugGdsn3ZVI1wn6');
    expect(session?.data).toMatchObject({ client: '10.0.0.227', port: 22, authSuccess: true });
  });

  it('imports nothing twice when the next cycle finds the same files', async () => {
    const next = await deployment.pipeline.runCycle();

    expect(next.connectors.flatMap((entry) => entry.imports)).toEqual([]);
    expect(next.connectors.map((entry) => entry.health?.lastCounts?.queued)).toEqual([0, 0, 0, 0]);
  });
});
