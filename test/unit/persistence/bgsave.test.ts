// BackgroundSave without sockets: the copy-on-write guard follows values by identity (RENAME, MOVE,
// SWAPDB), is one null check when no save runs, and an aborted save leaves the old file alone.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config.js';
import { loadRdbFile } from '../../../src/persistence/startup.js';
import { Server } from '../../../src/server/server.js';
import { DatabaseView } from '../../../src/testing/inspect.js';
import { InternalClient } from '../../../src/testing/internal-client.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsredis-bgsave-unit-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function newServer(inDir = dir): { server: Server; client: InternalClient } {
  const server = new Server(Config.fromObject({ dir: inDir, save: '', loglevel: 'warning' }), { logSink: () => undefined });
  return { server, client: new InternalClient(server) };
}

/** What the file on disk holds, read back into a fresh server. */
function loadFile(): Server {
  const { server } = newServer();
  loadRdbFile(server, server.snapshots, join(dir, 'dump.rdb'));
  return server;
}

describe('BackgroundSave copy-on-write', () => {
  it('keeps the value as it was at the start through RENAME, MOVE and SWAPDB followed by writes in place', async () => {
    const { server, client } = newServer();
    client.run('RPUSH', 'list', 'a', 'b');
    client.run('HSET', 'hash', 'f', '1');
    client.run('SADD', 'set', 'x');
    client.run('SELECT', '1');
    client.run('ZADD', 'zset', '1', 'm');
    client.run('SELECT', '0');

    server.snapshots.startBackgroundSave();
    client.run('RENAME', 'list', 'moved');
    client.run('RPUSH', 'moved', 'c');
    client.run('MOVE', 'hash', '2');
    client.run('SELECT', '2');
    client.run('HSET', 'hash', 'f', '2');
    client.run('SELECT', '0');
    client.run('SWAPDB', '0', '1');
    client.run('ZADD', 'zset', '5', 'm', '6', 'n'); // db 0 now holds what was db 1
    client.run('SELECT', '1');
    client.run('SADD', 'set', 'y');
    await server.snapshots.running;

    const loaded = loadFile();
    const db0 = new DatabaseView(loaded, 0);
    expect(db0.get('list')).toEqual(['a', 'b']);
    expect(db0.get('hash')).toEqual({ f: '1' });
    expect(db0.get('set')).toEqual(['x']);
    expect(db0.has('moved')).toBe(false);
    expect(new DatabaseView(loaded, 1).get('zset')).toEqual([['m', 1]]);
    expect(loaded.keyspace.db(2).size).toBe(0);
    // Each value was copied once, when the first write reached it.
    expect(server.snapshots.lastCopiedValues).toBe(4);
  });

  it('installs the guard only while a save runs', async () => {
    const { server, client } = newServer();
    client.run('SET', 'k', 'v');
    expect(server.keyspace.dbs.every((db) => db.writeGuard === null)).toBe(true);
    server.snapshots.startBackgroundSave();
    expect(server.keyspace.dbs.every((db) => db.writeGuard !== null)).toBe(true);
    await server.snapshots.running;
    expect(server.keyspace.dbs.every((db) => db.writeGuard === null)).toBe(true);
  });

  it('an aborted save removes its temp file and leaves the previous dump.rdb as it was', async () => {
    const { server, client } = newServer();
    client.run('SET', 'old', '1');
    expect(server.snapshots.saveSync()).toBe(true);
    const previous = readFileSync(join(dir, 'dump.rdb'));
    for (let i = 0; i < 5_000; i++) client.run('SET', `k${i}`, 'x'.repeat(100));
    server.snapshots.startBackgroundSave();
    const done = server.snapshots.running;
    server.snapshots.abortBackgroundSave();
    await done;
    expect(server.snapshots.inProgress).toBe(false);
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(readFileSync(join(dir, 'dump.rdb')).equals(previous)).toBe(true);
    expect(server.snapshots.lastBgsaveStatus).toBe('ok');
  });

  it('abort removes the temp file at once, so a process exiting right after leaves nothing behind', async () => {
    const { server, client } = newServer();
    for (let i = 0; i < 20_000; i++) client.run('SET', `k${i}`, 'x'.repeat(100));
    server.snapshots.startBackgroundSave();
    const done = server.snapshots.running;
    // Wait until the file is open and the first keys are written.
    while (server.snapshots.infoFields().find(([name]) => name === 'current_save_keys_processed')?.[1] === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(readdirSync(dir)).toHaveLength(1);
    server.snapshots.abortBackgroundSave();
    expect(readdirSync(dir)).toEqual([]);
    await done;
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed save reports err and keeps the changes counted as unsaved', async () => {
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const { server, client } = newServer(gone);
    rmSync(gone, { recursive: true });
    client.run('SET', 'k', 'v');
    server.snapshots.startBackgroundSave();
    await server.snapshots.running;
    expect(server.snapshots.lastBgsaveStatus).toBe('err');
    expect(server.dirty).toBe(1);
    expect(existsSync(gone)).toBe(false);
  });

  it('a save started right after an abandoned one is not disturbed by its clean-up', async () => {
    const { server, client } = newServer();
    for (let i = 0; i < 5_000; i++) client.run('SET', `k${i}`, 'x'.repeat(100));
    server.snapshots.startBackgroundSave();
    const first = server.snapshots.running;
    server.snapshots.abortBackgroundSave();
    server.snapshots.startBackgroundSave();
    await Promise.all([first, server.snapshots.running]);
    expect(server.snapshots.lastBgsaveStatus).toBe('ok');
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
    expect(loadFile().keyspace.db(0).size).toBe(5_000);
  });
});
