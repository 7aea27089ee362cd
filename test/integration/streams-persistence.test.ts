// Streams in Redis's own formats, checked against a real redis-server 7.0.15: DUMP payloads move
// both ways (RDB type 19: nodes, metadata, groups, PELs, consumers), RDB files we write pass
// redis-check-rdb and load in Redis, DEBUG RELOAD keeps everything, and the AOF holds what Redis
// writes for the same commands.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PointInTimeView, type FrozenDb } from '../../src/persistence/point-in-time.js';
import { encodeRdb } from '../../src/persistence/rdb/rdb-writer.js';
import { RawClient, rawReply, requireProgram, resp, startRealRedis } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const haveRedis = haveRedisServer();
const ours = useTsredis({ tempDir: 'tsredis-streams-', config: { 'enable-debug-command': 'yes' } });
const real = useRealRedis({ when: haveRedis });

function run(program: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** A stream with a few nodes, deletions, a XSETID, two groups with PELs and an idle consumer. */
const BUILD = [
  ...Array.from({ length: 230 }, (_, i) => `XADD s ${i + 1}-${i % 3} f${i % 2} v${i} n ${i * 7}`),
  'XADD s 231-0 other 1 fields 2',
  'XDEL s 5-1 100-0 150-2',
  'XTRIM s MAXLEN 220',
  'XGROUP CREATE s g1 0',
  'XGROUP CREATE s g2 $ ENTRIESREAD 231',
  'XREADGROUP GROUP g1 alice COUNT 5 STREAMS s >',
  'XREADGROUP GROUP g1 bob COUNT 3 STREAMS s >',
  'XGROUP CREATECONSUMER s g1 idle',
  'XGROUP CREATECONSUMER s g2 zed',
  'XCLAIM s g1 carol 0 16-0 TIME 1700000000000 RETRYCOUNT 4',
  'XADD empty 1-1 a b',
  'XDEL empty 1-1',
  'XGROUP CREATE empty g $',
];

async function build(client: RawClient): Promise<void> {
  await rawReply(client, 'FLUSHALL');
  for (const line of BUILD) await rawReply(client, ...line.split(' '));
}

/** XINFO STREAM FULL of a key: clock readings in it are stored values, so both sides agree. */
async function fullInfo(client: RawClient, key: string): Promise<string> {
  return rawReply(client, 'XINFO', 'STREAM', key, 'FULL', 'COUNT', '0');
}

describe.skipIf(!haveRedis)('streams in DUMP payloads, RDB files and the AOF, against redis-server 7.0.15', () => {
  it('DUMP from Redis restores here to the same stream, groups, PELs and consumers', async () => {
    await build(real.raw);
    for (const key of ['s', 'empty']) {
      const dumpReply = await rawReply(real.raw, 'DUMP', key);
      const payload = bulkBody(dumpReply);
      await rawReply(ours.raw, 'DEL', key);
      expect(await rawReply(ours.raw, 'RESTORE', key, '0', payload)).toBe('+OK\r\n');
      expect(await fullInfo(ours.raw, key)).toBe(await fullInfo(real.raw, key));
      for (const tail of [[], ['COUNT', '3']]) {
        const argv = ['XINFO', 'STREAM', key, 'FULL', ...tail];
        expect(await rawReply(ours.raw, ...argv), argv.join(' ')).toBe(await rawReply(real.raw, ...argv));
      }
      expect(await rawReply(ours.raw, 'XINFO', 'STREAM', key)).toBe(await rawReply(real.raw, 'XINFO', 'STREAM', key));
      expect(await rawReply(ours.raw, 'XINFO', 'GROUPS', key)).toBe(await rawReply(real.raw, 'XINFO', 'GROUPS', key));
      expect(await rawReply(ours.raw, 'XRANGE', key, '-', '+')).toBe(await rawReply(real.raw, 'XRANGE', key, '-', '+'));
    }
    // The restored nodes keep Redis's boundaries: approximate trims remove the same entries.
    expect(await rawReply(ours.raw, 'XTRIM', 's', 'MAXLEN', '~', '50')).toBe(await rawReply(real.raw, 'XTRIM', 's', 'MAXLEN', '~', '50'));
  });

  it('DUMP from here restores in Redis (with sanitize-dump-payload) to the same stream', async () => {
    await build(ours.raw);
    await rawReply(real.raw, 'CONFIG', 'SET', 'sanitize-dump-payload', 'yes');
    for (const key of ['s', 'empty']) {
      const payload = bulkBody(await rawReply(ours.raw, 'DUMP', key));
      await rawReply(real.raw, 'DEL', key);
      expect(await rawReply(real.raw, 'RESTORE', key, '0', payload)).toBe('+OK\r\n');
      expect(await fullInfo(real.raw, key)).toBe(await fullInfo(ours.raw, key));
    }
    await rawReply(real.raw, 'CONFIG', 'SET', 'sanitize-dump-payload', 'no');
  });

  it('writes RDB files that redis-check-rdb accepts and Redis loads', async () => {
    await build(ours.raw);
    const keyspace = ours.server.keyspace;
    const file = encodeRdb(
      keyspace.dbs.map((db) => ({
        index: db.index,
        size: [...db.keys()].length,
        expiresSize: 0,
        entries: [...db.entries()].map(([key, value]) => [key, value, db.getExpire(key)] as const),
      })),
      { compression: true, checksum: true },
    );
    const path = join(ours.dir, 'streams.rdb');
    writeFileSync(path, file);
    if (requireProgram('redis-check-rdb', 'apt-get install redis-tools')) {
      const check = await run('redis-check-rdb', [path]);
      expect(check.output).toContain('RDB looks OK');
    }
    const loaded = await startRealRedis(['--dir', ours.dir, '--dbfilename', 'streams.rdb', '--sanitize-dump-payload', 'yes']);
    const client = await RawClient.connect(loaded.port);
    try {
      expect(await fullInfo(client, 's')).toBe(await fullInfo(ours.raw, 's'));
      expect(await fullInfo(client, 'empty')).toBe(await fullInfo(ours.raw, 'empty'));
    } finally {
      client.socket.destroy();
      await loaded.stop();
    }
  });

  it('DEBUG RELOAD keeps streams as they were', async () => {
    await build(ours.raw);
    const before = await fullInfo(ours.raw, 's');
    expect(await rawReply(ours.raw, 'DEBUG', 'RELOAD')).toBe('+OK\r\n');
    expect(await fullInfo(ours.raw, 's')).toBe(before);
    expect(await rawReply(ours.raw, 'TYPE', 's')).toBe('+stream\r\n');
  });

  it('the AOF holds what Redis 7.0.15 writes for the same stream commands', async () => {
    const commands = [
      'XADD a 1-1 f 1', 'XADD a 2-* f 2', 'XADD a 2-* f 3',
      ...Array.from({ length: 150 }, (_, i) => `XADD a ${i + 10}-0 f v`),
      'XADD a MAXLEN ~ 60 500-0 f v', 'XTRIM a MINID ~ 200', 'XTRIM a MAXLEN ~ 1', 'XTRIM a MAXLEN = 40',
      'XADD a MINID ~ 600 LIMIT 10 600-* f v', 'XDEL a 600-0 1-1', 'XSETID a 700-0 ENTRIESADDED 999 MAXDELETEDID 600-0',
      'XADD a NOMKSTREAM 701-0 f v', 'XADD none NOMKSTREAM 1-1 f v',
      'XGROUP CREATE a g 0', 'XGROUP CREATE b g $ MKSTREAM', 'XGROUP SETID a g 400',
      'XREADGROUP GROUP g alice COUNT 2 STREAMS a >', 'XREADGROUP GROUP g bob NOACK COUNT 2 STREAMS a >',
      'XREADGROUP GROUP g bob COUNT 2 NOACK STREAMS a >', 'XREADGROUP GROUP g alice STREAMS a 0',
      'XREADGROUP GROUP g carol STREAMS a >', 'XACK a g 10-0', 'XGROUP CREATECONSUMER a g dave',
      'XGROUP DELCONSUMER a g dave', 'XGROUP DESTROY b g',
      // Served while blocked: logged as the XCLAIM of the delivered entry, as a direct read is.
      'XGROUP CREATE q g $ MKSTREAM', '&XREADGROUP GROUP g w BLOCK 0 STREAMS q >', 'XADD q 5-0 f v',
      '&XREAD BLOCK 0 STREAMS q $', 'XADD q 6-0 f v',
    ];
    const ourAof = await aofOf(ours.raw, ours.dir, commands);
    const theirDir = mkdtempSync(join(tmpdir(), 'tsredis-streams-real-'));
    const aofReal = await startRealRedis(['--dir', theirDir, '--appendonly', 'yes']);
    const c = await RawClient.connect(aofReal.port);
    try {
      const theirAof = await aofOf(c, theirDir, commands);
      expect(ourAof).toBe(theirAof);
    } finally {
      c.socket.destroy();
      await aofReal.stop();
      rmSync(theirDir, { recursive: true, force: true });
    }
  });
});

/** Run `commands` with appendonly on and return the incremental AOF's text (XCLAIM TIMEs masked). */
async function aofOf(client: RawClient, aofDir: string, commands: readonly string[]): Promise<string> {
  await rawReply(client, 'FLUSHALL');
  await rawReply(client, 'CONFIG', 'SET', 'appendonly', 'yes');
  await waitForRewrite(client);
  const base = readIncr(aofDir).length;
  // A line starting with '&' is sent by a second client that does not wait (it blocks).
  let waiter: RawClient | undefined;
  for (const line of commands) {
    if (line.startsWith('&')) {
      waiter ??= await RawClient.connect(client.socket.remotePort as number);
      waiter.write(resp(...line.slice(1).split(' ')));
      await new Promise((r) => setTimeout(r, 50));
    } else {
      await rawReply(client, ...line.split(' '));
    }
  }
  waiter?.close();
  await new Promise((r) => setTimeout(r, 1200));
  const text = readIncr(aofDir).slice(base);
  await rawReply(client, 'CONFIG', 'SET', 'appendonly', 'no');
  // Where the first SELECT lands depends on what the file held before: leave it out.
  return text.replace(/^\*2\r\n\$6\r\nSELECT\r\n\$1\r\n0\r\n/, '').replace(/\$13\r\n\d{13}\r\n/g, '$13\r\n<time>\r\n');
}

async function waitForRewrite(client: RawClient): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const info = await rawReply(client, 'INFO', 'persistence');
    if (info.includes('aof_rewrite_in_progress:0') && info.includes('aof_rewrite_scheduled:0')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readIncr(aofDir: string): string {
  const sub = join(aofDir, 'appendonlydir');
  const names = readdirSync(sub).filter((n) => n.endsWith('.incr.aof')).sort();
  const last = names[names.length - 1];
  return last === undefined ? '' : readFileSync(join(sub, last), 'latin1');
}

/** The body of a bulk string reply. */
function bulkBody(reply: string): Buffer {
  const crlf = reply.indexOf('\r\n');
  const length = Number(reply.slice(1, crlf));
  return Buffer.from(reply.slice(crlf + 2, crlf + 2 + length), 'latin1');
}

describe.skipIf(!haveRedis)('AOF rewrite of a stream', () => {
  it('the commands BGREWRITEAOF writes rebuild the same stream in redis-server 7.0.15', async () => {
    await build(ours.raw);
    const { streamRewriteCommands } = await import('../../src/datatypes/stream/stream-rewrite.js');
    await rawReply(real.raw, 'FLUSHALL');
    for (const key of ['s', 'empty']) {
      const obj = ours.server.keyspace.dbs[0]?.peek(key);
      if (obj?.type !== 'stream') throw new Error('expected a stream');
      for (const argv of streamRewriteCommands(key, obj)) {
        const reply = await rawReply(real.raw, ...argv.map((a) => Buffer.from(a, 'latin1')));
        expect(reply.startsWith('-'), `${argv.join(' ')} -> ${reply}`).toBe(false);
      }
      // Delivery times and seen times are carried by XCLAIM TIME and creation: compare what does not drift.
      for (const sub of [['XINFO', 'GROUPS', key], ['XRANGE', key, '-', '+'], ['XPENDING', key, 'g1']]) {
        expect(await rawReply(real.raw, ...sub), sub.join(' ')).toBe(await rawReply(ours.raw, ...sub));
      }
    }
  });
});

describe('streams under a running BGSAVE / BGREWRITEAOF', () => {
  it('the point-in-time view keeps the stream as it was, PEL commands included (they look keys up as reads)', async () => {
    await rawReply(ours.raw, 'FLUSHALL');
    for (const line of ['XADD p 1-1 a 1', 'XADD p 2-1 a 2', 'XGROUP CREATE p g 0', 'XREADGROUP GROUP g c COUNT 1 STREAMS p >']) {
      await rawReply(ours.raw, ...line.split(' '));
    }
    const view = new PointInTimeView(ours.server.keyspace);
    try {
      for (const line of ['XACK p g 1-1', 'XREADGROUP GROUP g c STREAMS p >', 'XCLAIM p g d 0 2-1', 'XADD p 3-1 a 3']) {
        await rawReply(ours.raw, ...line.split(' '));
      }
      const db = view.dbs.find((d) => d.index === 0) as FrozenDb;
      const frozen = view.take(db, db.keys.indexOf('p'));
      if (frozen.type !== 'stream') throw new Error('expected a stream');
      expect(frozen.length).toBe(2);
      const g = frozen.groups?.get('g');
      expect(g?.pel.map((n) => `${n.id.ms}-${n.id.seq}:${n.consumer.name}`)).toEqual(['1-1:c']);
      expect(`${g?.lastId.ms}-${g?.lastId.seq}`).toBe('1-1');
    } finally {
      view.release();
    }
  });
});
