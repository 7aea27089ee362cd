// tsredis replica, the link itself against a redis-server 7.0 master: AUTH with masterauth and
// masteruser (and a wrong password that keeps it from syncing), WAIT on the master satisfied by our
// REPLCONF ACK (answering GETACK), pub/sub messages arriving by the stream, SWAPDB/FLUSHALL.

import { type Socket, createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort, infoField, RawClient, resp, waitFor } from '../helpers/server.js';
import { caughtUp, replicationClient, startOurReplica, startRealMaster } from '../helpers/replication.js';
import { haveRedisServer, useServerPool } from '../helpers/side-by-side.js';

const HAVE_REDIS = haveRedisServer();
const pool = useServerPool();
const connect = (port: number): Redis => replicationClient(pool, port);
const startMaster = (args: string[] = [], password?: string): ReturnType<typeof startRealMaster> => startRealMaster(pool, args, password);
const startReplica = (config: Record<string, string | number> = {}): ReturnType<typeof startOurReplica> => startOurReplica(pool, config);

describe.skipIf(!HAVE_REDIS)('tsredis replica: the link to a redis-server 7.0 master', () => {
  it('authenticates with masterauth, and with masteruser + masterauth as an ACL user', async () => {
    const { master, m } = await startMaster(['--requirepass', 'secret'], 'secret');
    await m.set('k', 'v');
    const { r } = await startReplica({ masterauth: 'secret' });
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    expect(await r.get('k')).toBe('v');
    await m.call('ACL', 'SETUSER', 'repl', 'on', '>pw', '+psync', '+replconf', '+ping');
    const other = await startReplica({ masteruser: 'repl', masterauth: 'pw' });
    await other.r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, other.r);
    expect(await other.r.get('k')).toBe('v');
  });

  it('a master that cannot be reached: ROLE and INFO as a 7.0.15 replica shows them', async () => {
    const { r } = await startReplica();
    const port = await freePort();
    expect(await r.replicaof('127.0.0.1', port)).toBe('OK');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const role = (await r.role()) as unknown[];
    expect([role[0], role[1], role[2], role[4]]).toEqual(['slave', '127.0.0.1', port, -1]);
    expect(['connect', 'connecting']).toContain(role[3]);
    const info = await r.info('replication');
    const fields = ['role', 'master_host', 'master_port', 'master_link_status', 'master_last_io_seconds_ago', 'master_sync_in_progress',
      'slave_read_repl_offset', 'slave_repl_offset', 'master_link_down_since_seconds', 'slave_priority', 'slave_read_only', 'replica_announced'];
    expect(fields.map((name) => `${name}:${infoField(info, name)}`)).toEqual([
      'role:slave', 'master_host:127.0.0.1', `master_port:${port}`, 'master_link_status:down', 'master_last_io_seconds_ago:-1',
      'master_sync_in_progress:0', 'slave_read_repl_offset:1', 'slave_repl_offset:1', 'master_link_down_since_seconds:-1',
      'slave_priority:100', 'slave_read_only:1', 'replica_announced:1',
    ]);
    // In Redis's order, right after role.
    expect(info.split('\r\n').slice(1, 14).map((line) => line.split(':')[0])).toEqual([...fields, 'connected_slaves']);
  });

  it('a wrong masterauth never gets past the handshake: the link stays down and retries', async () => {
    const { master } = await startMaster(['--requirepass', 'secret'], 'secret');
    const { r, server } = await startReplica({ masterauth: 'wrong' });
    await r.replicaof('127.0.0.1', master.port);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const info = await r.info('replication');
    expect(infoField(info, 'master_link_status')).toBe('down');
    expect(server.replicaSide.link?.fullSyncs).toBe(0);
    expect(['connect', 'connecting', 'handshake']).toContain(((await r.role()) as unknown[])[3]);
  });

  it("WAIT on the master counts us once we applied its writes (REPLCONF GETACK answered with our offset)", async () => {
    const { master, m } = await startMaster();
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    await m.set('a', '1');
    await m.incr('n');
    expect(await m.wait(1, 5000)).toBe(1);
    expect(await r.get('n')).toBe('1');
    // The master's view of us: online, at its offset.
    await caughtUp(m, r);
    const offset = infoField(await m.info('replication'), 'master_repl_offset');
    await waitFor('the ACK', async () => (await m.info('replication')).includes(`state=online,offset=${offset},`));
  });

  it('REPLICAOF NO ONE, a local write, then the same master again: a full resync replaces what we wrote', async () => {
    const { master, m } = await startMaster();
    await m.set('k', 'v');
    const { r, server } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    expect(await r.replicaof('NO', 'ONE')).toBe('OK');
    await r.set('local', '1');
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    expect(server.replicaSide.link?.fullSyncs).toBe(1);
    expect(server.replicaSide.link?.partialSyncs).toBe(0);
    expect(await r.get('local')).toBeNull();
    expect(await r.get('k')).toBe('v');
  });

  it('PUBLISH on the master reaches subscribers of the replica; SWAPDB and FLUSHALL replicate', async () => {
    const { master, m } = await startMaster();
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    const sub = connect(Number(r.options.port));
    const got: string[] = [];
    sub.on('message', (channel: string, message: string) => got.push(`${channel}:${message}`));
    await sub.subscribe('news');
    await m.publish('news', 'hello');
    await waitFor('the message', () => got.length === 1);
    expect(got).toEqual(['news:hello']);
    // A client blocked on the replica (XREAD BLOCK: BLPOP is a write, refused with READONLY) is
    // served by the master's XADD.
    const blocked = connect(Number(r.options.port));
    const read = blocked.xread('BLOCK', 5000, 'STREAMS', 'events', '$');
    await waitFor('the client to block', async () => infoField(await r.info('clients'), 'blocked_clients') === '1');
    await m.xadd('events', '5-1', 'f', 'v');
    expect(await read).toEqual([['events', [['5-1', ['f', 'v']]]]]);
    await m.set('in0', 'x');
    await m.swapdb(0, 1);
    await caughtUp(m, r);
    expect(await r.get('in0')).toBeNull();
    await r.select(1);
    expect(await r.get('in0')).toBe('x');
    await m.flushall();
    await caughtUp(m, r);
    expect(await r.dbsize()).toBe(0);
  });
});

/** A scripted master: records what the replica sends, lets the test answer. */
async function fakeMaster(): Promise<{ port: number; sockets: Socket[]; received: string[]; close(): Promise<void> }> {
  const port = await freePort();
  const sockets: Socket[] = [];
  const received: string[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => received.push(chunk.toString('latin1')));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port, sockets, received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function bulkCommand(...words: string[]): string {
  return `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
}

/** The smallest RDB: header, EOF, a zero checksum (not checked). */
const EMPTY_RDB = Buffer.concat([Buffer.from('REDIS0010', 'latin1'), Buffer.from([0xff]), Buffer.alloc(8)]);

describe('tsredis replica: the handshake and offsets, byte for byte, against a scripted master', () => {
  it('sends 7.0s handshake, counts stream bytes, and after a link cut inside MULTI asks PSYNC from before it', async () => {
    const master = await fakeMaster();
    try {
      const { r, server } = await startReplica();
      await r.replicaof('127.0.0.1', master.port);
      const joined = (): string => master.received.join('');
      await waitFor('PING', () => joined() === bulkCommand('PING'));
      const first = master.sockets[0] as Socket;
      first.write('+PONG\r\n');
      const port = String(server.port);
      const handshake = bulkCommand('PING') + bulkCommand('REPLCONF', 'listening-port', port) + bulkCommand('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
      await waitFor('REPLCONF', () => joined() === handshake);
      first.write('+OK\r\n+OK\r\n');
      await waitFor('PSYNC', () => joined() === handshake + bulkCommand('PSYNC', '?', '-1'));
      const replId = 'a'.repeat(40);
      const mark = 'm'.repeat(40);
      // Newlines first (the master keeps the link alive while it forks), then a disk-less payload.
      first.write(`+FULLRESYNC ${replId} 100\r\n\n\n$EOF:${mark}\r\n`);
      first.write(Buffer.concat([EMPTY_RDB, Buffer.from(mark, 'latin1')]));
      const set = bulkCommand('SELECT', '2') + bulkCommand('SET', 'k', 'v');
      const tx = bulkCommand('MULTI') + bulkCommand('SET', 'in-tx', '1');
      first.write(set + tx);
      await waitFor('the SET', async () => {
        await r.select(2);
        return (await r.get('k')) === 'v';
      });
      const link = server.replicaSide.link;
      expect(link?.offset).toBe(100 + set.length);
      expect(link?.readOffset).toBe(100 + set.length + tx.length);
      // Cut in the middle of the transaction: the replica resumes from before MULTI.
      master.received.length = 0;
      first.destroy();
      await waitFor('the reconnection', () => master.sockets.length === 2, 4000);
      const second = master.sockets[1] as Socket;
      await waitFor('PING again', () => joined() === bulkCommand('PING'));
      second.write('+PONG\r\n');
      await waitFor('REPLCONF again', () => joined().endsWith(bulkCommand('REPLCONF', 'capa', 'eof', 'capa', 'psync2')));
      second.write('+OK\r\n+OK\r\n');
      await waitFor('PSYNC', () => joined().endsWith(bulkCommand('PSYNC', replId, String(100 + set.length + 1))));
      second.write(`+CONTINUE ${replId}\r\n`);
      second.write(tx + bulkCommand('EXEC') + bulkCommand('REPLCONF', 'GETACK', '*'));
      const total = 100 + set.length + tx.length + bulkCommand('EXEC').length;
      await waitFor('the ACK', () => joined().includes(bulkCommand('REPLCONF', 'ACK', String(total))));
      expect(await r.get('in-tx')).toBe('1');
      expect(link?.partialSyncs).toBe(1);
    } finally {
      await master.close();
    }
  });
});


describe('tsredis replica: keys past their TTL, against a scripted master', () => {
  it("the master's commands still see a key past its TTL (clients do not) until the master's DEL; repl-timeout", async () => {
    const master = await fakeMaster();
    try {
      const { r, server } = await startReplica();
      await r.replicaof('127.0.0.1', master.port);
      const joined = (): string => master.received.join('');
      await waitFor('PING', () => master.sockets.length === 1 && joined().length > 0);
      const socket = master.sockets[0] as Socket;
      socket.write('+PONG\r\n');
      await waitFor('REPLCONF', () => joined().includes(bulkCommand('REPLCONF', 'capa', 'eof', 'capa', 'psync2')));
      socket.write(`+OK\r\n+OK\r\n`);
      await waitFor('PSYNC sent', () => joined().includes(bulkCommand('PSYNC', '?', '-1')));
      // A full resync with a $<len> payload.
      socket.write(`+FULLRESYNC ${'b'.repeat(40)} 0\r\n$${EMPTY_RDB.length}\r\n`);
      socket.write(EMPTY_RDB);
      const past = String(Date.now() - 10_000);
      socket.write(bulkCommand('SET', 'counter', '10', 'PXAT', past) + bulkCommand('INCR', 'counter'));
      await waitFor('the stream', () => server.replicaSide.link?.offset === bulkCommand('SET', 'counter', '10', 'PXAT', past).length + bulkCommand('INCR', 'counter').length);
      // Clients see it as gone, but it is there, incremented from 10 as on the master.
      expect(await r.get('counter')).toBeNull();
      expect(await r.dbsize()).toBe(1);
      // PERSIST from the master shows what the INCR made of it.
      socket.write(bulkCommand('PERSIST', 'counter'));
      await waitFor('PERSIST', async () => (await r.get('counter')) === '11');
      socket.write(bulkCommand('DEL', 'counter'));
      await waitFor('the DEL', async () => (await r.dbsize()) === 0);
      // A master silent for longer than repl-timeout is dropped, and the replica reconnects.
      await r.config('SET', 'repl-timeout', '1');
      await waitFor('the reconnection', () => master.sockets.length === 2, 5000);
      expect(socket.destroyed || socket.readableEnded).toBe(true);
    } finally {
      await master.close();
    }
  });
});

describe.skipIf(!HAVE_REDIS)('tsredis replica: client-side caching', () => {
  it("a tracking client on the replica is told of the master's writes, and of everything at a full resync", async () => {
    const { master, m } = await startMaster();
    await m.set('k', 'v1');
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    const tracker = await RawClient.connect(Number(r.options.port));
    try {
      await tracker.roundTrip(resp('HELLO', '3'), 'proto\r\n:3\r\n$2\r\nid\r\n');
      await tracker.readUntil('\r\n*0\r\n');
      expect(await tracker.roundTrip(resp('CLIENT', 'TRACKING', 'ON'))).toBe('+OK\r\n');
      expect(await tracker.roundTrip(resp('GET', 'k'))).toBe('$2\r\nv1\r\n');
      await m.set('k', 'v2');
      expect((await tracker.readUntil('\r\n$1\r\nk\r\n')).toString()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n');
      expect(await tracker.roundTrip(resp('GET', 'k'))).toBe('$2\r\nv2\r\n');
      // A full resync flushes everything first: one invalidation with a null key list.
      await r.replicaof('NO', 'ONE');
      await r.replicaof('127.0.0.1', master.port);
      expect((await tracker.readUntil('invalidate\r\n_\r\n', 5000)).toString()).toBe('>2\r\n$10\r\ninvalidate\r\n_\r\n');
    } finally {
      tracker.close();
    }
  });
});

describe('tsredis replica of a tsredis master', () => {
  it('syncs, follows the stream with MULTI, answers WAIT, and resumes a dropped link with +CONTINUE', async () => {
    const masterServer = await pool.tsredis();
    const m = connect(masterServer.port);
    await m.set('k', 'v');
    await m.rpush('l', 'a', 'b');
    const { r, server } = await startReplica();
    await r.replicaof('127.0.0.1', masterServer.port);
    await caughtUp(m, r);
    await m.set('k2', 'v2');
    await m.multi().incr('n').incr('n').exec();
    expect(await m.wait(1, 5000)).toBe(1);
    expect(await r.mget('k', 'k2', 'n')).toEqual(['v', 'v2', '2']);
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b']);
    // The master's writes touch WATCHed keys and raise keyspace events on the replica.
    await r.config('SET', 'notify-keyspace-events', 'KA');
    const events: string[] = [];
    const sub = connect(Number(r.options.port));
    sub.on('pmessage', (_pattern: string, channel: string, message: string) => events.push(`${channel} ${message}`));
    await sub.psubscribe('__keyspace@0__:*');
    const watcher = connect(Number(r.options.port));
    await watcher.watch('k');
    await m.set('k', 'changed');
    await caughtUp(m, r);
    expect(await watcher.multi().get('k').exec()).toBeNull();
    await waitFor('the keyspace event', () => events.includes('__keyspace@0__:k set'));
    const link = server.replicaSide.link;
    link?.dropLink();
    await m.set('k3', 'v3');
    await caughtUp(m, r);
    expect(link?.partialSyncs).toBe(1);
    expect(link?.fullSyncs).toBe(1);
    expect(await r.get('k3')).toBe('v3');
  });
});
