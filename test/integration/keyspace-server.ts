// The server the keyspace suites share (keyspace.test.ts, keyspace-scan.test.ts): tsredis with an
// ioredis client, emptied before each test with the active expiry cycle on, its clock real again after.

import { afterEach, beforeEach } from 'vitest';
import type { Redis } from 'ioredis';
import { useTsredis, type ClientOptions, type TsredisFixture } from '../helpers/side-by-side.js';

const CLIENT: ClientOptions = { enableReadyCheck: false, lazyConnect: false };

/** Register the server and its per-test reset; `connect(db)` opens another client, closed with the server. */
export function useKeyspaceServer(): { ours: TsredisFixture; connect: (db?: number) => Redis } {
  const ours = useTsredis({ raw: false, ioredis: CLIENT });
  beforeEach(async () => {
    await ours.client.flushall();
    ours.server.expireCycle.enabled = true;
  });
  afterEach(() => {
    ours.clock.real();
  });
  return { ours, connect: (db = 0) => ours.pool.ioredis(ours.port, { ...CLIENT, db }) };
}

/** Sorted keys as latin1 text. */
export const sorted = (keys: readonly (string | Buffer)[]): string[] => keys.map((k) => k.toString('latin1')).sort();
