// INFO's background-job fields and the point-in-time views agree at every event-loop turn: a view
// (a database's copy-on-write guard) is held exactly while INFO reports a BGSAVE or an AOF rewrite in
// progress, as Redis's rdb/aof_*_in_progress are 1 exactly while a child exists. And INFO must be
// read once: aof_rewrite_in_progress and aof_rewrite_scheduled taken from two INFO replies can both
// be 0 while the rewrite runs, when the cron starts the scheduled rewrite between the two (what made
// the full-sync INFO test flaky, test/integration/replication-master-fullsync.test.ts).

import { describe, expect, it } from 'vitest';
import { rewriteRunning } from '../../src/persistence/aof/aof-control.js';
import type { Server } from '../../src/server/server.js';
import { infoField, rawReply, resp, waitFor } from '../helpers/server.js';
import { useServerPool } from '../helpers/side-by-side.js';

const pool = useServerPool();
const KEYS = 50_000;

/** INFO persistence's job fields as the server computes them now (what INFO would say this turn). */
function jobState(server: Server): string {
  const fields = new Map<string, string | number>([...server.snapshots.infoFields(), ...server.aofInfoFields()]);
  const guarded = server.keyspace.dbs.some((db) => db.writeGuard !== null);
  return `bgsave=${fields.get('rdb_bgsave_in_progress')} rewrite=${fields.get('aof_rewrite_in_progress')} scheduled=${fields.get('aof_rewrite_scheduled')} view=${guarded ? 1 : 0}`;
}

/** Record every distinct state, one look per event-loop turn, until `stop()`. */
function watchStates(server: Server): { states: string[]; stop(): void } {
  const states: string[] = [];
  let running = true;
  const look = (): void => {
    if (!running) return;
    const state = jobState(server);
    if (states[states.length - 1] !== state) states.push(state);
    setImmediate(look);
  };
  look();
  return { states, stop: () => (running = false) };
}

describe('INFO persistence and the point-in-time views', () => {
  it('a rewrite scheduled behind a BGSAVE: a view is held exactly while INFO reports a job in progress', async () => {
    const dir = pool.tempDir('tsredis-aof-info-');
    const running = await pool.tsredis({ dir, 'enable-debug-command': 'yes' });
    const server = running.server as Server;
    const c = await pool.raw(running.port);
    expect(await rawReply(c, 'DEBUG', 'POPULATE', String(KEYS))).toBe('+OK\r\n');
    const watch = watchStates(server);
    // One read: the rewrite is asked for while the BGSAVE holds the view, so it is scheduled.
    const replies = await c.roundTrip(Buffer.concat([resp('BGSAVE'), resp('BGREWRITEAOF')]), 'scheduled\r\n');
    expect(replies).toBe('+Background saving started\r\n+Background append only file rewriting scheduled\r\n');
    await waitFor('the rewrite started and done', async () => {
      await rewriteRunning(server);
      return watch.states[watch.states.length - 1] === 'bgsave=0 rewrite=0 scheduled=0 view=0' && watch.states.length > 2;
    });
    watch.stop();
    // Between the BGSAVE and the rewrite there may be a turn where only the schedule shows (the
    // cron had not run yet) or none (it ran at once).
    expect(watch.states.filter((state) => state !== 'bgsave=0 rewrite=0 scheduled=1 view=0')).toEqual([
      'bgsave=0 rewrite=0 scheduled=0 view=0',
      'bgsave=1 rewrite=0 scheduled=1 view=1',
      'bgsave=0 rewrite=1 scheduled=0 view=1',
      'bgsave=0 rewrite=0 scheduled=0 view=0',
    ]);
  });

  it('read from one INFO reply, "no rewrite running or scheduled" means no view is held', async () => {
    const dir = pool.tempDir('tsredis-aof-info-');
    const running = await pool.tsredis({ dir, 'enable-debug-command': 'yes', hz: 1 });
    const server = running.server as Server;
    const c = await pool.raw(running.port);
    expect(await rawReply(c, 'DEBUG', 'POPULATE', String(KEYS))).toBe('+OK\r\n');
    await c.roundTrip(Buffer.concat([resp('BGSAVE'), resp('BGREWRITEAOF')]), 'scheduled\r\n');
    await server.snapshots.running;
    // The BGSAVE is done, the rewrite waits for the cron (once a second with hz 1).
    const before = await rawReply(c, 'INFO', 'persistence');
    const beforeFields = [infoField(before, 'aof_rewrite_in_progress'), infoField(before, 'aof_rewrite_scheduled')];
    // (Unless the cron ticked in the few ms since: then the rewrite already shows as running.)
    expect([['0', '1'], ['1', '0']]).toContainEqual(beforeFields);
    // The cron starts it; an INFO sent that very turn is answered between the rewrite's first
    // batches: "not scheduled", which paired with the first reply's "not in progress" would read as
    // done while the rewrite holds its view.
    await new Promise<void>((resolve) => {
      const look = (): void => (rewriteRunning(server) !== undefined ? resolve() : void setImmediate(look));
      look();
    });
    const during = await rawReply(c, 'INFO', 'persistence');
    expect([infoField(during, 'aof_rewrite_in_progress'), infoField(during, 'aof_rewrite_scheduled')]).toEqual(['1', '0']);
    expect(jobState(server)).toBe('bgsave=0 rewrite=1 scheduled=0 view=1');
    await waitFor('INFO says the rewrite is done', async () => {
      const info = await rawReply(c, 'INFO', 'persistence');
      return infoField(info, 'aof_rewrite_in_progress') === '0' && infoField(info, 'aof_rewrite_scheduled') === '0';
    });
    expect(server.keyspace.dbs.every((db) => db.writeGuard === null)).toBe(true);
  });
});
