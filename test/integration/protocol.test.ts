// Bad input never crashes the server: protocol errors, huge or half-sent frames, vanishing
// clients, clients that never read. Every expected byte string here was read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connect } from 'node:net';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false, ioredis: {} });

/** After each abuse, another client still gets correct replies. */
async function othersStillServed(): Promise<void> {
  expect(await ours.client.ping()).toBe('PONG');
  expect(await ours.client.echo('still here')).toBe('still here');
}

describe('protocol errors reply like Redis, then close the connection', () => {
  const cases: Array<[string, string, string]> = [
    ['non-numeric multibulk length', '*abc\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
    ['multibulk length over INT_MAX', '*3000000000\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
    ['negative bulk length', '*1\r\n$-5\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
    ['missing $', '*1\r\nxPING\r\n', "-ERR Protocol error: expected '$', got 'x'\r\n"],
    ['unbalanced quotes inline', '"unbalanced\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n'],
    ['bulk longer than proto-max-bulk-len (a 4 GB announcement)', '*1\r\n$4294967296\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, async () => {
      const raw = await RawClient.connect(ours.port);
      const reply = await raw.roundTrip(input);
      expect(reply).toBe(expected);
      expect(await raw.waitClosed()).toBe(true);
      await othersStillServed();
    });
  }

  it('commands before the bad frame in the same write are answered first', async () => {
    const raw = await RawClient.connect(ours.port);
    const reply = await raw.roundTrip('PING\r\n*1\r\n$4\r\nPING\r\n*1\r\nxPING\r\n', "got 'x'\r\n");
    expect(reply).toBe("+PONG\r\n+PONG\r\n-ERR Protocol error: expected '$', got 'x'\r\n");
    expect(await raw.waitClosed()).toBe(true);
  });
});

describe('inline commands', () => {
  it('splits with Redis quoting rules and skips empty lines', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('\r\n\r\nPING\r\n')).toBe('+PONG\r\n');
    expect(await raw.roundTrip('ECHO  "a b\\x41\\n"\r\n', 'A\n\r\n')).toBe('$5\r\na bA\n\r\n');
    expect(await raw.roundTrip("ECHO 'it''s'\r\n")).toMatch(/^-ERR Protocol error: unbalanced quotes/);
    raw.close();
  });

  it('accepts a bare \\n line ending as telnet and nc send it', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('PING\n')).toBe('+PONG\r\n');
    raw.close();
  });
});

describe('pipelining and framing', () => {
  it('answers a 10,000-command pipeline sent in one write, in order', async () => {
    const raw = await RawClient.connect(ours.port);
    const requests: Buffer[] = [];
    let expected = '';
    for (let i = 0; i < 10_000; i++) {
      requests.push(resp('ECHO', `v${i}`));
      const text = `v${i}`;
      expected += `$${text.length}\r\n${text}\r\n`;
    }
    raw.write(Buffer.concat(requests));
    const got = await raw.readBytes(Buffer.byteLength(expected), 10_000);
    expect(got.toString('latin1')).toBe(expected);
    raw.close();
  });

  it('assembles a frame sent one byte at a time', async () => {
    const raw = await RawClient.connect(ours.port);
    const frame = resp('ECHO', 'byte by byte');
    for (const byte of frame) {
      raw.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    expect((await raw.readUntil('byte by byte\r\n')).toString('latin1')).toBe('$12\r\nbyte by byte\r\n');
    raw.close();
  });

  it('round-trips binary values with NUL, CR LF and invalid UTF-8 byte-exact', async () => {
    const raw = await RawClient.connect(ours.port);
    const value = Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0xc3, 0x28, 0x80, 0x00]);
    raw.write(resp('ECHO', value));
    const got = await raw.readBytes(4 + value.length + 2);
    expect(got.equals(Buffer.concat([Buffer.from('$9\r\n'), value, Buffer.from('\r\n')]))).toBe(true);
    raw.close();
  });
});

describe('clients that misbehave do not hurt others', () => {
  it('a client that vanishes mid-frame', async () => {
    const raw = await RawClient.connect(ours.port);
    raw.write('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nonly part');
    raw.close();
    await othersStillServed();
  });

  it('a client that sends a pipeline and disconnects before reading', async () => {
    const raw = await RawClient.connect(ours.port);
    const many = Buffer.concat(Array.from({ length: 2000 }, (_, i) => resp('ECHO', `x${i}`)));
    raw.write(many);
    raw.socket.destroy();
    await othersStillServed();
  });

  it('a client that stops reading its replies does not stop the others, and gets everything later', async () => {
    const value = 'x'.repeat(1024 * 1024);
    await ours.client.set('big-value', value);
    const slow = connect({ port: ours.port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.pause(); // never read, so the server's socket buffers fill
    const requests = 200; // 200 MB of replies
    // Sent in batches of 10 MB of replies, so the server meets later requests while earlier
    // replies are still unread.
    for (let batch = 0; batch < 20; batch++) {
      slow.write(Buffer.concat(Array.from({ length: requests / 20 }, () => resp('GET', 'big-value'))));
      await new Promise((r) => setTimeout(r, 20));
    }
    await othersStillServed();
    // Past 64 MB of unsent output the server stops reading that client, so it holds far less
    // than the 200 MB the requests asked for (CLIENT LIST's omem counts what it holds).
    const omem = [...ours.server.clients()].map((c) => Number(/ omem=(\d+)/.exec(c.describe())?.[1] ?? 0));
    expect(Math.max(...omem)).toBeGreaterThan(32 * 1024 * 1024);
    expect(Math.max(...omem)).toBeLessThan(100 * 1024 * 1024);
    // Reading again, the slow client receives every reply intact.
    const expectedBytes = requests * (`$${value.length}\r\n`.length + value.length + 2);
    let received = 0;
    slow.on('data', (chunk: Buffer) => (received += chunk.length));
    slow.resume();
    const deadline = Date.now() + 15_000;
    while (received < expectedBytes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(received).toBe(expectedBytes);
    slow.destroy();
  });

  it('random garbage never crashes the server', async () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 30; round++) {
      const raw = await RawClient.connect(ours.port);
      const junk = Buffer.alloc(200 + (next() % 800));
      for (let i = 0; i < junk.length; i++) junk[i] = next() & 0xff;
      raw.write(junk);
      await raw.readBytes(1, 50);
      raw.close();
    }
    await othersStillServed();
  });

  it('an inline request over 64 KB without a newline is refused', async () => {
    const raw = await RawClient.connect(ours.port);
    raw.write(Buffer.alloc(100_000, 0x61));
    expect((await raw.readUntil('\r\n')).toString('latin1')).toBe('-ERR Protocol error: too big inline request\r\n');
    expect(await raw.waitClosed()).toBe(true);
    await othersStillServed();
  });

  it('a query buffer over client-query-buffer-limit closes the client without a reply', async () => {
    const small = await startTestServer({ 'client-query-buffer-limit': '1mb', 'proto-max-bulk-len': '8mb' });
    try {
      const raw = await RawClient.connect(small.port);
      raw.write('*2\r\n$4\r\nECHO\r\n$5000000\r\n');
      raw.write(Buffer.alloc(2_000_000, 0x61));
      expect(await raw.waitClosed(5000)).toBe(true);
      expect((await raw.readBytes(0, 10)).length).toBe(0);
      const ok = new Redis({ port: small.port });
      expect(await ok.ping()).toBe('PONG');
      ok.disconnect();
    } finally {
      await small.close();
    }
  });
});
