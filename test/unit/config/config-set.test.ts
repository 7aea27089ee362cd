// CONFIG SET and CONFIG GET semantics. Every expected error text was read off redis-server 7.0.15 (redis-cli).

import { describe, expect, it } from 'vitest';
import { Config, ConfigApplyError, ConfigSetError, isSensitiveParam } from '../../../src/config/config.js';

function setError(config: Config, args: string[], options = {}): string {
  try {
    config.configSet(args, options);
  } catch (err) {
    if (err instanceof ConfigSetError) return err.message;
    throw err;
  }
  throw new Error(`CONFIG SET ${args.join(' ')} succeeded`);
}

function get(config: Config, name: string): string | undefined {
  return config.configGet([name])[0]?.[1];
}

const failed = (name: string, reason: string): string => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;

describe('CONFIG SET / GET round trips', () => {
  it.each([
    ['maxmemory', '100mb', '104857600'],
    ['maxmemory', '1gb', '1073741824'],
    ['maxmemory', '1k', '1000'],
    ['maxmemory', '1kb', '1024'],
    ['maxmemory', '1KB', '1024'],
    ['maxmemory', '1Mb', '1048576'],
    ['maxmemory', '1m', '1000000'],
    ['maxmemory', '1g', '1000000000'],
    ['maxmemory', '1B', '1'],
    ['maxmemory', '01', '1'],
    ['maxmemory', '', '0'],
    ['maxmemory', 'kb', '0'],
    ['maxmemory', '18446744073709551615', '18446744073709551615'],
    ['maxmemory', '18446744073709551616', '18446744073709551615'],
    ['maxmemory', '99999999999999999999kb', '18446744073709550592'],
    ['maxmemory', '20000000000gb', '3028092406290448384'],
    ['hash-max-listpack-value', '1kb', '1024'],
    ['hz', '0', '1'],
    ['hz', '1000000', '500'],
    ['slowlog-log-slower-than', '-1', '-1'],
    ['protected-mode', 'NO', 'no'],
    ['loglevel', 'VERBOSE', 'verbose'],
    ['maxmemory-policy', 'ALLKEYS-LRU', 'allkeys-lru'],
    ['oom-score-adj', 'relative', 'yes'],
    ['maxmemory-clients', '10%', '10%'],
    ['maxmemory-clients', '0%', '0'],
    ['save', '', ''],
    ['save', '900 1 300 10', '900 1 300 10'],
    ['save', '900 ', '900 0'],
    ['save', '+5 -0', '5 0'],
    ['save', '1 4294967297', '1 1'],
    ['bind', '127.0.0.1 ::1', '127.0.0.1 ::1'],
    ['bind', '', ''],
    ['notify-keyspace-events', 'Ex', 'xE'],
    ['notify-keyspace-events', 'KEA', 'AKE'],
    ['notify-keyspace-events', 'gA', 'A'],
    ['notify-keyspace-events', 'Kn', 'nK'],
    ['notify-keyspace-events', 'KEAmdnt', 'AKEm'],
    ['notify-keyspace-events', 'mEKndtexzhsl$', '$lshzxetdnKEm'],
    ['client-output-buffer-limit', 'normal 1mb 2mb 60', 'normal 1048576 2097152 60 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
    ['client-output-buffer-limit', 'replica 1 2 3', 'normal 0 0 0 slave 1 2 3 pubsub 33554432 8388608 60'],
    ['client-output-buffer-limit', 'NORMAL 1 2 3 normal 4 5 +6', 'normal 4 5 6 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
    ['latency-tracking-info-percentiles', '12.3456789 1e1', '12.345679 10'],
    ['latency-tracking-info-percentiles', '', ''],
    ['shutdown-on-sigint', 'now SAVE', 'save now'],
    ['shutdown-on-sigint', 'default save', 'save'],
    ['oom-score-adj-values', '0 0 2000', '0 0 2000'],
    ['proc-title-template', '{{title}}', '{{title}}'],
    ['lua-time-limit', '6000', '6000'],
  ])('CONFIG SET %s %j then CONFIG GET shows %j', (name, value, shown) => {
    const config = new Config();
    config.configSet([name, value]);
    expect(get(config, name)).toBe(shown);
  });

  it('updates the typed value and its alias together', () => {
    const config = new Config();
    config.configSet(['maxmemory', '2mb', 'hash-max-ziplist-entries', '7', 'notify-keyspace-events', 'Ex']);
    expect(config.values.maxmemory).toBe(2 * 1024 * 1024);
    expect(config.get('hash-max-listpack-entries')).toBe(7);
    expect(config.configGet(['hash-max-ziplist-entries', 'hash-max-listpack-entries'])).toEqual([
      ['hash-max-ziplist-entries', '7'], ['hash-max-listpack-entries', '7'],
    ]);
    expect(config.get('notify-keyspace-events')).toBe((1 << 8) | (1 << 1)); // NOTIFY_EXPIRED | NOTIFY_KEYEVENT
  });

  it('accepts a parameter and its alias in one call, the last one winning (Redis 7.0 quirk)', () => {
    const config = new Config();
    config.configSet(['hash-max-ziplist-entries', '3', 'hash-max-listpack-entries', '4']);
    expect(config.get('hash-max-listpack-entries')).toBe(4);
  });
});

describe('CONFIG SET errors (texts from Redis 7.0.15)', () => {
  it.each([
    [['foo', 'bar'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['port', 'abc'], failed('port', "argument couldn't be parsed into an integer")],
    [['PORT', 'abc'], failed('port', "argument couldn't be parsed into an integer")],
    [['Lua-Time-Limit', 'abc'], failed('lua-time-limit', "argument couldn't be parsed into an integer")],
    [['hz', '+1'], failed('hz', "argument couldn't be parsed into an integer")],
    [['hz', '-0'], failed('hz', "argument couldn't be parsed into an integer")],
    [['hz', ''], failed('hz', "argument couldn't be parsed into an integer")],
    [['hz', '1k'], failed('hz', "argument couldn't be parsed into an integer")],
    [['slowlog-log-slower-than', '01'], failed('slowlog-log-slower-than', "argument couldn't be parsed into an integer")],
    [['port', '70000'], failed('port', 'argument must be between 0 and 65535 inclusive')],
    [['hz', '-1'], failed('hz', 'argument must be between 0 and 2147483647 inclusive')],
    [['slowlog-log-slower-than', '-2'], failed('slowlog-log-slower-than', 'argument must be between -1 and 9223372036854775807 inclusive')],
    [['slowlog-max-len', '-1'], failed('slowlog-max-len', 'argument must be between 0 and 9223372036854775807 inclusive')],
    [['maxclients', '0'], failed('maxclients', 'argument must be between 1 and 4294967295 inclusive')],
    [['maxclients', '4294967296'], failed('maxclients', 'argument must be between 1 and 4294967295 inclusive')],
    [['list-max-listpack-size', '-2147483649'], failed('list-max-listpack-size', 'argument must be between -2147483648 and 2147483647 inclusive')],
    [['proto-max-bulk-len', '1000'], failed('proto-max-bulk-len', 'argument must be between 1048576 and 9223372036854775807 inclusive')],
    [['proto-max-bulk-len', '9223372036854775808'], failed('proto-max-bulk-len', 'argument must be between 1048576 and 9223372036854775807 inclusive')],
    [['client-query-buffer-limit', '1000'], failed('client-query-buffer-limit', 'argument must be between 1048576 and 9223372036854775807 inclusive')],
    [['protected-mode', 'maybe'], failed('protected-mode', "argument must be 'yes' or 'no'")],
    [['protected-mode', '1'], failed('protected-mode', "argument must be 'yes' or 'no'")],
    [['maxmemory', '1.5mb'], failed('maxmemory', 'argument must be a memory value')],
    [['maxmemory', '-1'], failed('maxmemory', 'argument must be a memory value')],
    [['maxmemory', '1tb'], failed('maxmemory', 'argument must be a memory value')],
    [['maxmemory', ' 1'], failed('maxmemory', 'argument must be a memory value')],
    [['maxmemory-clients', '-1'], failed('maxmemory-clients', 'argument must be a memory or percent value')],
    [['maxmemory-clients', '101%'], failed('maxmemory-clients', 'percentage argument must be less or equal to 100')],
    [['maxmemory-policy', 'foo'], failed('maxmemory-policy', 'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction')],
    [['appendfsync', 'foo'], failed('appendfsync', 'argument(s) must be one of the following: everysec, always, no')],
    [['databases', '3'], failed('databases', "can't set immutable config")],
    [['DATABASES', '3'], failed('DATABASES', "can't set immutable config")],
    [['enable-debug-command', 'yes'], failed('enable-debug-command', "can't set immutable config")],
    [['slaveof', 'no one'], failed('slaveof', "can't set immutable config")],
    [['dir', '/tmp'], failed('dir', "can't set protected config")],
    [['dbfilename', 'x.rdb'], failed('dbfilename', "can't set protected config")],
    [['save', '900'], failed('save', 'Invalid save parameters')],
    [['save', '0 1'], failed('save', 'Invalid save parameters')],
    [['save', '900  1'], failed('save', 'Invalid save parameters')],
    [['notify-keyspace-events', 'KEA '], failed('notify-keyspace-events', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")],
    [['client-output-buffer-limit', 'master 1 2 3'], failed('client-output-buffer-limit', 'Invalid client class specified in buffer limit configuration.')],
    [['client-output-buffer-limit', 'normal 1 2'], failed('client-output-buffer-limit', 'Wrong number of arguments in buffer limit configuration.')],
    [['client-output-buffer-limit', 'normal 1 2 -1'], failed('client-output-buffer-limit', 'Error in hard, soft or soft_seconds setting in buffer limit configuration.')],
    [['bind', '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'], failed('bind', 'Too many bind addresses specified.')],
    [['oom-score-adj-values', '1 2'], failed('oom-score-adj-values', 'wrong number of arguments')],
    [['oom-score-adj-values', '-2001 0 0'], failed('oom-score-adj-values', 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.')],
    [['latency-tracking-info-percentiles', '101'], failed('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]')],
    [['latency-tracking-info-percentiles', '50  99'], failed('latency-tracking-info-percentiles', 'Invalid latency-tracking-info-percentiles parameters')],
    [['shutdown-on-sigint', 'save nosave'], failed('shutdown-on-sigint', "shutdown options SAVE and NOSAVE can't be used simultaneously")],
    [['shutdown-on-sigint', ''], failed('shutdown-on-sigint', 'argument(s) must be one of the following: default, save, nosave, now, force')],
    [['proc-title-template', '{title}'], failed('proc-title-template', 'template format is invalid or contains unknown variables')],
    [['cluster-announce-hostname', 'a_b'], failed('cluster-announce-hostname', 'Hostnames may only contain alphanumeric characters, hyphens or dots')],
    [['port', '6403', 'hz', '10', 'PORT', '6404'], failed('PORT', 'duplicate parameter')],
    [['foo', 'bar', 'port', 'abc'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['port', 'abc', 'foo', 'bar'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['databases', '3', 'foo', 'bar'], failed('databases', "can't set immutable config")],
    [['port', '1', 'maxmemory'], 'ERR syntax error'],
  ])('CONFIG SET %j fails with %j', (args, message) => {
    expect(setError(new Config(), args)).toBe(message);
  });

  it('refuses -LOADING for appendonly while a dataset loads', () => {
    expect(setError(new Config(), ['appendonly', 'yes'], { loading: true })).toBe('LOADING Redis is loading the dataset in memory');
  });

  it('allows protected parameters only as enable-protected-configs says', () => {
    const local = Config.fromArgs(['--enable-protected-configs', 'local']);
    expect(setError(local, ['dbfilename', 'x.rdb'])).toBe(failed('dbfilename', "can't set protected config"));
    local.configSet(['dbfilename', 'x.rdb'], { isLocalClient: true });
    expect(local.get('dbfilename')).toBe('x.rdb');
    const yes = Config.fromObject({ enableProtectedConfigs: 'yes' });
    expect(setError(yes, ['dbfilename', 'a/b'])).toBe(failed('dbfilename', "dbfilename can't be a path, just a filename"));
    yes.configSet(['dir', '/']);
    expect(yes.get('dir')).toBe('/');
    expect(setError(yes, ['dir', '/nonexistent-tsredis-dir'])).toBe(failed('dir', 'No such file or directory'));
  });
});

describe('CONFIG SET atomicity and listeners', () => {
  it('changes nothing when any pair fails', () => {
    const config = new Config();
    expect(setError(config, ['hz', '11', 'maxmemory', '1mb', 'port', 'x'])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(config.configGet(['hz', 'maxmemory', 'port'])).toEqual([['hz', '10'], ['maxmemory', '0'], ['port', '6379']]);
  });

  it('tells listeners about changes only, after every value is stored', () => {
    const config = new Config();
    const seen: string[] = [];
    config.onChange('hz', (value, previous) => seen.push(`hz ${previous}->${value} maxmemory=${config.values.maxmemory}`));
    config.onChange('maxmemory', (value) => seen.push(`maxmemory ${value}`));
    config.configSet(['hz', '20', 'maxmemory', '1kb']);
    config.configSet(['hz', '20']); // unchanged: no call
    expect(seen).toEqual(['hz 10->20 maxmemory=1024', 'maxmemory 1024']);
  });

  it('rolls every value back when a listener refuses with ConfigApplyError', () => {
    const config = new Config();
    const seen: string[] = [];
    config.onChange('hz', (value, previous) => seen.push(`hz ${previous}->${value}`));
    const off = config.onChange('port', () => {
      throw new ConfigApplyError('Unable to listen on this port. Check server logs.');
    });
    expect(setError(config, ['hz', '20', 'port', '7000'])).toBe(failed('port', 'Unable to listen on this port. Check server logs.'));
    expect(config.configGet(['hz', 'port'])).toEqual([['hz', '10'], ['port', '6379']]);
    expect(config.values.hz).toBe(10);
    expect(seen).toEqual(['hz 10->20', 'hz 20->10']);
    off();
    config.configSet(['port', '7000']);
    expect(config.get('port')).toBe(7000);
  });

  it('marks requirepass and masterauth as sensitive', () => {
    expect(isSensitiveParam('REQUIREPASS')).toBe(true);
    expect(isSensitiveParam('masterauth')).toBe(true);
    expect(isSensitiveParam('port')).toBe(false);
  });
});

describe('CONFIG GET', () => {
  const config = new Config();

  it('echoes an exact name as typed and globs case-insensitively over names and aliases', () => {
    expect(config.configGet(['HASH-MAX-ZIPLIST-ENTRIES'])).toEqual([['HASH-MAX-ZIPLIST-ENTRIES', '512']]);
    expect(config.configGet(['HASH-MAX-*-entries'])).toEqual([['hash-max-listpack-entries', '512'], ['hash-max-ziplist-entries', '512']]);
    expect(config.configGet(['*max-ziplist*']).map(([n]) => n).sort()).toEqual([
      'hash-max-ziplist-entries', 'hash-max-ziplist-value', 'list-max-ziplist-size', 'zset-max-ziplist-entries', 'zset-max-ziplist-value',
    ]);
  });

  it('accepts several patterns and reports each name once, first spelling winning', () => {
    expect(config.configGet(['port', 'PORT'])).toEqual([['port', '6379']]);
    expect(config.configGet(['PORT', 'po*'])).toEqual([['PORT', '6379']]);
    expect(config.configGet(['po*', 'PORT'])).toEqual([['port', '6379']]);
    expect(config.configGet(['maxmemory*', 'maxmemory']).map(([n]) => n).sort()).toEqual([
      'maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples',
    ]);
  });

  it('supports ?, [a-z], [^...] and escapes, and returns nothing for unknown names', () => {
    expect(config.configGet(['P?RT'])).toEqual([['port', '6379']]);
    expect(config.configGet(['por[a-u]'])).toEqual([['port', '6379']]);
    expect(config.configGet(['por[^a-s]'])).toEqual([['port', '6379']]);
    expect(config.configGet(['po\\r*'])).toEqual([['port', '6379']]);
    expect(config.configGet(['por\\t'])).toEqual([]); // no glob character: an exact lookup of "por\t"
    expect(config.configGet(['['])).toEqual([]);
    expect(config.configGet(['nonexistent'])).toEqual([]);
  });
});
