import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import type { LocalEndpoints } from '../adapters/config';
import { ImportError } from '../core/errors';

export interface LocalServerOptions {
  /** Port of the S3- and SQS-compatible server; 0 picks a free one. */
  s3Port: number;
  /** Port of the DynamoDB-compatible server; 0 picks a free one. */
  dynamoDbPort: number;
  /** Folder that keeps DynamoDB data across restarts; in memory when absent. */
  dynamoDbPath?: string;
}

export interface LocalServers {
  endpoints: LocalEndpoints;
  stop(): Promise<void>;
}

export const defaultLocalPorts = { s3Port: 4566, dynamoDbPort: 4567 } as const;

const loopback = '127.0.0.1';

/** A port another process listens on: which server wanted it and the option that moves it. */
function portError(error: unknown, port: number, server: string, option: string): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  return new ImportError(
    'port_in_use',
    `Port ${port} (${server}) on ${loopback} is already in use, perhaps by another "s3-import start". Stop that one, or start this one on other ports with ${option} N (0 picks a free port); other commands then need the same options.`,
    { cause: error, details: { port } },
  );
}

/**
 * Starts the embedded servers in this process, on the loopback interface only:
 * fauxqs for S3 and SQS on one port, dynalite for DynamoDB on another.
 */
export async function startLocalServers(options: LocalServerOptions): Promise<LocalServers> {
  const dynamo = dynalite({
    path: options.dynamoDbPath,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', (error) =>
      reject(portError(error, options.dynamoDbPort, 'DynamoDB', '--dynamodb-port')),
    );
    dynamo.listen(options.dynamoDbPort, loopback, () => resolve());
  });

  // fauxqs's own startFauxqs listens on every interface whatever host it is given;
  // its app is started here on the loopback address instead.
  const storage = buildApp({ host: loopback, logger: false });
  let storageAddress: string;
  try {
    storageAddress = await storage.listen({ port: options.s3Port, host: loopback });
  } catch (error) {
    dynamo.close();
    throw portError(error, options.s3Port, 'S3 and SQS', '--s3-port');
  }

  const storageUrl = `http://${loopback}:${new URL(storageAddress).port}`;
  const dynamoPort = (dynamo.address() as AddressInfo).port;
  return {
    endpoints: { s3: storageUrl, sqs: storageUrl, dynamodb: `http://${loopback}:${dynamoPort}` },
    async stop() {
      await storage.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
