// Replication set-ups the replication suites share: a real redis-server 7.0 master in its own
// directory, a tsredis replica, and waiting until a replica has applied all its master sent.
// Everything is started in a ServerPool (test/helpers/side-by-side.ts), closed after each test.

import type { Redis } from 'ioredis';
import type { Server } from '../../src/server/server.js';
import type { RunningServer } from '../../src/index.js';
import { infoField, waitFor, type RealRedis } from './server.js';
import { NO_RETRY, type ServerPool } from './side-by-side.js';

/** An ioredis client for replication tests: no retries, errors ignored (links are cut on purpose). */
export function replicationClient(pool: ServerPool, port: number, password?: string): Redis {
  return pool.ioredis(port, { ...NO_RETRY, ...(password === undefined ? {} : { password }) });
}

/**
 * A real redis-server master with `args`, in its own directory (a disk-based sync writes dump.rdb
 * there, and a master would load one it finds), and a client `m` to it.
 */
export async function startRealMaster(pool: ServerPool, args: string[] = [], password?: string): Promise<{ master: RealRedis; m: Redis }> {
  const dir = pool.tempDir('tsredis-replica-master-');
  const master = await pool.realRedis(['--dir', dir, '--repl-diskless-sync-delay', '0', ...args]);
  return { master, m: replicationClient(pool, master.port, password) };
}

/** A tsredis server to make a replica of (with `config`), and a client `r` to it. */
export async function startOurReplica(
  pool: ServerPool, config: Record<string, string | number> = {},
): Promise<{ srv: RunningServer; r: Redis; server: Server }> {
  const srv = await pool.tsredis(config);
  return { srv, r: replicationClient(pool, srv.port), server: srv.server as Server };
}

/** Wait until the replica applied everything the master has sent so far (offsets equal). */
export async function caughtUp(m: Redis, r: Redis): Promise<void> {
  await waitFor('the replica to catch up', async () => {
    const want = infoField(await m.info('replication'), 'master_repl_offset');
    const info = await r.info('replication');
    return infoField(info, 'master_link_status') === 'up' && infoField(info, 'slave_repl_offset') === want;
  });
}
