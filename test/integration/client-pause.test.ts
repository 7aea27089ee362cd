// CLIENT PAUSE / CLIENT UNPAUSE: which commands wait, in what order they run afterwards, and what
// stops meanwhile (expiry, eviction). The transcripts run on tsredis and, when redis-server is
// installed, on a real Redis 7.0 too, and must match byte for byte.

import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient, resp } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, withFreshClients, type Scenario } from '../helpers/side-by-side.js';

/** Send and wait for one reply line; '(postponed)' when nothing came within `waitMs`. */
async function tryOne(client: RawClient, argv: string[], waitMs = 80): Promise<string> {
  client.write(resp(...argv));
  const got = (await client.readBytes(1, waitMs)).toString('latin1');
  if (got === '') return '(postponed)';
  // Let a multi-line reply finish arriving.
  return got + (await client.readBytes(1_000_000, 20)).toString('latin1');
}


const SCENARIOS: Record<string, Scenario> = {
  'argument errors': (port) =>
    withFreshClients(port, 1, async ([a]) => {
      const out: string[] = [];
      for (const argv of [
        ['CLIENT', 'PAUSE'], ['CLIENT', 'PAUSE', 'abc'], ['CLIENT', 'PAUSE', '-1'], ['CLIENT', 'PAUSE', '100', 'FOO'],
        ['CLIENT', 'PAUSE', 'abc', 'FOO'], ['CLIENT', 'PAUSE', '100', 'WRITE', 'EXTRA'], ['CLIENT', 'UNPAUSE', 'x'],
        ['CLIENT', 'UNPAUSE'], ['CLIENT', 'PAUSE', '0'], ['PING'],
      ]) {
        out.push(await tryOne(a!, argv));
      }
      return out;
    }),

  'WRITE pauses writes and may-replicate commands; reads and admin commands go on; UNPAUSE runs them in order': (port) =>
    withFreshClients(port, 6, async ([a, b, c, d, e, f]) => {
      const out: string[] = [];
      out.push(await tryOne(a!, ['SET', 'k', 'old']));
      out.push(await tryOne(a!, ['CLIENT', 'PAUSE', '100000', 'WRITE']));
      out.push(await tryOne(b!, ['GET', 'k']));
      out.push(await tryOne(b!, ['SET', 'k', 'b']));
      out.push(await tryOne(c!, ['EVAL_RO', 'return 1', '0']));
      out.push(await tryOne(c!, ['EVAL', "return redis.call('get', 'k')", '0']));
      out.push(await tryOne(d!, ['PUBLISH', 'ch', 'm']));
      out.push(await tryOne(e!, ['MULTI']));
      out.push(await tryOne(e!, ['GET', 'k']));
      out.push(await tryOne(e!, ['SET', 'k', 'e']));
      for (const argv of [['PING'], ['DBSIZE'], ['SCRIPT', 'FLUSH'], ['SELECT', '1'], ['PFCOUNT', 'h'], ['EXPIRE', 'k', '10']]) {
        out.push(await tryOne(f!, argv));
        if (out[out.length - 1] === '(postponed)') break;
      }
      const g = await RawClient.connect(port);
      out.push(await tryOne(g, ['CLIENT', 'UNPAUSE']));
      g.close();
      // Postponed commands ran in order: b's SET before c's EVAL (which sees 'b').
      await new Promise((r) => setTimeout(r, 50));
      for (const client of [b!, c!, d!, e!, f!]) out.push((await client.readBytes(1, 100)).toString('latin1'));
      out.push(await tryOne(e!, ['EXEC']));
      out.push(await tryOne(a!, ['GET', 'k']));
      return out;
    }),

  'ALL postpones everything, UNPAUSE too, until the timeout': (port) =>
    withFreshClients(port, 3, async ([a, b, c]) => {
      const out: string[] = [];
      out.push(await tryOne(a!, ['CLIENT', 'PAUSE', '300', 'ALL']));
      out.push(await tryOne(b!, ['PING']));
      out.push(await tryOne(c!, ['CLIENT', 'UNPAUSE']));
      out.push(await tryOne(a!, ['GET', 'k']));
      await new Promise((r) => setTimeout(r, 400));
      for (const client of [b!, c!, a!]) out.push((await client.readBytes(1, 100)).toString('latin1'));
      return out;
    }),

  'a postponed client that hangs up: its command never runs': (port) =>
    withFreshClients(port, 3, async ([a, b, c]) => {
      const out: string[] = [];
      out.push(await tryOne(a!, ['CLIENT', 'PAUSE', '100000', 'WRITE']));
      out.push(await tryOne(b!, ['SET', 'gone', '1']));
      b!.close();
      await new Promise((r) => setTimeout(r, 50));
      out.push(await tryOne(c!, ['CLIENT', 'UNPAUSE']));
      await new Promise((r) => setTimeout(r, 50));
      out.push(await tryOne(c!, ['EXISTS', 'gone']));
      return out;
    }),

  'keys do not expire while paused, but read as missing; they go once the pause ends': (port) =>
    withFreshClients(port, 2, async ([a, b]) => {
      const out: string[] = [];
      out.push(await tryOne(a!, ['SET', 'ttl', 'v', 'PX', '100']));
      out.push(await tryOne(a!, ['CLIENT', 'PAUSE', '100000', 'WRITE']));
      await new Promise((r) => setTimeout(r, 300));
      out.push(await tryOne(b!, ['GET', 'ttl']));
      out.push(await tryOne(b!, ['DBSIZE']));
      out.push(await tryOne(a!, ['CLIENT', 'UNPAUSE']));
      out.push(await tryOne(b!, ['GET', 'ttl']));
      out.push(await tryOne(b!, ['DBSIZE']));
      return out;
    }),
};

const ours = useTsredis({ raw: false });

// Load Lua now: an EVAL waiting for the runtime's first load would look postponed.
beforeAll(() => withFreshClients(ours.port, 1, async ([c]) => c!.roundTrip(resp('EVAL', 'return 1', '0'))));

describe('CLIENT PAUSE on tsredis (replies read off Redis 7.0.15)', () => {
  it('argument errors', async () => {
    expect(await SCENARIOS['argument errors']!(ours.port)).toEqual([
      "-ERR wrong number of arguments for 'client|pause' command\r\n",
      '-ERR timeout is not an integer or out of range\r\n',
      '-ERR timeout is negative\r\n',
      '-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n',
      '-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n',
      "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n",
      "-ERR wrong number of arguments for 'client|unpause' command\r\n",
      '+OK\r\n', '+OK\r\n', '+PONG\r\n',
    ]);
  });

  it('WRITE: what waits, what runs, and the order afterwards', async () => {
    const out = await SCENARIOS['WRITE pauses writes and may-replicate commands; reads and admin commands go on; UNPAUSE runs them in order']!(ours.port);
    expect(out).toEqual([
      '+OK\r\n', '+OK\r\n', '$3\r\nold\r\n', '(postponed)', ':1\r\n', '(postponed)', '(postponed)',
      '+OK\r\n', '+QUEUED\r\n', '(postponed)',
      '+PONG\r\n', ':1\r\n', '+OK\r\n', '+OK\r\n', '(postponed)',
      '+OK\r\n',
      '+OK\r\n', '$1\r\nb\r\n', ':0\r\n', '+QUEUED\r\n', ':0\r\n',
      '*2\r\n$1\r\nb\r\n+OK\r\n', '$1\r\ne\r\n',
    ]);
  });

  it('a key past its TTL stays (reads as missing) until the pause ends', async () => {
    expect(await SCENARIOS['keys do not expire while paused, but read as missing; they go once the pause ends']!(ours.port)).toEqual([
      '+OK\r\n', '+OK\r\n', '$-1\r\n', ':1\r\n', '+OK\r\n', '$-1\r\n', ':0\r\n',
    ]);
  });
});

describeAgainstRealRedis('CLIENT PAUSE', SCENARIOS, () => ours.port);
