import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServers, startLocalServers } from '../../lambdas/local/servers';

/** An IPv4 address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('the embedded servers', () => {
  let servers: LocalServers;
  let ports: number[];

  beforeAll(async () => {
    servers = await startLocalServers({ s3Port: 0, dynamoDbPort: 0 });
    ports = [servers.endpoints.s3, servers.endpoints.dynamodb].map((url) =>
      Number(new URL(url).port),
    );
  });

  afterAll(async () => {
    await servers.stop();
  });

  it('answer on the loopback address', async () => {
    for (const port of ports) {
      expect(await accepts('127.0.0.1', port)).toBe(true);
    }
  });

  it.skipIf(outsideAddress === undefined)(
    'refuse connections from the network (skipped on a machine with no other IPv4 address)',
    async () => {
      for (const port of ports) {
        expect(await accepts(outsideAddress as string, port)).toBe(false);
      }
    },
  );
});
