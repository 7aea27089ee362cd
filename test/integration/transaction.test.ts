// MULTI/EXEC/DISCARD/WATCH/UNWATCH over TCP. Expected texts read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false });

describe('MULTI / EXEC / DISCARD', () => {
  it('queues commands and replies QUEUED, then EXEC runs them in order', async () => {
    const raw = await RawClient.connect(ours.port);
    const out = await raw.roundTrip('MULTI\r\nECHO a\r\nPING\r\nEXEC\r\n', '+PONG\r\n');
    expect(out).toBe('+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n$1\r\na\r\n+PONG\r\n');
    raw.close();
  });

  it('gives Redis errors for misuse', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('EXEC\r\n')).toBe('-ERR EXEC without MULTI\r\n');
    expect(await raw.roundTrip('DISCARD\r\n')).toBe('-ERR DISCARD without MULTI\r\n');
    expect(await raw.roundTrip('MULTI\r\n')).toBe('+OK\r\n');
    expect(await raw.roundTrip('MULTI\r\n')).toBe('-ERR MULTI calls can not be nested\r\n');
    expect(await raw.roundTrip('WATCH a\r\n')).toBe('-ERR WATCH inside MULTI is not allowed\r\n');
    expect(await raw.roundTrip('DISCARD\r\n')).toBe('+OK\r\n');
    expect(await raw.roundTrip('EXEC\r\n')).toBe('-ERR EXEC without MULTI\r\n');
    raw.close();
  });

  it('a command rejected while queuing makes EXEC fail with EXECABORT', async () => {
    const raw = await RawClient.connect(ours.port);
    const out = await raw.roundTrip('MULTI\r\nECHO x\r\nFOO\r\nGET\r\nEXEC\r\n', 'errors.\r\n');
    expect(out).toBe(
      "+OK\r\n+QUEUED\r\n-ERR unknown command 'FOO', with args beginning with: \r\n" +
        "-ERR wrong number of arguments for 'get' command\r\n" +
        '-EXECABORT Transaction discarded because of previous errors.\r\n',
    );
    raw.close();
  });

  it('a runtime error fills only that command slot', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip('SELECT 9\r\n');
    const out = await raw.roundTrip('MULTI\r\nSELECT 99\r\nECHO after\r\nEXEC\r\n', 'after\r\n');
    expect(out).toBe('+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n-ERR DB index is out of range\r\n$5\r\nafter\r\n');
    raw.close();
  });

  it('QUIT inside MULTI is not queued', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('MULTI\r\nQUIT\r\n', '+OK\r\n+OK\r\n')).toBe('+OK\r\n+OK\r\n');
    expect(await raw.waitClosed()).toBe(true);
  });

  it('RESET leaves MULTI', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip('MULTI\r\n');
    expect(await raw.roundTrip('RESET\r\n')).toBe('+RESET\r\n');
    expect(await raw.roundTrip('EXEC\r\n')).toBe('-ERR EXEC without MULTI\r\n');
    raw.close();
  });
});

describe('WATCH', () => {
  it('a write by another client makes EXEC reply a null array', async () => {
    const a = new Redis({ port: ours.port });
    const b = new Redis({ port: ours.port });
    await a.set('w1', '1');
    await a.watch('w1');
    await b.set('w1', '2');
    const result = await a.multi().set('w1', '3').exec();
    expect(result).toBeNull();
    expect(await a.get('w1')).toBe('2');
    a.disconnect();
    b.disconnect();
  });

  it('null array bytes: *-1 in RESP2 and _ in RESP3', async () => {
    const raw = await RawClient.connect(ours.port);
    const other = new Redis({ port: ours.port });
    await raw.roundTrip('WATCH w2\r\n');
    await other.set('w2', 'x');
    expect(await raw.roundTrip('MULTI\r\nPING\r\nEXEC\r\n', '*-1\r\n')).toBe('+OK\r\n+QUEUED\r\n*-1\r\n');
    await raw.roundTrip('HELLO 3\r\n', '*0\r\n');
    await raw.roundTrip('WATCH w2\r\n');
    await other.set('w2', 'y');
    expect(await raw.roundTrip('MULTI\r\nPING\r\nEXEC\r\n', '_\r\n')).toBe('+OK\r\n+QUEUED\r\n_\r\n');
    raw.close();
    other.disconnect();
  });

  it('UNWATCH and an untouched key let EXEC run', async () => {
    const a = new Redis({ port: ours.port });
    const b = new Redis({ port: ours.port });
    await a.watch('w3');
    await b.set('w3', 'changed');
    await a.unwatch();
    expect(await a.multi().set('w3', 'mine').exec()).toEqual([[null, 'OK']]);
    await a.watch('w4');
    expect(await a.multi().set('w4', 'v').exec()).toEqual([[null, 'OK']]);
    a.disconnect();
    b.disconnect();
  });

  it('FLUSHDB touches watched keys that exist', async () => {
    const a = new Redis({ port: ours.port, db: 5 });
    const b = new Redis({ port: ours.port, db: 5 });
    await a.set('w5', '1');
    await a.watch('w5');
    await b.flushdb();
    expect(await a.multi().set('w5', '2').exec()).toBeNull();
    a.disconnect();
    b.disconnect();
  });

  it('a key that expires between WATCH and EXEC fails the EXEC', async () => {
    const a = new Redis({ port: ours.port, db: 6 });
    ours.clock.freeze();
    try {
      await a.set('w6', '1', 'PX', 100);
      await a.watch('w6');
      ours.clock.advance(200);
      expect(await a.multi().set('w6', '2').exec()).toBeNull();
    } finally {
      ours.clock.real();
      a.disconnect();
    }
  });

  it('N clients incrementing one counter with WATCH/GET/MULTI/SET/EXEC end with exactly N*M', async () => {
    const N = 20;
    const M = 200;
    const clients = Array.from({ length: N }, () => new Redis({ port: ours.port, db: 7 }));
    await clients[0]?.del('counter');
    let retries = 0;
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < M; i++) {
          for (;;) {
            await c.watch('counter');
            const value = Number((await c.get('counter')) ?? '0');
            const result = await c.multi().set('counter', String(value + 1)).exec();
            if (result !== null) break;
            retries++;
          }
        }
      }),
    );
    expect(await clients[0]?.get('counter')).toBe(String(N * M));
    expect(retries).toBeGreaterThan(0); // the clients really did conflict
    for (const c of clients) c.disconnect();
  }, 60_000);
});
