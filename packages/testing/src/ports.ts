import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago on `host`. Another process can still take it before you
 * bind; prefer `listen({ port: 0 })` where the code under test allows it.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: server has no TCP address');
  return address.port;
}
