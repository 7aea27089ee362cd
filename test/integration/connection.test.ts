// Connection commands over TCP: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO, with ioredis,
// node-redis (RESP2 and RESP3) and raw bytes. Expected texts read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ raw: false });
const secured = useTsredis({ raw: false, config: { requirepass: 'secret' } });

describe('PING, ECHO, QUIT, RESET', () => {
  it('PING replies PONG or echoes its argument', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('PING\r\n')).toBe('+PONG\r\n');
    expect(await raw.roundTrip('PING hello\r\n', 'hello\r\n')).toBe('$5\r\nhello\r\n');
    expect(await raw.roundTrip('PING a b\r\n')).toBe("-ERR wrong number of arguments for 'ping' command\r\n");
    raw.close();
  });

  it('QUIT replies OK and closes', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('QUIT\r\n')).toBe('+OK\r\n');
    expect(await raw.waitClosed()).toBe(true);
  });

  it('RESET returns to db 0 and RESP2', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('SELECT 3\r\n')).toBe('+OK\r\n');
    await raw.roundTrip('HELLO 3\r\n', '*0\r\n');
    expect(await raw.roundTrip('RESET\r\n')).toBe('+RESET\r\n');
    expect(await raw.roundTrip('HELLO\r\n', '*0\r\n')).toMatch(/\$5\r\nproto\r\n:2\r\n/);
    raw.close();
  });
});

describe('SELECT', () => {
  it('validates the index with Redis error texts', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('SELECT 16\r\n')).toBe('-ERR DB index is out of range\r\n');
    expect(await raw.roundTrip('SELECT -1\r\n')).toBe('-ERR DB index is out of range\r\n');
    expect(await raw.roundTrip('SELECT abc\r\n')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(await raw.roundTrip('SELECT 15\r\n')).toBe('+OK\r\n');
    raw.close();
  });

  it('respects the databases directive', async () => {
    const four = await startTestServer({ databases: 4 });
    const raw = await RawClient.connect(four.port);
    expect(await raw.roundTrip('SELECT 4\r\n')).toBe('-ERR DB index is out of range\r\n');
    expect(await raw.roundTrip('SELECT 3\r\n')).toBe('+OK\r\n');
    raw.close();
    await four.close();
  });
});

describe('unknown commands and arity', () => {
  it('names the command and quotes its first arguments', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('FOO a b\r\n')).toBe("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
    expect(await raw.roundTrip('FOO\r\n')).toBe("-ERR unknown command 'FOO', with args beginning with: \r\n");
    const long = 'x'.repeat(200);
    expect(await raw.roundTrip(`foo ${long} b\r\n`)).toBe(
      `-ERR unknown command 'foo', with args beginning with: '${'x'.repeat(128)}' \r\n`,
    );
    raw.close();
  });

  it('is case-insensitive', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('pInG\r\n')).toBe('+PONG\r\n');
    raw.close();
  });
});

describe('AUTH and requirepass', () => {
  it('refuses commands before AUTH with NOAUTH', async () => {
    const raw = await RawClient.connect(secured.port);
    expect(await raw.roundTrip('PING\r\n')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await raw.roundTrip('AUTH wrong\r\n')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(await raw.roundTrip('AUTH default wrong\r\n')).toBe(
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
    );
    expect(await raw.roundTrip('AUTH secret\r\n')).toBe('+OK\r\n');
    expect(await raw.roundTrip('PING\r\n')).toBe('+PONG\r\n');
    raw.close();
  });

  it('unauthenticated clients may not announce big frames', async () => {
    const many = await RawClient.connect(secured.port);
    expect(await many.roundTrip('*11\r\n')).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
    expect(await many.waitClosed()).toBe(true);
    const big = await RawClient.connect(secured.port);
    expect(await big.roundTrip('*1\r\n$20000\r\n')).toBe('-ERR Protocol error: unauthenticated bulk length\r\n');
    expect(await big.waitClosed()).toBe(true);
    // AUTH first, then a big command in the same write: AUTH runs before the next frame is read.
    const ok = await RawClient.connect(secured.port);
    const value = 'v'.repeat(20_000);
    expect(await ok.roundTrip(`AUTH secret\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n${value}\r\n`, `${value}\r\n`)).toBe(
      `+OK\r\n$20000\r\n${value}\r\n`,
    );
    ok.close();
  });

  it('HELLO needs authentication unless it carries AUTH', async () => {
    const raw = await RawClient.connect(secured.port);
    expect(await raw.roundTrip('HELLO 3\r\n')).toBe(
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n',
    );
    expect(await raw.roundTrip('HELLO 3 AUTH default secret\r\n', '*0\r\n')).toMatch(/^%7\r\n/);
    raw.close();
  });

  it('AUTH without a configured password explains itself', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('AUTH x\r\n')).toBe(
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n',
    );
    expect(await raw.roundTrip('AUTH a b c\r\n')).toBe('-ERR syntax error\r\n');
    raw.close();
  });

  it('ioredis authenticates with a password and fails with a wrong one', async () => {
    const good = new Redis({ port: secured.port, password: 'secret' });
    expect(await good.ping()).toBe('PONG');
    good.disconnect();
    const bad = new Redis({ port: secured.port, password: 'nope', maxRetriesPerRequest: 0, retryStrategy: () => null });
    bad.on('error', () => undefined);
    await expect(bad.ping()).rejects.toThrow(/WRONGPASS/);
    bad.disconnect();
  });
});

describe('HELLO', () => {
  it('errors exactly as Redis does', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip('HELLO 4\r\n')).toBe('-NOPROTO unsupported protocol version\r\n');
    expect(await raw.roundTrip('HELLO abc\r\n')).toBe('-ERR Protocol version is not an integer or out of range\r\n');
    expect(await raw.roundTrip('HELLO 2 foo\r\n')).toBe("-ERR Syntax error in HELLO option 'foo'\r\n");
    expect(await raw.roundTrip('HELLO 2 setname\r\n')).toBe("-ERR Syntax error in HELLO option 'setname'\r\n");
    raw.close();
  });

  it('HELLO SETNAME names the connection; invalid names are refused', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip('HELLO 2 SETNAME worker-1\r\n', '*0\r\n');
    expect(await raw.roundTrip('CLIENT GETNAME\r\n', 'worker-1\r\n')).toBe('$8\r\nworker-1\r\n');
    expect(await raw.roundTrip('HELLO 2 SETNAME "a b"\r\n')).toBe(
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n',
    );
    raw.close();
  });

  it('HELLO 3 switches to RESP3: a map reply, then `_` for null', async () => {
    const raw = await RawClient.connect(ours.port);
    const hello = await raw.roundTrip('HELLO 3\r\n', '*0\r\n');
    expect(hello).toMatch(/^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$/);
    raw.close();
  });

  it('node-redis connects in RESP3 and RESP2', async () => {
    for (const RESP of [2, 3] as const) {
      const client = createClient({ url: ours.running.url, RESP });
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.echo('hi')).toBe('hi');
      await client.quit();
    }
  });
});

describe('error replies are one C-string line, as Redis writes them', () => {
  it('cut at NUL, trailing CR/LF trimmed, inner CR/LF as spaces; SELECT checks the C int range', async () => {
    const raw = await RawClient.connect(ours.port);
    // Each expected line read off Redis 7.0.15.
    expect(await raw.roundTrip(Buffer.from('*2\r\n$4\r\nECeO\r\n$4\r\n\x00\r\n\xff\r\n', 'latin1'))).toBe(
      "-ERR unknown command 'ECeO', with args beginning with: '' \r\n",
    );
    expect(await raw.roundTrip('*3\r\n$4\r\nECeO\r\n$3\r\na\nb\r\n$2\r\nc\n\r\n')).toBe(
      "-ERR unknown command 'ECeO', with args beginning with: 'a b' 'c ' \r\n",
    );
    // Only the formatted argument ends at its NUL; the rest of the message stays.
    expect(await raw.roundTrip(Buffer.from('*3\r\n$5\r\nHELLO\r\n$1\r\n2\r\n$3\r\na\x00b\r\n', 'latin1'))).toBe(
      "-ERR Syntax error in HELLO option 'a'\r\n",
    );
    expect(await raw.roundTrip('SELECT 2147483648\r\n')).toBe(
      '-ERR value is out of range, value must between -2147483648 and 2147483647\r\n',
    );
    expect(await raw.roundTrip('HELLO 2 SETNAME app NX\r\n')).toBe("-ERR Syntax error in HELLO option 'NX'\r\n");
    expect(await raw.roundTrip('CLIENT GETNAME\r\n', 'app\r\n')).toBe('$3\r\napp\r\n');
    raw.close();
  });
});
