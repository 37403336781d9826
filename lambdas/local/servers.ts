import { type AddressInfo, createServer } from 'node:net';
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

interface PortClaim {
  port: number;
  server: string;
  option: string;
}

const bothOptions = '--s3-port N --dynamodb-port N';

/** The ports other processes listen on: which server wanted each and the options that move them. */
function portError(error: unknown, taken: PortClaim[]): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  const [first, second] = taken;
  const ports = second
    ? `Ports ${first.port} (${first.server}) and ${second.port} (${second.server}) on ${loopback} are`
    : `Port ${first.port} (${first.server}) on ${loopback} is`;
  const options = second ? bothOptions : `${first.option} N`;
  return new ImportError(
    'port_in_use',
    `${ports} already in use, perhaps by another "s3-import start". Stop that one, or start this one on other ports with ${options} (0 picks a free port); other commands then need the same options.`,
    { cause: error, details: { ports: taken.map((claim) => claim.port) } },
  );
}

/** True when another process listens on `port` (0, any free port, never is). */
async function isPortTaken(port: number): Promise<boolean> {
  if (port === 0) return false;
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen(port, loopback, () => probe.close(() => resolve(false)));
  });
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
  const dynamoClaim = { port: options.dynamoDbPort, server: 'DynamoDB', option: '--dynamodb-port' };
  const storageClaim = { port: options.s3Port, server: 'S3 and SQS', option: '--s3-port' };
  try {
    await new Promise<void>((resolve, reject) => {
      dynamo.once('error', reject);
      dynamo.listen(options.dynamoDbPort, loopback, () => resolve());
    });
  } catch (error) {
    // Name both ports when both are taken, so the second start does not fail anew.
    const taken = (await isPortTaken(options.s3Port)) ? [dynamoClaim, storageClaim] : [dynamoClaim];
    throw portError(error, taken);
  }

  // fauxqs's own startFauxqs listens on every interface whatever host it is given;
  // its app is started here on the loopback address instead.
  const storage = buildApp({ host: loopback, logger: false });
  let storageAddress: string;
  try {
    storageAddress = await storage.listen({ port: options.s3Port, host: loopback });
  } catch (error) {
    dynamo.close();
    throw portError(error, [storageClaim]);
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
