// appendfsync, observed from inside the process: fs's fsync calls and the server's socket writes
// are recorded in order, so "always fsyncs before the reply leaves" is checked directly.

import { afterEach, describe, expect, it } from 'vitest';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/index.js';
import { spawn } from 'node:child_process';
import { RawClient, rawReply, requireProgram } from '../helpers/server.js';
import { createString } from '../../src/datatypes/string/string-type.js';

const events: string[] = [];
const originals = { fdatasyncSync: fs.fdatasyncSync, fdatasync: fs.fdatasync, writeSync: fs.writeSync, write: Socket.prototype.write };
let server: RunningServer | undefined;
let dir: string | undefined;
let client: RawClient | undefined;

/** Record fdatasync (sync and async) and every socket write whose bytes are a reply to our marker key. */
function instrument(): void {
  fs.fdatasyncSync = ((fd: number) => {
    events.push('fsync');
    originals.fdatasyncSync(fd);
  }) as typeof fs.fdatasyncSync;
  fs.fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
    events.push('fsync-async');
    originals.fdatasync(fd, cb);
  }) as typeof fs.fdatasync;
  syncBuiltinESMExports();
  Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    const [chunk] = args;
    if (Buffer.isBuffer(chunk) && chunk.toString('latin1').startsWith(':')) events.push(`reply ${chunk.toString('latin1').split('\r\n')[0] ?? ''}`);
    return originals.write.apply(this, args);
  } as Socket['write'];
}

afterEach(async () => {
  fs.fdatasyncSync = originals.fdatasyncSync;
  fs.fdatasync = originals.fdatasync;
  fs.writeSync = originals.writeSync;
  syncBuiltinESMExports();
  Socket.prototype.write = originals.write;
  client?.socket.destroy();
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  events.length = 0;
});

async function setup(fsync: string): Promise<RawClient> {
  dir = mkdtempSync(join(tmpdir(), 'tsredis-aof-fsync-'));
  server = await startServer({ port: 0, bind: '127.0.0.1', dir, appendonly: 'yes', appendfsync: fsync }, { logSink: () => {} });
  client = await RawClient.connect(server.port);
  instrument();
  return client;
}

describe('appendfsync', () => {
  it('always: the AOF is fsynced before each reply is written to the socket', async () => {
    const c = await setup('always');
    await rawReply(c, 'INCR', 'n');
    await rawReply(c, 'INCR', 'n');
    await rawReply(c, 'GET', 'n');
    expect(events).toEqual(['fsync', 'reply :1', 'fsync', 'reply :2']);
  });

  it.runIf(requireProgram('redis-benchmark', 'sudo apt-get install -y redis-tools'))('always: clients served in the same event-loop turn share one fsync (group commit)', async () => {
    await setup('always');
    events.length = 0;
    // 20 connections from another process, each INCR waiting for its reply before the next.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('redis-benchmark', ['-p', String(server?.port), '-c', '20', '-n', '2000', '-t', 'incr', '-q'], { stdio: 'ignore' });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    const fsyncs = events.filter((e) => e === 'fsync').length;
    expect(await new Promise((r) => setImmediate(() => r(server?.server.keyspace.db(0).size)))).toBe(1);
    // Without group commit every INCR would cost its own fsync (2000); with it, many share one.
    expect(fsyncs).toBeGreaterThan(0);
    expect(fsyncs).toBeLessThan(1000);
  });

  it('always with CLIENT REPLY OFF: replies produced before it still go out, after their fsync', async () => {
    const c = await setup('always');
    c.write('INCR a\r\nCLIENT REPLY OFF\r\nINCR a\r\nCLIENT REPLY ON\r\nINCR a\r\n');
    expect((await c.readUntil(':3\r\n')).toString('latin1')).toBe(':1\r\n+OK\r\n:3\r\n');
    expect(events[0]).toBe('fsync');
  });

  it('everysec: replies go out at once; a timer fsyncs within about a second, off the main thread', async () => {
    const c = await setup('everysec');
    await rawReply(c, 'INCR', 'n');
    expect(events).toEqual(['reply :1']);
    const deadline = Date.now() + 2_500;
    while (!events.includes('fsync-async') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['reply :1', 'fsync-async']);
  });

  it('no-appendfsync-on-rewrite yes: no fsync while a background writer runs, then fsync again', async () => {
    const c = await setup('always');
    await rawReply(c, 'CONFIG', 'SET', 'no-appendfsync-on-rewrite', 'yes');
    const db = server?.server.keyspace.db(0);
    for (let i = 0; i < 100_000; i++) db?.set(`key:${i}`, createString('v'));
    expect(await rawReply(c, 'BGSAVE')).toBe('+Background saving started\r\n');
    events.length = 0;
    await rawReply(c, 'INCR', 'n');
    expect(server?.server.snapshots.inProgress).toBe(true);
    expect(events).toEqual(['reply :1']);
    await server?.server.snapshots.running;
    events.length = 0;
    await rawReply(c, 'INCR', 'n');
    expect(events).toEqual(['fsync', 'reply :2']);
  });

  it('no: never fsyncs', async () => {
    const c = await setup('no');
    await rawReply(c, 'INCR', 'n');
    await new Promise((r) => setTimeout(r, 1_300));
    expect(events).toEqual(['reply :1']);
  });

  it('a failed AOF write (disk full) refuses writes and PING with MISCONF until a retry succeeds', async () => {
    const c = await setup('everysec');
    // The disk fills up in the middle of a write: half of it lands, then ENOSPC.
    let calls = 0;
    fs.writeSync = ((fd: number, buffer: Buffer, offset?: number, length?: number) => {
      if (calls++ === 0) return originals.writeSync(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync;
    syncBuiltinESMExports();
    // Texts read off redis-server 7.0.15 on a full tmpfs.
    expect(await rawReply(c, 'SET', 'a', 'first')).toBe('+OK\r\n');
    expect(await rawReply(c, 'SET', 'b', '2')).toBe('-MISCONF Errors writing to the AOF file: No space left on device\r\n');
    expect(await rawReply(c, 'PING')).toBe('-MISCONF Errors writing to the AOF file: No space left on device\r\n');
    expect(await rawReply(c, 'GET', 'a')).toBe('$5\r\nfirst\r\n');
    expect(await rawReply(c, 'INFO', 'persistence')).toContain('aof_last_write_status:err\r\n');
    // Space again: the timer retries the write (the half written before was cut off first).
    fs.writeSync = originals.writeSync;
    syncBuiltinESMExports();
    const deadline = Date.now() + 2_500;
    while ((await rawReply(c, 'SET', 'b', '2')) !== '+OK\r\n' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await rawReply(c, 'INFO', 'persistence')).toContain('aof_last_write_status:ok\r\n');
    c.socket.destroy();
    client = undefined;
    await server?.close();
    server = await startServer({ port: 0, bind: '127.0.0.1', dir: dir ?? '', appendonly: 'yes' }, { logSink: () => {} });
    const again = await RawClient.connect(server.port);
    client = again;
    expect(await rawReply(again, 'MGET', 'a', 'b')).toBe('*2\r\n$5\r\nfirst\r\n$1\r\n2\r\n');
  });
});
