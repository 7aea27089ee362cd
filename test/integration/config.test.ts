// CONFIG GET/SET/RESETSTAT/REWRITE/HELP over TCP, with Redis 7.0.15's reply shapes and error texts.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false, ioredis: {} });

/** A flat [name, value, ...] reply as a Map. */
function pairs(flat: unknown): Map<string, string> {
  const list = flat as string[];
  const out = new Map<string, string>();
  for (let i = 0; i < list.length; i += 2) out.set(list[i] as string, list[i + 1] as string);
  return out;
}

describe('CONFIG GET', () => {
  it('returns name/value pairs for one or more patterns, each name once', async () => {
    expect(await ours.client.config('GET', 'hz')).toEqual(['hz', '10']);
    const got = pairs(await ours.client.call('CONFIG', 'GET', 'maxmemory', 'hz', 'HZ'));
    expect(got).toEqual(new Map([['maxmemory', '0'], ['hz', '10']]));
    expect(await ours.client.config('GET', 'nosuchparam')).toEqual([]);
  });

  it('matches glob patterns', async () => {
    const got = pairs(await ours.client.config('GET', 'maxmemory*'));
    expect([...got.keys()].sort()).toEqual(
      ['maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples'],
    );
  });

  it('is a map in RESP3 and a flat array in RESP2', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip(resp('CONFIG', 'GET', 'hz'), '10\r\n')).toBe('*2\r\n$2\r\nhz\r\n$2\r\n10\r\n');
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    expect(await raw.roundTrip(resp('CONFIG', 'GET', 'hz'), '10\r\n')).toBe('%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
    raw.close();
    const client = createClient({ url: ours.running.url, RESP: 3 });
    await client.connect();
    expect(await client.configGet('maxmemory-policy')).toEqual({ 'maxmemory-policy': 'noeviction' });
    await client.quit();
  });

  it('needs at least one pattern', async () => {
    await expect(ours.client.call('CONFIG', 'GET')).rejects.toThrow("ERR wrong number of arguments for 'config|get' command");
  });
});

describe('CONFIG SET', () => {
  it('sets several parameters at once and CONFIG GET shows them', async () => {
    expect(await ours.client.call('CONFIG', 'SET', 'slowlog-max-len', '5', 'maxmemory', '1mb')).toBe('OK');
    expect(pairs(await ours.client.call('CONFIG', 'GET', 'slowlog-max-len', 'maxmemory'))).toEqual(
      new Map([['slowlog-max-len', '5'], ['maxmemory', '1048576']]),
    );
    await ours.client.call('CONFIG', 'SET', 'slowlog-max-len', '128', 'maxmemory', '0');
  });

  it('reports Redis error texts', async () => {
    const cases: Array<[string[], string]> = [
      [['hz', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"],
      [['daemonize', 'yes'], "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"],
      [['dir', '/tmp'], "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"],
      [['hz', '10', 'hz', '11'], "ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter"],
      [['maxmemory', '1', 'foo', '2'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
      [['maxmemory', '10', 'hz'], 'ERR syntax error'],
      [['timeout', '-1'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive"],
      [['maxmemory'], "ERR wrong number of arguments for 'config|set' command"],
    ];
    const raw = await RawClient.connect(ours.port);
    for (const [args, message] of cases) {
      expect(await raw.roundTrip(resp('CONFIG', 'SET', ...args))).toBe(`-${message}\r\n`);
    }
    raw.close();
  });

  it('is all or nothing: a bad value leaves the good ones unchanged', async () => {
    await expect(ours.client.call('CONFIG', 'SET', 'hz', '20', 'maxmemory-policy', 'nope')).rejects.toThrow(/maxmemory-policy/);
    expect(await ours.client.config('GET', 'hz')).toEqual(['hz', '10']);
  });
});

describe('CONFIG RESETSTAT, REWRITE, HELP', () => {
  it('RESETSTAT zeroes the INFO counters', async () => {
    const local = await startTestServer();
    // disableClientInfo: ioredis would send CLIENT SETINFO (Redis 7.2), an error for a 7.0 server.
    const client = new Redis({ port: local.port, disableClientInfo: true });
    await client.ping();
    await client.call('NOSUCH').catch(() => undefined);
    expect(local.server.stats.totalErrorReplies).toBe(1);
    expect(await client.config('RESETSTAT')).toBe('OK');
    const stats = await client.info('stats');
    expect(stats).toContain('\r\ntotal_error_replies:0\r\n');
    expect(stats).toContain('\r\ntotal_connections_received:0\r\n');
    expect(stats).toMatch(/\r\ntotal_commands_processed:1\r\n/);
    client.disconnect();
    await local.close();
  });

  it('REWRITE without a config file fails as in Redis', async () => {
    await expect(ours.client.call('CONFIG', 'REWRITE')).rejects.toThrow('ERR The server is running without a config file');
  });

  it('HELP lists the subcommands as status lines', async () => {
    const raw = await RawClient.connect(ours.port);
    const help = await raw.roundTrip(resp('CONFIG', 'HELP'), '+    Prints this help.\r\n');
    expect(help.startsWith('*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n')).toBe(true);
    expect(await raw.roundTrip(resp('CONFIG', 'NOPE'))).toBe("-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n");
    expect(await raw.roundTrip(resp('CONFIG'))).toBe("-ERR wrong number of arguments for 'config' command\r\n");
    raw.close();
  });
});
