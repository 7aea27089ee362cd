// The snapshot bookkeeping without sockets: save points in the cron, the retry delay after a
// failed BGSAVE, dirty accounting across a background save, SCHEDULE, MISCONF's condition.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { InternalClient } from '../../../src/testing/internal-client.js';
import { Clock } from '../../../src/util/clock.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsredis-snapshots-unit-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function newServer(options: Record<string, string> = {}, inDir = dir): { server: Server; client: InternalClient; clock: Clock } {
  const clock = new Clock();
  clock.freeze();
  const config = Config.fromObject({ dir: inDir, save: '', loglevel: 'warning', 'enable-protected-configs': 'yes', ...options });
  const server = new Server(config, { clock, logSink: () => undefined });
  return { server, client: new InternalClient(server), clock };
}

describe('save points (serverCron)', () => {
  it('start a BGSAVE once some point has both enough changes and enough seconds', async () => {
    const { server, client, clock } = newServer({ save: '100 5 10 50' });
    for (let i = 0; i < 4; i++) client.run('SET', `k${i}`, 'v');
    clock.advance(101_000);
    server.cron();
    expect(server.snapshots.inProgress).toBe(false); // 4 < 5 changes
    client.run('SET', 'k4', 'v');
    server.cron();
    expect(server.snapshots.inProgress).toBe(true);
    await server.snapshots.running;
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    expect(server.dirty).toBe(0);
    // The second point: 50 changes in 10 seconds.
    for (let i = 0; i < 50; i++) client.run('SET', `x${i}`, 'v');
    clock.advance(5_000);
    server.cron();
    expect(server.snapshots.inProgress).toBe(false); // not yet 10 s since the last save
    clock.advance(6_000);
    server.cron();
    expect(server.snapshots.inProgress).toBe(true);
    await server.snapshots.running;
  });

  it('after a failed BGSAVE, wait CONFIG_BGSAVE_RETRY_DELAY (5 s) before trying again', async () => {
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const { server, client, clock } = newServer({ save: '1 1' }, gone);
    rmSync(gone, { recursive: true });
    client.run('SET', 'k', 'v');
    clock.advance(2_000);
    server.cron();
    await server.snapshots.running;
    expect(server.snapshots.lastBgsaveStatus).toBe('err');
    expect(server.snapshots.saves).toBe(1);
    clock.advance(3_000);
    server.cron();
    expect(server.snapshots.inProgress).toBe(false);
    clock.advance(3_000);
    server.cron();
    expect(server.snapshots.inProgress).toBe(true);
    await server.snapshots.running;
    expect(server.snapshots.saves).toBe(2);
  });

  it('writes made during a BGSAVE stay counted as unsaved after it succeeds', async () => {
    const { server, client } = newServer();
    for (let i = 0; i < 3_000; i++) client.run('SET', `k${i}`, 'v');
    expect(server.dirty).toBe(3_000);
    server.snapshots.startBackgroundSave();
    client.run('SET', 'during', '1');
    client.run('SET', 'during2', '1');
    await server.snapshots.running;
    expect(server.dirty).toBe(2);
  });

  it('a BGSAVE scheduled inside EXEC starts at the next cron tick', async () => {
    const { server, client } = newServer();
    client.run('SET', 'k', 'v');
    expect(server.snapshots.bgsave(false, true)).toBe('Background saving scheduled');
    expect(server.snapshots.inProgress).toBe(false);
    server.cron();
    expect(server.snapshots.inProgress).toBe(true);
    await server.snapshots.running;
    expect(server.snapshots.bgsaveScheduled).toBe(false);
  });

  it('MISCONF needs a failed BGSAVE, save points and stop-writes-on-bgsave-error', () => {
    const { server, client } = newServer({ save: '3600 1' });
    expect(server.snapshots.writesDenied).toBe(false);
    server.snapshots.lastBgsaveStatus = 'err';
    expect(server.snapshots.writesDenied).toBe(true);
    client.run('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
    expect(server.snapshots.writesDenied).toBe(false);
    client.run('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes');
    client.run('CONFIG', 'SET', 'save', '');
    expect(server.snapshots.writesDenied).toBe(false);
  });
});
