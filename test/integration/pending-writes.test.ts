// Replies leave at the end of the event-loop turn, after every client readable in it has been
// served (Redis's clients_pending_write, written in beforeSleep): src/server/client-output.ts queueFlush.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/server/client.js';
import { RawClient, startTestServer, type RunningServer } from '../helpers/server.js';

let running: RunningServer;
let clients: RawClient[] = [];

beforeEach(async () => {
  running = await startTestServer();
});

afterEach(async () => {
  for (const client of clients) client.socket.destroy();
  clients = [];
  await running.close();
});

/** Record, in order, each command the server runs and each reply write it makes, by client name. */
function recordRunsAndWrites(): string[] {
  const events: string[] = [];
  const watched = new Set<Client>();
  running.server.commandObservers.push((client, argv) => {
    const name = client.name ?? '?';
    events.push(`run ${name} ${argv[0]?.toString()}`);
    if (watched.has(client)) return;
    watched.add(client);
    const socket = client.socket;
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => {
      events.push(`write ${client.name ?? '?'}`);
      return write(chunk);
    }) as typeof socket.write;
  });
  return events;
}

async function namedClient(name: string): Promise<RawClient> {
  const client = await RawClient.connect(running.port);
  clients.push(client);
  expect(await client.roundTrip(`CLIENT SETNAME ${name}\r\n`)).toBe('+OK\r\n');
  return client;
}

describe('replies of one event-loop turn', () => {
  it('are written after every client readable in the turn has run its commands', async () => {
    const a = await namedClient('a');
    const b = await namedClient('b');
    const c = await namedClient('c');
    const events = recordRunsAndWrites();
    // The test shares the server's event loop: all three requests are in the kernel before the
    // loop polls again, so one poll finds the three sockets readable.
    a.write('SET k 1\r\n');
    b.write('INCR k\r\n');
    c.write('GET k\r\n');
    expect((await a.readUntil('\r\n')).toString()).toBe('+OK\r\n');
    expect((await b.readUntil('\r\n')).toString()).toBe(':2\r\n');
    expect((await c.readUntil('2\r\n')).toString()).toBe('$1\r\n2\r\n');
    expect(events).toEqual(['run a SET', 'run b INCR', 'run c GET', 'write a', 'write b', 'write c']);
  });

  it('still go out in one write per client for a pipeline, in order', async () => {
    const a = await namedClient('a');
    const events = recordRunsAndWrites();
    a.write('RPUSH l x\r\nRPUSH l y\r\nLRANGE l 0 -1\r\n');
    const reply = await a.readUntil('$1\r\ny\r\n');
    expect(reply.toString()).toBe(':1\r\n:2\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n');
    expect(events).toEqual(['run a RPUSH', 'run a RPUSH', 'run a LRANGE', 'write a']);
  });

  it('a published message and the publisher reply both reach their clients in the same turn', async () => {
    const events = recordRunsAndWrites();
    const sub = await namedClient('sub');
    await sub.roundTrip('SUBSCRIBE ch\r\n', ':1\r\n');
    const pub = await namedClient('pub');
    events.length = 0;
    expect(await pub.roundTrip('PUBLISH ch hello\r\n')).toBe(':1\r\n');
    const message = await sub.readUntil('hello\r\n');
    expect(message.toString()).toBe('*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n');
    // The subscriber was given the message while PUBLISH ran: it is first in the turn's list.
    expect(events).toEqual(['run pub PUBLISH', 'write sub', 'write pub']);
  });

  it('reach a client that half-closes right after a read-buffer-full pipeline', async () => {
    // Node reads 64 KB at a time and keeps reading while each read fills the buffer, so the end
    // of the stream arrives in the same turn as these 65,536 bytes, before the turn's writes.
    const client = await RawClient.connect(running.port);
    clients.push(client);
    const ping = 'PING\r\n';
    const count = Math.floor(65536 / ping.length) - 1;
    const padding = 'ECHO ' + 'x'.repeat(65536 - count * ping.length - 'ECHO \r\n'.length) + '\r\n';
    const request = ping.repeat(count) + padding;
    expect(request.length).toBe(65536);
    client.write(request);
    client.socket.end();
    const expected = '+PONG\r\n'.repeat(count) + `$${padding.length - 7}\r\n${padding.slice(5)}`;
    const reply = await client.readUntil(expected.slice(-20), 5000);
    expect(reply.length).toBe(expected.length);
    expect(reply.toString('latin1')).toBe(expected);
  });

  it('a client served out of BLPOP gets its reply with the turn, not in the middle of the pusher\'s pipeline', async () => {
    const events = recordRunsAndWrites();
    const waiter = await namedClient('w');
    const pusher = await namedClient('p');
    waiter.write('BLPOP l 0\r\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.length = 0;
    expect(await pusher.roundTrip('LPUSH l x\r\nPING\r\n', 'PONG\r\n')).toBe(':1\r\n+PONG\r\n');
    expect((await waiter.readUntil('x\r\n')).toString()).toBe('*2\r\n$1\r\nl\r\n$1\r\nx\r\n');
    expect(events).toEqual(['run p LPUSH', 'run p PING', 'write w', 'write p']);
  });

  it('MONITOR lines of a pipeline go out in one write', async () => {
    const events = recordRunsAndWrites();
    const monitor = await namedClient('m');
    expect(await monitor.roundTrip('MONITOR\r\n')).toBe('+OK\r\n');
    const a = await namedClient('a');
    await monitor.readUntil('"SETNAME" "a"\r\n');
    events.length = 0;
    expect(await a.roundTrip('SET k 1\r\nGET k\r\nDEL k\r\n', ':1\r\n')).toBe('+OK\r\n$1\r\n1\r\n:1\r\n');
    const lines = await monitor.readUntil('"DEL" "k"\r\n');
    expect(lines.toString().split('\r\n').filter((line) => line !== '').map((line) => line.replace(/^\+[0-9.]+ \[0 [^\]]+\] /, ''))).toEqual([
      '"SET" "k" "1"',
      '"GET" "k"',
      '"DEL" "k"',
    ]);
    expect(events).toEqual(['run a SET', 'run a GET', 'run a DEL', 'write m', 'write a']);
  });

  it('a client that vanishes with replies queued is dropped, and the others of the turn get theirs', async () => {
    const gone = await namedClient('gone');
    const stays = await namedClient('stays');
    // Both requests are read in the same turn; the first client's socket is reset right after
    // sending, so its queued reply meets a closed connection at the end of the turn.
    gone.write('SET k 1\r\nGET k\r\n');
    gone.socket.resetAndDestroy();
    stays.write('INCR n\r\n');
    expect((await stays.readUntil('\r\n')).toString()).toBe(':1\r\n');
    expect(await stays.roundTrip('CLIENT LIST\r\n', '\n\r\n')).not.toContain('name=gone');
  });
});
