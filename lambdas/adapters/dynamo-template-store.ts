import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '../core/deployment';
import { ConflictError, InvalidInputError, TransientError } from '../core/errors';
import { type Clock, systemClock, type TemplateStore } from '../core/ports';
import type { Template, TemplateInput } from '../core/templates/schema';
import { validateTemplate } from '../core/templates/validate';

const { partitionKey, sortKey } = tableKeys.templates;

/** Saves racing for the same template retry this often before giving up. */
const maxSaveAttempts = 10;

const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

function translate(error: unknown, action: string): unknown {
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (transientNames.has(name) || (status !== undefined && status >= 500)) {
    return new TransientError(`DynamoDB could not ${action} (${name}); try again.`, error);
  }
  if (name === 'ValidationException') {
    return new InvalidInputError(
      `DynamoDB refused to ${action}: ${(error as Error).message} (a template item is limited to 400 KB).`,
    );
  }
  return error;
}

/**
 * Versioned templates in the templates table: one item per (templateId,
 * version), never overwritten. A save writes the next version with a
 * conditional put, so two concurrent saves get two versions instead of one
 * overwriting the other. Throttling and 5xx become `TransientError`.
 */
export class DynamoTemplateStore implements TemplateStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(templateId: string, version?: number): Promise<Template | undefined> {
    try {
      if (version !== undefined) {
        const { Item } = await this.dynamo.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { [partitionKey]: templateId, [sortKey]: version },
            ConsistentRead: true,
          }),
        );
        return Item as Template | undefined;
      }
      const { Items } = await this.dynamo.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#id': partitionKey },
          ExpressionAttributeValues: { ':id': templateId },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      return Items?.[0] as Template | undefined;
    } catch (error) {
      throw translate(error, `read template ${templateId}`);
    }
  }

  /**
   * Validates `input` (throws `InvalidInputError` listing every problem) and
   * writes it as the next version. Throws `ConflictError` when other saves of
   * the same template keep winning the race for ten attempts.
   */
  async save(input: TemplateInput): Promise<Template> {
    const valid = validateTemplate(input);
    // A JSON round trip drops keys holding undefined, which DynamoDB refuses.
    const settings = JSON.parse(JSON.stringify(valid)) as typeof valid;

    for (let attempt = 1; attempt <= maxSaveAttempts; attempt += 1) {
      const newest = await this.get(valid.templateId);
      const template: Template = {
        ...settings,
        version: (newest?.version ?? 0) + 1,
        createdAt: this.clock.now().toISOString(),
      };
      try {
        await this.dynamo.send(
          new PutCommand({
            TableName: this.tableName,
            Item: template,
            ConditionExpression: 'attribute_not_exists(#id)',
            ExpressionAttributeNames: { '#id': partitionKey },
          }),
        );
        return template;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw translate(error, `save template ${valid.templateId}`);
        }
      }
    }
    throw new ConflictError(
      `Template ${valid.templateId} was saved concurrently ${maxSaveAttempts} times while this save tried to add a version; save it again.`,
      { templateId: valid.templateId },
    );
  }

  /**
   * The newest version of every template, by template id.
   *
   * Limitation: reads every stored version (a full scan), which is fine for
   * hundreds of templates, not for many thousands of versions.
   */
  async list(): Promise<Template[]> {
    const newest = new Map<string, Template>();
    try {
      for await (const page of paginateScan(
        { client: this.dynamo },
        { TableName: this.tableName, ConsistentRead: true },
      )) {
        for (const item of (page.Items ?? []) as Template[]) {
          const known = newest.get(item.templateId);
          if (!known || known.version < item.version) {
            newest.set(item.templateId, item);
          }
        }
      }
    } catch (error) {
      throw translate(error, 'list templates');
    }
    return [...newest.values()].sort((a, b) => a.templateId.localeCompare(b.templateId));
  }
}
