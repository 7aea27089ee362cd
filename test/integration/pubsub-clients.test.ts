// Pub/Sub with real clients and under load: ioredis and node-redis subscribers, keyspace notifications of
// expired keys, client-output-buffer-limit for slow subscribers, and single-connection scripts compared byte
// for byte with a real redis-server 7.0 (the frames themselves are in pubsub.test.ts).

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer } from '../../src/index.js';
import { RawClient, resp, startTestServer, type RunningServer } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useServerPool, useTsredis } from '../helpers/side-by-side.js';
import { expectPushed, expectReply, expectSilence, waitUntil } from './pubsub-expect.js';

const ours = useTsredis({ raw: false });

describe('clients', () => {
  it('ioredis: subscribe, psubscribe, message and pmessage events, binary payloads', async () => {
    const sub = new Redis(ours.port, '127.0.0.1');
    const pub = new Redis(ours.port, '127.0.0.1');
    const events: string[] = [];
    const buffers: Buffer[] = [];
    sub.on('message', (channel: string, message: string) => events.push(`message ${channel} ${message}`));
    sub.on('pmessage', (pattern: string, channel: string, message: string) => events.push(`pmessage ${pattern} ${channel} ${message}`));
    sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => buffers.push(message));
    expect(await sub.subscribe('io.news', 'io.sport')).toBe(2);
    expect(await sub.psubscribe('io.*')).toBe(3);
    expect(await pub.publish('io.news', 'hello')).toBe(2);
    expect(await pub.publish('io.weather', 'rain')).toBe(1);
    expect(await pub.publish('io.sport', Buffer.from([0xff, 0x00]))).toBe(2);
    await waitUntil(() => events.length === 5);
    expect(events).toEqual([
      'message io.news hello',
      'pmessage io.* io.news hello',
      'pmessage io.* io.weather rain',
      `message io.sport ${Buffer.from([0xff, 0x00]).toString()}`,
      `pmessage io.* io.sport ${Buffer.from([0xff, 0x00]).toString()}`,
    ]);
    expect(buffers.at(-1)).toEqual(Buffer.from([0xff, 0x00]));
    expect(await pub.pubsub('NUMSUB', 'io.news')).toEqual(['io.news', 1]);
    // ioredis allows PING in subscriber mode and turns the ["pong", ""] frame back into PONG.
    expect(await sub.ping()).toBe('PONG');
    expect(await sub.ping('hey')).toBe('hey');
    // (ioredis waits forever on a bare UNSUBSCRIBE from several channels, against Redis too: name them.)
    expect(await sub.unsubscribe('io.news', 'io.sport')).toBe(1);
    expect(await sub.punsubscribe('io.*')).toBe(0);
    expect(await sub.get('io.news')).toBeNull();
    sub.disconnect();
    pub.disconnect();
  });

  it('node-redis RESP3: subscribe with a listener, and ordinary commands on the same connection', async () => {
    const sub = createClient({ url: ours.running.url, RESP: 3 });
    const pub = createClient({ url: ours.running.url });
    await sub.connect();
    await pub.connect();
    const got: string[] = [];
    await sub.subscribe('nr.chan', (message, channel) => got.push(`${channel}:${message}`));
    await sub.pSubscribe('nr.*', (message, channel) => got.push(`p ${channel}:${message}`));
    // RESP3: the subscribed connection still runs any command.
    expect(await sub.set('nr.key', 'v')).toBe('OK');
    expect(await sub.get('nr.key')).toBe('v');
    expect(await pub.publish('nr.chan', 'hello')).toBe(2);
    await waitUntil(() => got.length === 2);
    expect(got).toEqual(['nr.chan:hello', 'p nr.chan:hello']);
    await sub.unsubscribe('nr.chan');
    expect(await pub.publish('nr.chan', 'again')).toBe(1);
    await waitUntil(() => got.length === 3);
    expect(got[2]).toBe('p nr.chan:again');
    await sub.quit();
    await pub.quit();
  });
});

describe('keyspace notifications', () => {
  it('an expired key publishes `expired` on __keyspace@<db>__ and __keyevent@<db>__ when x is enabled', async () => {
    const own = await startTestServer({ 'notify-keyspace-events': 'KEx' });
    const sub = await RawClient.connect(own.port);
    const cmd = new Redis(own.port, '127.0.0.1');
    await sub.roundTrip(resp('PSUBSCRIBE', '__key*__:*'), ':1\r\n');
    own.clock.freeze();
    await cmd.select(2);
    expect(await cmd.set('k', 'v', 'PX', 100)).toBe('OK');
    await expectSilence(sub);
    // Moving the frozen clock past the TTL expires the key at once.
    own.clock.advance(101);
    await expectPushed(
      sub,
      '*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$16\r\n__keyspace@2__:k\r\n$7\r\nexpired\r\n' +
        '*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$22\r\n__keyevent@2__:expired\r\n$1\r\nk\r\n',
    );
    // Only the enabled channel kind, and nothing for a disabled class.
    await cmd.config('SET', 'notify-keyspace-events', 'Ex');
    await cmd.set('k2', 'v', 'PX', 10);
    own.clock.advance(11);
    await expectPushed(sub, '*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$22\r\n__keyevent@2__:expired\r\n$2\r\nk2\r\n');
    // With only the list class enabled, neither SET PX's events nor the expiry are published.
    await cmd.config('SET', 'notify-keyspace-events', 'KEl');
    await cmd.set('k3', 'v', 'PX', 10);
    own.clock.advance(11);
    await expectSilence(sub);
    expect(await cmd.exists('k3')).toBe(0);
    sub.close();
    cmd.disconnect();
    await own.close();
  });

  it('a RESP3 subscriber gets the expired push ahead of the null reply to its own GET', async () => {
    const own = await startTestServer({ 'notify-keyspace-events': 'Ex' });
    const raw = await RawClient.connect(own.port);
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    await raw.roundTrip(resp('SUBSCRIBE', '__keyevent@0__:expired'), ':1\r\n');
    await expectReply(raw, ['SET', 'k', 'v', 'PX', '1'], '+OK\r\n');
    await new Promise((r) => setTimeout(r, 5));
    // Whether the GET's lazy expiry or the cron got there first, the push precedes the null reply.
    await expectReply(raw, ['GET', 'k'], '>3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n_\r\n');
    raw.close();
    await own.close();
  });
});

describe('client-output-buffer-limit', () => {
  /** A server whose log lines (the expected "closed ASAP" warnings) are kept out of the test output. */
  const quietServer = (options: Record<string, string | number>): Promise<RunningServer> =>
    startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning', ...options }, { logSink: () => undefined });
  const BIG = Buffer.alloc(64 * 1024, 0x78);
  const COUNT = 250; // 16 MB: more than loopback's kernel buffers can hide

  it('disconnects a subscriber that stops reading once it passes the pubsub hard limit; others carry on', async () => {
    const logs: string[] = [];
    const own = await startServer(
      { port: 0, bind: '127.0.0.1', loglevel: 'warning', 'client-output-buffer-limit': 'pubsub 1mb 0 0' },
      { logSink: (line) => logs.push(line) },
    );
    const stuck = await RawClient.connect(own.port);
    await stuck.roundTrip(resp('SUBSCRIBE', 'big'), ':1\r\n');
    stuck.socket.pause(); // never reads again
    // Another subscriber, on another channel (a reader in this same process could itself fall
    // behind a 16 MB flood on a busy machine, which is the very thing being tested).
    const other = new Redis(own.port, '127.0.0.1');
    const received: string[] = [];
    other.on('message', (_channel: string, message: string) => received.push(message));
    await other.subscribe('small');
    const pub = new Redis(own.port, '127.0.0.1');
    const results = await pub.pipeline(Array.from({ length: COUNT }, () => ['publish', 'big', BIG])).exec();
    const counts = (results ?? []).map(([, n]) => n as number);
    expect(counts).toHaveLength(COUNT);
    expect(counts[0]).toBe(1);
    // Once closed it is no longer a receiver.
    expect(counts.at(-1)).toBe(0);
    expect(await pub.pubsub('NUMSUB', 'big')).toEqual(['big', 0]);
    expect(logs.some((l) => /# Client id=\d+ .* flags=P .*sub=1 .* scheduled to be closed ASAP for overcoming of output buffer limits\./.test(l))).toBe(true);
    // The publisher, the other subscriber and everyone else carry on.
    expect(await pub.publish('small', 'still here')).toBe(1);
    await waitUntil(() => received.length === 1);
    expect(received).toEqual(['still here']);
    expect(await pub.set('after', '1')).toBe('OK');
    other.disconnect();
    pub.disconnect();
    stuck.close();
    await own.close();
  });

  it('the soft limit disconnects only after it held for more than soft-seconds (checked by the cron)', async () => {
    const own = await quietServer({ 'client-output-buffer-limit': 'pubsub 0 512kb 5', hz: 100 });
    own.clock.freeze();
    const stuck = await RawClient.connect(own.port);
    await stuck.roundTrip(resp('SUBSCRIBE', 'big'), ':1\r\n');
    stuck.socket.pause();
    const pub = new Redis(own.port, '127.0.0.1');
    await pub.pipeline(Array.from({ length: COUNT }, () => ['publish', 'big', BIG])).exec();
    // Above the soft limit, but not yet for long enough.
    await new Promise((r) => setTimeout(r, 100));
    expect(await pub.pubsub('NUMSUB', 'big')).toEqual(['big', 1]);
    own.clock.advance(5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(await pub.pubsub('NUMSUB', 'big')).toEqual(['big', 1]);
    own.clock.advance(1000);
    await waitUntil(async () => ((await pub.pubsub('NUMSUB', 'big')) as unknown[])[1] === 0);
    pub.disconnect();
    stuck.close();
    await own.close();
  });

  it('normal clients are unlimited by default, and limited when configured', async () => {
    const own = await quietServer({});
    const client = await RawClient.connect(own.port);
    const value = 'v'.repeat(300 * 1024);
    await expectReply(client, ['SET', 'k', value], '+OK\r\n');
    const reply = `$${value.length}\r\n${value}\r\n`;
    await expectReply(client, ['GET', 'k'], reply);
    await expectReply(client, ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 100kb 0 0'], '+OK\r\n');
    client.write(resp('GET', 'k'));
    expect(await client.waitClosed()).toBe(true);
    await own.close();
  });
});

// --- Differential: the same single-connection scripts against a real redis-server ---

describe.runIf(haveRedisServer())('byte-for-byte against redis-server 7.0', () => {
  const real = useRealRedis({ raw: false });
  const pool = useServerPool();

  /** Run commands one at a time, collecting what each one answered. */
  async function transcript(port: number, script: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<string[]> {
    const raw = await RawClient.connect(port);
    const out: string[] = [];
    for (const argv of script) {
      raw.write(resp(...argv));
      // Each step's answer is complete once nothing more arrives for a moment.
      let got = '';
      for (;;) {
        const chunk = (await raw.readBytes(1, got === '' ? 500 : 30)).toString('latin1');
        if (chunk === '') break;
        got += chunk;
      }
      out.push(got.replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:ID\r\n'));
    }
    raw.close();
    return out;
  }

  const SCRIPTS: Record<string, ReadonlyArray<ReadonlyArray<string | Buffer>>> = {
    'RESP2 subscribed context': [
      ['SUBSCRIBE', 'a', 'b', 'a'], ['PSUBSCRIBE', 'p*', 'a'], ['PING'], ['PING', 'x'], ['GET', 'x'],
      ['CONFIG', 'GET', 'maxmemory'], ['MULTI'], ['NOSUCH'], ['GET'], ['UNSUBSCRIBE', 'a', 'b'], ['PUNSUBSCRIBE', 'p*', 'a'],
      ['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['PING'], ['SSUBSCRIBE', 's', 's'], ['SUNSUBSCRIBE', 's', 't'],
      ['SUBSCRIBE', Buffer.from([0xff, 0x00])], ['RESET'], ['PING'],
    ],
    'RESP3 pushes and self-publishing': [
      // One pattern at a time: Redis serves several patterns in its dict's (random) hash order.
      ['HELLO', '3'], ['SUBSCRIBE', 'a'], ['PSUBSCRIBE', 'a*'], ['SSUBSCRIBE', 's1'], ['PING'], ['GET', 'x'],
      ['PUBLISH', 'a', 'hi'], ['SPUBLISH', 's1', 'yo'], ['UNSUBSCRIBE', 'a'], ['PUNSUBSCRIBE', 'a*'], ['PSUBSCRIBE', '*'],
      ['PUBLISH', '', 'empty'], ['PUBLISH', 'b', 'bee'], ['PUNSUBSCRIBE'], ['UNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['HELLO', '2'], ['PING'],
    ],
    'CLIENT REPLY OFF and pushes': [
      ['CLIENT', 'REPLY', 'OFF'], ['SUBSCRIBE', 'ch'], ['PING'], ['RESET'], ['PING'], ['HELLO', '3'],
      ['CLIENT', 'REPLY', 'SKIP'], ['SUBSCRIBE', 'ch'], ['PUBLISH', 'ch', 'x'], ['CLIENT', 'REPLY', 'OFF'],
      ['PUBLISH', 'ch', 'y'], ['UNSUBSCRIBE'], ['GET', 'a'], ['CLIENT', 'REPLY', 'ON'],
    ],
    'transactions and PUBSUB': [
      ['MULTI'], ['SUBSCRIBE', 'a', 'b'], ['SSUBSCRIBE', 's'], ['EXEC'], ['RESET'],
      ['PUBSUB', 'HELP'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'CHANNELS', 'zz*'],
      ['PUBSUB', 'SHARDNUMSUB', 'x'], ['PUBSUB', 'FOO'], ['PUBSUB', 'CHANNELS', 'a', 'b'], ['PUBSUB', 'NUMPAT', 'x'],
      ['PUBLISH', 'nobody', 'x'], ['SPUBLISH', 'nobody', 'x'],
    ],
  };

  it.each(Object.keys(SCRIPTS))('%s', async (name) => {
    const script = SCRIPTS[name] as ReadonlyArray<ReadonlyArray<string | Buffer>>;
    const own = await pool.tsredis();
    expect(await transcript(own.port, script)).toEqual(await transcript(real.port, script));
  });
});
