// MONITOR and scripts: EVAL, EVALSHA, FCALL and their _RO forms show their own line before the
// script runs (even when it then fails, as an unknown EVALSHA), and each command the script runs
// follows as "[db lua]". Lines read off redis-server 7.0.15's MONITOR (timestamps aside).

import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient, resp } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false });

beforeAll(async () => {
  ours.clock.freeze();
  ours.clock.set(1_700_000_000_123);
});

describe('MONITOR and scripts', () => {
  it('shows EVAL, EVALSHA, EVAL_RO and FCALL, each followed by its commands as [0 lua]', async () => {
    const other = await RawClient.connect(ours.port);
    const lib = "#!lua name=t3lib\nredis.register_function('t3f', function(keys, args) return redis.call('get', 'y') end)";
    expect(await other.roundTrip(resp('FUNCTION', 'LOAD', lib))).toBe('$5\r\nt3lib\r\n');
    const info = await other.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    const addr = /addr=(\S+)/.exec(info)?.[1] ?? '';
    const monitor = await RawClient.connect(ours.port);
    expect(await monitor.roundTrip(resp('MONITOR'))).toBe('+OK\r\n');
    await other.roundTrip(resp('EVAL', "redis.call('set','y','1'); return redis.call('get','y')", '0'));
    await other.roundTrip(resp('EVALSHA', '4c3fa8f8ab9ab6a9d6fa3a9a6c87bbbee3aa5d62', '0'));
    await other.roundTrip(resp('EVAL_RO', "return redis.call('get','y')", '0'));
    await other.roundTrip(resp('FCALL', 't3f', '0'));
    await other.roundTrip(resp('PING'));
    const lines = (await monitor.readUntil('"PING"\r\n')).toString('latin1');
    const at = '+1700000000.123000';
    expect(lines).toBe(
      [
        `${at} [0 ${addr}] "EVAL" "redis.call('set','y','1'); return redis.call('get','y')" "0"`,
        `${at} [0 lua] "set" "y" "1"`,
        `${at} [0 lua] "get" "y"`,
        `${at} [0 ${addr}] "EVALSHA" "4c3fa8f8ab9ab6a9d6fa3a9a6c87bbbee3aa5d62" "0"`,
        `${at} [0 ${addr}] "EVAL_RO" "return redis.call('get','y')" "0"`,
        `${at} [0 lua] "get" "y"`,
        `${at} [0 ${addr}] "FCALL" "t3f" "0"`,
        `${at} [0 lua] "get" "y"`,
        `${at} [0 ${addr}] "PING"`,
        '',
      ].join('\r\n'),
    );
    monitor.close();
    other.close();
  });
});
