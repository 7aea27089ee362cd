// The setup the command-family integration tests share (hash, set, list): one server on port 0,
// an ioredis client, and two raw sockets for exact bytes, the second switched to RESP3 by HELLO 3.
// Started in beforeAll and closed in afterAll of the calling test file.

import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient, resp, startTestServer, type RunningServer } from './server.js';

/** What a family test talks to. */
export interface FamilyClients {
  readonly srv: RunningServer;
  /** An ioredis client. */
  readonly r: Redis;
  /** A raw socket speaking RESP2. */
  readonly raw2: RawClient;
  /** A raw socket that sent HELLO 3. */
  readonly raw3: RawClient;
}

/**
 * Register the beforeAll/afterAll pair that starts and stops the family's server and clients;
 * `ready` receives them once started (assign them to the test file's variables there).
 */
export function useFamilyServer(ready: (clients: FamilyClients) => void): void {
  let clients: FamilyClients | undefined;
  beforeAll(async () => {
    const srv = await startTestServer();
    const r = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false });
    const raw2 = await RawClient.connect(srv.port);
    const raw3 = await RawClient.connect(srv.port);
    await raw3.roundTrip(resp('HELLO', '3'), 'modules\r\n*0\r\n');
    clients = { srv, r, raw2, raw3 };
    ready(clients);
  });
  afterAll(async () => {
    if (clients === undefined) return;
    clients.r.disconnect();
    clients.raw2.close();
    clients.raw3.close();
    await clients.srv.close();
  });
}
