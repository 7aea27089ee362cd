// Pub/Sub over TCP: the exact frames in RESP2 and RESP3 (read off redis-server 7.0.15), the RESP2
// subscribed context, PUBSUB introspection, sharded channels, ioredis and node-redis subscribers,
// keyspace notifications of expired keys, and client-output-buffer-limit for slow subscribers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer } from '../../src/index.js';
import { RawClient, requireProgram, resp, startRealRedis, startTestServer, type RealRedis, type RunningServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false });

/** Send one command and expect exactly these bytes back (nothing more, nothing less). */
async function expectReply(raw: RawClient, argv: ReadonlyArray<string | Buffer>, expected: string): Promise<void> {
  raw.write(resp(...argv));
  const got = await raw.readBytes(Buffer.byteLength(expected, 'latin1'));
  expect(got.toString('latin1')).toBe(expected);
}

/** Bytes that arrive without asking (published messages). */
async function expectPushed(raw: RawClient, expected: string): Promise<void> {
  const got = await raw.readBytes(Buffer.byteLength(expected, 'latin1'));
  expect(got.toString('latin1')).toBe(expected);
}

/** Nothing arrives within `ms`. */
async function expectSilence(raw: RawClient, ms = 50): Promise<void> {
  const got = await raw.readBytes(1, ms);
  expect(got.toString('latin1')).toBe('');
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const CONTEXT_ERROR = (name: string): string =>
  `-ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n`;

describe('RESP2 frames', () => {
  it('SUBSCRIBE confirms each channel with the running count, repeats included', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(
      raw,
      ['SUBSCRIBE', 'a', 'b', 'a'],
      '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n',
    );
    // Patterns count together with channels.
    await expectReply(
      raw,
      ['PSUBSCRIBE', 'p*', 'a'],
      '*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n*3\r\n$10\r\npsubscribe\r\n$1\r\na\r\n:4\r\n',
    );
    await expectReply(raw, ['UNSUBSCRIBE', 'b', 'zz'], '*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:3\r\n*3\r\n$11\r\nunsubscribe\r\n$2\r\nzz\r\n:3\r\n');
    await expectReply(
      raw,
      ['PUNSUBSCRIBE'],
      '*3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:2\r\n*3\r\n$12\r\npunsubscribe\r\n$1\r\na\r\n:1\r\n',
    );
    await expectReply(raw, ['UNSUBSCRIBE'], '*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n');
    raw.close();
  });

  it('UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE with nothing subscribed reply one frame with a nil channel', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['UNSUBSCRIBE'], '*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    await expectReply(raw, ['PUNSUBSCRIBE'], '*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n');
    await expectReply(raw, ['SUNSUBSCRIBE'], '*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n');
    // Not in pub/sub mode afterwards: any command runs.
    await expectReply(raw, ['PING'], '+PONG\r\n');
    raw.close();
  });

  it('message and pmessage frames, one per matching subscription, counted by PUBLISH', async () => {
    const sub = await RawClient.connect(ours.port);
    const pub = await RawClient.connect(ours.port);
    await expectReply(sub, ['SUBSCRIBE', 'news'], '*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n');
    await expectReply(sub, ['PSUBSCRIBE', 'n*', 'x*'], '*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:2\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\nx*\r\n:3\r\n');
    await expectReply(pub, ['PUBLISH', 'news', 'hello'], ':2\r\n');
    await expectPushed(
      sub,
      '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n',
    );
    await expectReply(pub, ['PUBLISH', 'nobody', 'x'], ':1\r\n');
    await expectPushed(sub, '*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$6\r\nnobody\r\n$1\r\nx\r\n');
    await expectReply(pub, ['PUBLISH', 'other', 'x'], ':0\r\n');
    await expectSilence(sub);
    sub.close();
    pub.close();
  });

  it('channels and messages are bytes, never decoded', async () => {
    const sub = await RawClient.connect(ours.port);
    const pub = await RawClient.connect(ours.port);
    const channel = Buffer.from([0xff, 0x00, 0xe9]);
    await expectReply(sub, ['SUBSCRIBE', channel], '*3\r\n$9\r\nsubscribe\r\n$3\r\n\xff\x00\xe9\r\n:1\r\n');
    await expectReply(pub, ['PUBLISH', channel, Buffer.from([0xc3, 0x28])], ':1\r\n');
    await expectPushed(sub, '*3\r\n$7\r\nmessage\r\n$3\r\n\xff\x00\xe9\r\n$2\r\n\xc3\x28\r\n');
    sub.close();
    pub.close();
  });
});

describe('the RESP2 subscribed context', () => {
  it('allows only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET, naming the refused command', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['SUBSCRIBE', 'a'], '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n');
    await expectReply(raw, ['GET', 'x'], CONTEXT_ERROR('get'));
    await expectReply(raw, ['CONFIG', 'GET', 'maxmemory'], CONTEXT_ERROR('config|get'));
    await expectReply(raw, ['MULTI'], CONTEXT_ERROR('multi'));
    await expectReply(raw, ['HELLO', '3'], CONTEXT_ERROR('hello'));
    await expectReply(raw, ['PUBLISH', 'a', 'b'], CONTEXT_ERROR('publish'));
    // Unknown commands and arity errors come first, as in processCommand.
    await expectReply(raw, ['NOSUCH'], "-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
    await expectReply(raw, ['GET'], "-ERR wrong number of arguments for 'get' command\r\n");
    await expectReply(raw, ['PING', 'a', 'b'], "-ERR wrong number of arguments for 'ping' command\r\n");
    raw.close();
  });

  it('PING replies a frame: ["pong", message or ""]', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['PSUBSCRIBE', 'p'], '*3\r\n$10\r\npsubscribe\r\n$1\r\np\r\n:1\r\n');
    await expectReply(raw, ['PING'], '*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    await expectReply(raw, ['PING', 'hello'], '*2\r\n$4\r\npong\r\n$5\r\nhello\r\n');
    raw.close();
  });

  it('ends when the last subscription goes, and RESET ends it at once', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['SSUBSCRIBE', 's'], '*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n');
    await expectReply(raw, ['GET', 'x'], CONTEXT_ERROR('get'));
    await expectReply(raw, ['SUNSUBSCRIBE'], '*3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n');
    await expectReply(raw, ['PING'], '+PONG\r\n');
    await expectReply(raw, ['SUBSCRIBE', 'x'], '*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n');
    await expectReply(raw, ['RESET'], '+RESET\r\n');
    await expectReply(raw, ['PUBSUB', 'NUMSUB', 'x'], '*2\r\n$1\r\nx\r\n:0\r\n');
    raw.close();
  });

  it('HELLO 2 from a subscribed RESP3 client enters the context', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    await expectReply(raw, ['SUBSCRIBE', 'a'], '>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n');
    await raw.roundTrip(resp('HELLO', '2'), '*0\r\n');
    await expectReply(raw, ['GET', 'x'], CONTEXT_ERROR('get'));
    await expectReply(raw, ['PING'], '*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    raw.close();
  });
});

describe('RESP3', () => {
  it('confirmations and messages are push frames; any command may run while subscribed', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    await expectReply(raw, ['SUBSCRIBE', 'a', 'b'], '>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n');
    await expectReply(raw, ['PSUBSCRIBE', 'a*'], '>3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:3\r\n');
    await expectReply(raw, ['SSUBSCRIBE', 's1'], '>3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n');
    await expectReply(raw, ['PING'], '+PONG\r\n');
    await expectReply(raw, ['GET', 'nokey'], '_\r\n');
    // A pipeline that publishes to itself: the pushes go out where they were published, between replies.
    raw.write(Buffer.concat([resp('GET', 'x'), resp('PUBLISH', 'a', 'hi'), resp('GET', 'y'), resp('SPUBLISH', 's1', 'yo')]));
    await expectPushed(
      raw,
      '_\r\n' +
        '>3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n>4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$2\r\nhi\r\n:2\r\n' +
        '_\r\n' +
        '>3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$2\r\nyo\r\n:1\r\n',
    );
    await expectReply(raw, ['UNSUBSCRIBE'], '>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n');
    await expectReply(raw, ['PUNSUBSCRIBE'], '>3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n');
    await expectReply(raw, ['UNSUBSCRIBE'], '>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    await expectReply(raw, ['SUNSUBSCRIBE'], '>3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:0\r\n');
    raw.close();
  });

  it('a message to another client arrives between its own replies', async () => {
    const sub = await RawClient.connect(ours.port);
    const pub = await RawClient.connect(ours.port);
    await sub.roundTrip(resp('HELLO', '3'), '*0\r\n');
    await expectReply(sub, ['SUBSCRIBE', 'c'], '>3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n');
    await expectReply(sub, ['ECHO', 'one'], '$3\r\none\r\n');
    await expectReply(pub, ['PUBLISH', 'c', 'm'], ':1\r\n');
    await expectReply(sub, ['ECHO', 'two'], '>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n$3\r\ntwo\r\n');
    sub.close();
    pub.close();
  });
});

describe('CLIENT REPLY', () => {
  it('OFF and SKIP silence replies but not pub/sub frames; RESET turns replies back on', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    raw.write(resp('CLIENT', 'REPLY', 'SKIP'));
    await expectReply(raw, ['SUBSCRIBE', 'quiet'], '>3\r\n$9\r\nsubscribe\r\n$5\r\nquiet\r\n:1\r\n');
    await expectReply(raw, ['PUBLISH', 'quiet', 'x'], '>3\r\n$7\r\nmessage\r\n$5\r\nquiet\r\n$1\r\nx\r\n:1\r\n');
    raw.write(resp('CLIENT', 'REPLY', 'OFF'));
    // The message goes out, PUBLISH's :1 does not.
    await expectReply(raw, ['PUBLISH', 'quiet', 'y'], '>3\r\n$7\r\nmessage\r\n$5\r\nquiet\r\n$1\r\ny\r\n');
    await expectReply(raw, ['UNSUBSCRIBE'], '>3\r\n$11\r\nunsubscribe\r\n$5\r\nquiet\r\n:0\r\n');
    raw.write(resp('GET', 'a'));
    await expectSilence(raw);
    await expectReply(raw, ['RESET'], '+RESET\r\n');
    await expectReply(raw, ['PING'], '+PONG\r\n');
    raw.close();
  });
});

describe('transactions', () => {
  it('SUBSCRIBE inside EXEC writes its frames into the array (Redis 7.0 miscounts it too); SSUBSCRIBE is refused', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['MULTI'], '+OK\r\n');
    await expectReply(raw, ['SUBSCRIBE', 'a', 'b'], '+QUEUED\r\n');
    await expectReply(raw, ['SSUBSCRIBE', 's'], '+QUEUED\r\n');
    await expectReply(raw, ['PSUBSCRIBE', 'p*'], '+QUEUED\r\n');
    await expectReply(
      raw,
      ['EXEC'],
      '*3\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n' +
        "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n",
    );
    await expectReply(raw, ['GET', 'x'], CONTEXT_ERROR('get'));
    raw.close();
  });

  it('a subscribed RESP2 client cannot start a transaction; a refused EXEC says EXECABORT', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(raw, ['SUBSCRIBE', 'a'], '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n');
    await expectReply(raw, ['MULTI'], CONTEXT_ERROR('multi'));
    await expectReply(
      raw,
      ['EXEC'],
      "-EXECABORT Transaction discarded because of: Can't execute 'exec': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    raw.close();
  });
});

describe('PUBSUB introspection', () => {
  it('CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB', async () => {
    const own = await startTestServer();
    const a = await RawClient.connect(own.port);
    const b = await RawClient.connect(own.port);
    const q = await RawClient.connect(own.port);
    await a.roundTrip(resp('SUBSCRIBE', 'news.tech', 'news.art'), ':2\r\n');
    await b.roundTrip(resp('SUBSCRIBE', 'news.tech', 'sport'), ':2\r\n');
    await a.roundTrip(resp('PSUBSCRIBE', 'n*', 'x'), ':4\r\n');
    await b.roundTrip(resp('PSUBSCRIBE', 'n*'), ':3\r\n');
    await b.roundTrip(resp('SSUBSCRIBE', 'shard1'), ':1\r\n');
    await expectReply(q, ['PUBSUB', 'CHANNELS'], '*3\r\n$9\r\nnews.tech\r\n$8\r\nnews.art\r\n$5\r\nsport\r\n');
    await expectReply(q, ['PUBSUB', 'CHANNELS', 'news.*'], '*2\r\n$9\r\nnews.tech\r\n$8\r\nnews.art\r\n');
    await expectReply(q, ['PUBSUB', 'CHANNELS', 'none*'], '*0\r\n');
    // Pattern subscriptions are not counted per channel.
    await expectReply(
      q,
      ['PUBSUB', 'NUMSUB', 'news.tech', 'sport', 'n*', 'zz'],
      '*8\r\n$9\r\nnews.tech\r\n:2\r\n$5\r\nsport\r\n:1\r\n$2\r\nn*\r\n:0\r\n$2\r\nzz\r\n:0\r\n',
    );
    await expectReply(q, ['PUBSUB', 'NUMSUB'], '*0\r\n');
    // NUMPAT counts distinct patterns (n* twice is one).
    await expectReply(q, ['PUBSUB', 'NUMPAT'], ':2\r\n');
    await expectReply(q, ['PUBSUB', 'SHARDCHANNELS'], '*1\r\n$6\r\nshard1\r\n');
    await expectReply(q, ['PUBSUB', 'SHARDCHANNELS', 'x*'], '*0\r\n');
    await expectReply(q, ['PUBSUB', 'SHARDNUMSUB', 'shard1', 'news.tech'], '*4\r\n$6\r\nshard1\r\n:1\r\n$9\r\nnews.tech\r\n:0\r\n');
    // Disconnecting drops everything the client held.
    a.close();
    b.close();
    await waitFor(async () => (await q.roundTrip(resp('PUBSUB', 'NUMPAT'))) === ':0\r\n');
    await expectReply(q, ['PUBSUB', 'CHANNELS'], '*0\r\n');
    await expectReply(q, ['PUBSUB', 'SHARDCHANNELS'], '*0\r\n');
    q.close();
    await own.close();
  });

  it('QUIT drops the subscriptions too', async () => {
    const raw = await RawClient.connect(ours.port);
    const q = await RawClient.connect(ours.port);
    await raw.roundTrip(resp('SUBSCRIBE', 'quitter'), ':1\r\n');
    await expectReply(raw, ['QUIT'], '+OK\r\n');
    await raw.waitClosed();
    await expectReply(q, ['PUBSUB', 'NUMSUB', 'quitter'], '*2\r\n$7\r\nquitter\r\n:0\r\n');
    q.close();
  });

  it('HELP and the errors Redis gives', async () => {
    const raw = await RawClient.connect(ours.port);
    await expectReply(
      raw,
      ['PUBSUB', 'HELP'],
      '*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n' +
        "+    Return the currently active channels matching a <pattern> (default: '*').\r\n+NUMPAT\r\n" +
        '+    Return number of subscriptions to patterns.\r\n+NUMSUB [<channel> ...]\r\n' +
        '+    Return the number of subscribers for the specified channels, excluding\r\n' +
        '+    pattern subscriptions(default: no channels).\r\n+SHARDCHANNELS [<pattern>]\r\n' +
        "+    Return the currently active shard level channels matching a <pattern> (default: '*').\r\n" +
        '+SHARDNUMSUB [<shardchannel> ...]\r\n' +
        '+    Return the number of subscribers for the specified shard level channel(s)\r\n+HELP\r\n+    Prints this help.\r\n',
    );
    await expectReply(raw, ['PUBSUB'], "-ERR wrong number of arguments for 'pubsub' command\r\n");
    await expectReply(raw, ['PUBSUB', 'FOO'], "-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n");
    await expectReply(raw, ['PUBSUB', 'NUMPAT', 'x'], "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
    await expectReply(
      raw,
      ['PUBSUB', 'CHANNELS', 'a', 'b'],
      "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
    );
    await expectReply(
      raw,
      ['PUBSUB', 'shardchannels', 'a', 'b'],
      "-ERR unknown subcommand or wrong number of arguments for 'shardchannels'. Try PUBSUB HELP.\r\n",
    );
    await expectReply(raw, ['SUBSCRIBE'], "-ERR wrong number of arguments for 'subscribe' command\r\n");
    await expectReply(raw, ['PUBLISH', 'a'], "-ERR wrong number of arguments for 'publish' command\r\n");
    raw.close();
  });
});

describe('sharded pub/sub', () => {
  it('SPUBLISH reaches shard subscribers only; PUBLISH and patterns never see shard channels', async () => {
    const sub = await RawClient.connect(ours.port);
    const pub = await RawClient.connect(ours.port);
    await expectReply(sub, ['SSUBSCRIBE', 'orders', 'orders'], '*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n');
    // Shard and plain subscriptions are counted apart.
    await expectReply(sub, ['PSUBSCRIBE', 'ord*'], '*3\r\n$10\r\npsubscribe\r\n$4\r\nord*\r\n:1\r\n');
    await expectReply(pub, ['SPUBLISH', 'orders', 'o1'], ':1\r\n');
    await expectPushed(sub, '*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$2\r\no1\r\n');
    await expectReply(pub, ['PUBLISH', 'orders', 'o2'], ':1\r\n');
    await expectPushed(sub, '*4\r\n$8\r\npmessage\r\n$4\r\nord*\r\n$6\r\norders\r\n$2\r\no2\r\n');
    await expectReply(pub, ['SPUBLISH', 'ordersX', 'o3'], ':0\r\n');
    await expectSilence(sub);
    sub.close();
    pub.close();
  });
});

describe('CLIENT LIST and CLIENT KILL see pub/sub clients', () => {
  it('flags=P with sub=, psub=, ssub= counts, and TYPE pubsub', async () => {
    const own = await startTestServer();
    const sub = await RawClient.connect(own.port);
    const admin = new Redis(own.port, '127.0.0.1');
    await sub.roundTrip(resp('SUBSCRIBE', 'a', 'b'), ':2\r\n');
    await sub.roundTrip(resp('PSUBSCRIBE', 'p*'), ':3\r\n');
    await sub.roundTrip(resp('SSUBSCRIBE', 's'), ':1\r\n');
    const list = (await admin.client('LIST')) as string;
    expect(list).toMatch(/ flags=P db=0 sub=2 psub=1 ssub=1 multi=-1 .* cmd=ssubscribe /);
    expect(list).toMatch(/ flags=N db=0 sub=0 psub=0 ssub=0 .* cmd=client\|list /);
    const pubsubOnly = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    expect(pubsubOnly.trim().split('\n')).toHaveLength(1);
    expect(pubsubOnly).toContain('cmd=ssubscribe');
    expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(1);
    expect(await sub.waitClosed()).toBe(true);
    expect(await admin.pubsub('NUMSUB', 'a')).toEqual(['a', 0]);
    admin.disconnect();
    await own.close();
  });
});

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
    await waitFor(() => events.length === 5);
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
    await waitFor(() => got.length === 2);
    expect(got).toEqual(['nr.chan:hello', 'p nr.chan:hello']);
    await sub.unsubscribe('nr.chan');
    expect(await pub.publish('nr.chan', 'again')).toBe(1);
    await waitFor(() => got.length === 3);
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
    await waitFor(() => received.length === 1);
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
    await waitFor(async () => ((await pub.pubsub('NUMSUB', 'big')) as unknown[])[1] === 0);
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

const haveRedis = requireProgram('redis-server', 'apt-get install -y redis-server');

describe.runIf(haveRedis)('byte-for-byte against redis-server 7.0', () => {
  let real: RealRedis;

  beforeAll(async () => {
    real = await startRealRedis();
  });

  afterAll(async () => {
    await real.stop();
  });

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
    const own = await startTestServer();
    try {
      expect(await transcript(own.port, script)).toEqual(await transcript(real.port, script));
    } finally {
      await own.close();
    }
  });
});
