// The setup the command-family integration tests share (hash, set, list): one server on port 0,
// an ioredis client, and two raw sockets for exact bytes, the second switched to RESP3 by HELLO 3.
// Started in beforeAll and closed in afterAll of the calling test file (by useTsredis).

import { beforeAll } from 'vitest';
import type { Redis } from 'ioredis';
import type { RawClient, RunningServer } from './server.js';
import { useTsredis } from './side-by-side.js';

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
  const ours = useTsredis({ resp3: true, ioredis: true });
  beforeAll(() => ready({ srv: ours.running, r: ours.client, raw2: ours.raw, raw3: ours.raw3 }));
}
