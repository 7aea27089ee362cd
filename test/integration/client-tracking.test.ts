// Client-side caching: CLIENT TRACKING (default, OPTIN/OPTOUT, BCAST, NOLOOP, REDIRECT), CACHING,
// GETREDIR, TRACKINGINFO, the invalidation messages (RESP3 push, RESP2 pub/sub redirect, flush
// nulls, broken redirects), CLIENT LIST's flags and INFO's tracking fields. Every scenario runs on
// tsredis and, when redis-server is installed, on a real Redis 7.0 as well, and the bytes must match.

import { beforeAll, describe, expect, it } from 'vitest';
import { resp, type RawClient } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, withFreshClients, type Scenario } from '../helpers/side-by-side.js';

const PONG = '+PONG\r\n';
/** A RESP2 subscriber's PING reply. */
const SUBSCRIBED_PONG = '*2\r\n$4\r\npong\r\n$0\r\n\r\n';

/**
 * Send a command (or nothing) followed by a PING, and return everything that arrived before the
 * PING's reply ('(nothing)' if nothing did). Whatever another client's finished command sent this
 * one (an invalidation) is already in its output when the PING is processed, so the transcript does
 * not depend on timing.
 */
async function io(client: RawClient, argv: string[], pong = PONG): Promise<string> {
  client.write(Buffer.concat([...(argv.length > 0 ? [resp(...argv)] : []), resp('PING')]));
  let got = '';
  const deadline = Date.now() + 5000;
  while (!got.includes(pong) && Date.now() < deadline) got += (await client.readBytes(1, 100)).toString('latin1');
  // A BCAST message caused by this very command leaves in the same turn, just after the PONG.
  got += (await client.readBytes(1_000_000, 30)).toString('latin1');
  const at = got.indexOf(pong);
  const rest = at === -1 ? `${got}(no PONG)` : got.slice(0, at) + got.slice(at + pong.length);
  return rest === '' ? '(nothing)' : rest;
}


async function idOf(client: RawClient): Promise<string> {
  return (await client.roundTrip(resp('CLIENT', 'ID'))).slice(1, -2);
}

/** RESP3, with HELLO's reply (it holds the connection id) left out of the transcript. */
async function hello3(client: RawClient): Promise<void> {
  await client.roundTrip(resp('HELLO', '3'), 'modules\r\n*0\r\n');
}

const SCENARIOS: Record<string, Scenario> = {
  'argument errors and TRACKINGINFO / GETREDIR in every mode': (port) =>
    withFreshClients(port, 1, async ([a]) => {
      const out: string[] = [];
      for (const argv of [
        ['CLIENT', 'TRACKING'], ['CLIENT', 'TRACKING', 'maybe'], ['CLIENT', 'TRACKING', 'on', 'REDIRECT', 'x'],
        ['CLIENT', 'TRACKING', 'on', 'REDIRECT', '99999'], ['CLIENT', 'TRACKING', 'on', 'REDIRECT', '0'],
        ['CLIENT', 'TRACKING', 'on', 'PREFIX', 'a'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN'],
        ['CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT'], ['CLIENT', 'TRACKING', 'on', 'foo'], ['CLIENT', 'TRACKING', 'on', 'PREFIX'],
        ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'ab'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'a'],
        ['CLIENT', 'CACHING', 'yes'], ['CLIENT', 'CACHING', 'maybe'], ['CLIENT', 'GETREDIR'], ['CLIENT', 'TRACKINGINFO'],
        ['CLIENT', 'TRACKING', 'off', 'BCAST'], ['CLIENT', 'TRACKING', 'on', 'OPTIN'], ['CLIENT', 'CACHING', 'no'],
        ['CLIENT', 'CACHING', 'yes'], ['CLIENT', 'CACHING', 'maybe'], ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'GETREDIR'],
        ['CLIENT', 'TRACKING', 'on', 'OPTOUT'], ['CLIENT', 'TRACKING', 'on', 'BCAST'], ['CLIENT', 'TRACKING', 'on'],
        ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'TRACKING', 'off'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'b', 'NOLOOP'],
        ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'bc'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a'],
        ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'TRACKING', 'on'], ['CLIENT', 'TRACKING', 'off'], ['CLIENT', 'TRACKINGINFO'],
      ]) {
        out.push(await io(a!, argv));
      }
      return out;
    }),

  'default mode in RESP3: reads remembered, one message per read, own writes after the reply, flushes': (port) =>
    withFreshClients(port, 2, async ([t, w]) => {
      await hello3(t!);
      const out: string[] = [];
      const step = async (c: RawClient, argv: string[]): Promise<void> => {
        out.push(await io(c, argv));
      };
      await step(t!, ['CLIENT', 'TRACKING', 'on']);
      await step(t!, ['GET', 'a']);
      await step(t!, ['MGET', 'b', 'c']);
      await step(w!, ['SET', 'a', '1']);
      await step(t!, []);
      await step(w!, ['MSET', 'b', '1', 'c', '2']);
      await step(t!, []);
      await step(t!, ['GET', 'a']);
      await step(t!, ['SET', 'a', '2']);
      await step(t!, ['GET', 'a']);
      t!.write(Buffer.concat([resp('MULTI'), resp('INCR', 'a'), resp('INCR', 'a')]));
      await step(t!, ['EXEC']);
      await step(t!, ['GET', 'a']);
      await step(w!, ['FLUSHALL']);
      await step(t!, []);
      await step(t!, ['FLUSHDB']);
      await step(t!, ['SET', 'e', '1', 'PX', '300']);
      await step(t!, ['GET', 'e']);
      // The key expires by the active cycle meanwhile.
      await new Promise((r) => setTimeout(r, 900));
      await step(t!, []);
      await step(w!, ['GET', 'e']);
      await step(t!, ['GET', 'q']);
      await step(w!, ['DEL', 'q']);
      await step(t!, []);
      await step(w!, ['SET', 'q', '1']);
      await step(t!, []);
      await step(w!, ['SET', 'q', '2']);
      await step(t!, []);
      await step(t!, ['EVAL_RO', "return redis.call('get', KEYS[1])", '1', 'ro']);
      await step(w!, ['SET', 'ro', '1']);
      await step(t!, []);
      await step(t!, ['EVAL', "return redis.call('get', 'z')", '0']);
      await step(w!, ['SET', 'z', '1']);
      await step(t!, []);
      out.push((await io(w!, ['INFO', 'clients'])).match(/tracking_clients:\d+/)?.[0] ?? 'no tracking_clients');
      return out;
    }),

  'OPTIN and OPTOUT with CLIENT CACHING, in and out of MULTI': (port) =>
    withFreshClients(port, 3, async ([i, o, w]) => {
      await hello3(i!);
      await hello3(o!);
      const out: string[] = [];
      out.push(await io(i!, ['CLIENT', 'TRACKING', 'on', 'OPTIN']));
      out.push(await io(o!, ['CLIENT', 'TRACKING', 'on', 'OPTOUT']));
      out.push(await io(i!, ['GET', 'k1']), await io(i!, ['CLIENT', 'CACHING', 'yes']), await io(i!, ['GET', 'k2']), await io(i!, ['GET', 'k3']));
      out.push(await io(o!, ['GET', 'k1']), await io(o!, ['CLIENT', 'CACHING', 'no']), await io(o!, ['GET', 'k2']), await io(o!, ['GET', 'k3']));
      i!.write(Buffer.concat([resp('CLIENT', 'CACHING', 'yes'), resp('MULTI'), resp('GET', 'k4'), resp('GET', 'k5')]));
      out.push(await io(i!, ['EXEC']));
      out.push(await io(w!, ['MSET', 'k1', '1', 'k2', '2', 'k3', '3', 'k4', '4', 'k5', '5']));
      out.push(await io(i!, []), await io(o!, []));
      return out;
    }),

  'REDIRECT to a RESP2 subscriber, flush nulls, and a redirect target that goes away': (port) =>
    withFreshClients(port, 5, async ([r, t, w, t3, r3]) => {
      const out: string[] = [];
      const rid = await idOf(r!);
      out.push(await io(r!, ['SUBSCRIBE', '__redis__:invalidate'], SUBSCRIBED_PONG));
      out.push(await io(t!, ['CLIENT', 'TRACKING', 'on', 'REDIRECT', rid]));
      out.push((await io(t!, ['CLIENT', 'GETREDIR'])) === `:${rid}\r\n` ? 'getredir ok' : 'getredir wrong');
      out.push(await io(t!, ['GET', 'x']), await io(w!, ['SET', 'x', '1']), await io(r!, [], SUBSCRIBED_PONG));
      out.push(await io(w!, ['FLUSHALL']), await io(r!, [], SUBSCRIBED_PONG));
      await hello3(t3!);
      const rid3 = await idOf(r3!);
      out.push(await io(t3!, ['CLIENT', 'TRACKING', 'on', 'REDIRECT', rid3]), await io(t3!, ['GET', 'k3']));
      r3!.close();
      await new Promise((r) => setTimeout(r, 50));
      out.push(await io(w!, ['SET', 'k3', '1']));
      out.push((await io(t3!, [])).replace(`:${rid3}\r\n`, ':<id>\r\n'));
      out.push((await io(t3!, ['CLIENT', 'TRACKINGINFO'])).replace(`:${rid3}\r\n`, ':<id>\r\n'));
      const list = await io(w!, ['CLIENT', 'LIST']);
      out.push(list.includes(' flags=tR ') ? 'list shows tR' : list);
      return out;
    }),

  'BCAST: prefixes, one sorted message per turn, NOLOOP, INFO and CLIENT LIST': (port) =>
    withFreshClients(port, 3, async ([b, n, w]) => {
      await hello3(b!);
      await hello3(n!);
      const out: string[] = [];
      out.push(await io(b!, ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'u:', 'PREFIX', 'v:']));
      out.push(await io(n!, ['CLIENT', 'TRACKING', 'on', 'BCAST', 'NOLOOP']));
      // Each command ends an event-loop turn: one message per subscriber and turn, its keys sorted.
      out.push(await io(w!, ['MSET', 'u:2', '1', 'u:1', '1', 'x', '1']));
      out.push(await io(w!, ['SET', 'u:1', '2']));
      out.push(await io(w!, ['SET', 'v:9', '1']));
      out.push(await io(b!, []), await io(n!, []));
      out.push(await io(n!, ['SET', 'mine', '1']), await io(n!, []));
      out.push(await io(b!, ['SET', 'u:3', '1']), await io(b!, []));
      const info = await io(w!, ['INFO', 'stats']);
      out.push(info.match(/tracking_total_\w+:\d+/g)?.join(' ') ?? info);
      const list = await io(w!, ['CLIENT', 'LIST']);
      out.push(list.includes(' flags=tB ') && list.includes(' redir=0 ') ? 'list shows tB redir=0' : list);
      return out;
    }),
};

const ours = useTsredis({ raw: false });

// Load Lua now: an EVAL waiting for the runtime's first load would look like a missing reply.
beforeAll(() => withFreshClients(ours.port, 1, async ([c]) => c!.roundTrip(resp('EVAL', 'return 1', '0'))));

describe('client-side caching on tsredis (texts read off Redis 7.0.15)', () => {
  it('RESP3 invalidation pushes: after a write by another client, after its own reply, and a flush', async () => {
    const out = await SCENARIOS['default mode in RESP3: reads remembered, one message per read, own writes after the reply, flushes']!(ours.port);
    const inv = (key: string): string => `>2\r\n$10\r\ninvalidate\r\n*1\r\n$${key.length}\r\n${key}\r\n`;
    expect(out.slice(0, 10)).toEqual([
      '+OK\r\n', '_\r\n', '*2\r\n_\r\n_\r\n', '+OK\r\n', inv('a'), '+OK\r\n', inv('b') + inv('c'), '$1\r\n1\r\n', `+OK\r\n${inv('a')}`, '$1\r\n2\r\n',
    ]);
    expect(out[10]).toBe(`+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:3\r\n:4\r\n${inv('a')}`);
    expect(out[13]).toBe('>2\r\n$10\r\ninvalidate\r\n_\r\n');
  });

  it('every scenario runs without leaving the server in a bad state', async () => {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      expect((await scenario(ours.port)).length, name).toBeGreaterThan(0);
    }
    expect(await withFreshClients(ours.port, 1, async ([c]) => io(c!, ['INFO', 'clients']))).toContain('tracking_clients:0');
  }, 30000);
});

describeAgainstRealRedis('client-side caching', SCENARIOS, () => ours.port);
