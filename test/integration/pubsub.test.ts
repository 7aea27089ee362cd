// Pub/Sub over TCP: the exact frames in RESP2 and RESP3 (read off redis-server 7.0.15), the RESP2
// subscribed context, CLIENT REPLY, transactions, PUBSUB introspection, sharded channels, and pub/sub
// clients in CLIENT LIST and CLIENT KILL. Real clients, notifications and slow subscribers: pubsub-clients.test.ts.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';
import { expectPushed, expectReply, expectSilence, waitUntil } from './pubsub-expect.js';


const ours = useTsredis({ raw: false });

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
    await waitUntil(async () => (await q.roundTrip(resp('PUBSUB', 'NUMPAT'))) === ':0\r\n');
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
