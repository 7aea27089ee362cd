// TTL commands over TCP with ioredis and a frozen server clock: EXPIRE, PEXPIRE, EXPIREAT,
// PEXPIREAT (NX/XX/GT/LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST, and expiry itself.
// Every expected reply and error text was read off a real redis-server 7.0.15.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { errorOf } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


/** A fixed "now" for every test: 2023-11-14T22:13:20Z. */
const NOW = 1_700_000_000_000;

const ours = useTsredis({ raw: false, ioredis: true });

beforeEach(async () => {
  ours.clock.freeze();
  ours.clock.set(NOW);
  await ours.client.flushall();
});

afterEach(() => {
  ours.clock.real();
});

describe('setting a TTL', () => {
  it('EXPIRE and PEXPIRE set a relative TTL; TTL and PTTL read it back', async () => {
    await ours.client.set('k', 'v');
    expect(await ours.client.expire('k', 100)).toBe(1);
    expect(await ours.client.ttl('k')).toBe(100);
    expect(await ours.client.pttl('k')).toBe(100_000);
    expect(await ours.client.pexpire('k', 2500)).toBe(1);
    expect(await ours.client.pttl('k')).toBe(2500);
    expect(await ours.client.ttl('k')).toBe(3);
  });

  it('EXPIREAT and PEXPIREAT set an absolute time; EXPIRETIME and PEXPIRETIME read it back', async () => {
    await ours.client.set('k', 'v');
    expect(await ours.client.expireat('k', NOW / 1000 + 60)).toBe(1);
    expect(await ours.client.pexpiretime('k')).toBe(NOW + 60_000);
    expect(await ours.client.expiretime('k')).toBe(NOW / 1000 + 60);
    expect(await ours.client.pexpireat('k', NOW + 1234)).toBe(1);
    expect(await ours.client.pexpiretime('k')).toBe(NOW + 1234);
    expect(await ours.client.expiretime('k')).toBe(NOW / 1000 + 1);
    expect(await ours.client.pttl('k')).toBe(1234);
  });

  it('TTL rounds to the nearest second', async () => {
    await ours.client.set('k', 'v');
    const cases: ReadonlyArray<readonly [number, number]> = [[1500, 2], [1499, 1], [500, 1], [499, 0], [1, 0]];
    for (const [ms, seconds] of cases) {
      await ours.client.pexpire('k', ms);
      expect(await ours.client.ttl('k')).toBe(seconds);
    }
  });

  it('EXPIRETIME rounds to the nearest second', async () => {
    await ours.client.set('k', 'v');
    await ours.client.pexpireat('k', NOW + 1499);
    expect(await ours.client.expiretime('k')).toBe(NOW / 1000 + 1);
    await ours.client.pexpireat('k', NOW + 1500);
    expect(await ours.client.expiretime('k')).toBe(NOW / 1000 + 2);
  });

  it('-2 for a missing key, -1 for a key without TTL', async () => {
    await ours.client.set('p', 'v');
    for (const command of ['ttl', 'pttl', 'expiretime', 'pexpiretime'] as const) {
      expect(await ours.client.call(command, 'missing')).toBe(-2);
      expect(await ours.client.call(command, 'p')).toBe(-1);
    }
  });

  it('replies 0 for a missing key', async () => {
    expect(await ours.client.expire('missing', 100)).toBe(0);
    expect(await ours.client.pexpire('missing', 100)).toBe(0);
    expect(await ours.client.expireat('missing', NOW / 1000 + 100)).toBe(0);
    expect(await ours.client.pexpireat('missing', NOW + 100)).toBe(0);
    expect(await ours.client.exists('missing')).toBe(0);
  });

  it('works in the selected database only', async () => {
    const db4 = new Redis({ port: ours.port, host: '127.0.0.1', db: 4, enableReadyCheck: false });
    try {
      await ours.client.set('k', '0');
      await db4.set('k', '4');
      await db4.expire('k', 10);
      expect(await ours.client.ttl('k')).toBe(-1);
      expect(await db4.ttl('k')).toBe(10);
      ours.clock.advance(10_001);
      expect(await db4.exists('k')).toBe(0);
      expect(await ours.client.get('k')).toBe('0');
    } finally {
      db4.disconnect();
    }
  });
});

describe('expiry', () => {
  it('EXPIRE k 10: the key is gone once 10 s have passed', async () => {
    await ours.client.set('k', 'v');
    await ours.client.expire('k', 10);
    ours.clock.advance(9_999);
    expect(await ours.client.exists('k')).toBe(1);
    expect(await ours.client.pttl('k')).toBe(1);
    ours.clock.advance(2);
    expect(await ours.client.exists('k')).toBe(0);
    expect(await ours.client.get('k')).toBeNull();
    expect(await ours.client.ttl('k')).toBe(-2);
  });

  it('at exactly its expiry time a key is still there with a TTL of 0', async () => {
    await ours.client.set('k', 'v');
    await ours.client.pexpire('k', 100);
    ours.clock.advance(100);
    expect(await ours.client.pttl('k')).toBe(0);
    expect(await ours.client.exists('k')).toBe(1);
    ours.clock.advance(1);
    expect(await ours.client.exists('k')).toBe(0);
  });

  it('the cron reclaims expired keys nobody reads and counts them in expired_keys', async () => {
    const db = ours.server.keyspace.db(0);
    for (let i = 0; i < 50; i++) {
      await ours.client.set(`k${i}`, 'v');
      // Expiry set behind the clock's back, so only the active cycle can find these keys.
      db.setExpire(`k${i}`, NOW - 1);
    }
    const before = ours.server.stats.expiredKeys;
    expect(await ours.client.dbsize()).toBe(50);
    // Enabled only now: the server's own cron timer must not reclaim some keys while they are being made
    // (under load the 50 round trips outlast its 100 ms period).
    ours.server.expireCycle.enabled = true;
    ours.server.cron();
    expect(await ours.client.dbsize()).toBe(0);
    expect(ours.server.stats.expiredKeys - before).toBe(50);
  });

  it('a time already past deletes the key at once and replies 1, as a DEL', async () => {
    const expiredBefore = ours.server.stats.expiredKeys;
    for (const [command, arg] of [
      ['expire', '-1'],
      ['expire', '0'],
      ['pexpire', '0'],
      ['pexpire', '-1000'],
      ['expireat', String(NOW / 1000 - 1)],
      ['expireat', String(NOW / 1000)],
      ['pexpireat', String(NOW)],
      ['pexpireat', '1'],
      ['pexpireat', '-9223372036854775808'],
    ] as const) {
      await ours.client.set('k', 'v');
      expect(await ours.client.call(command, 'k', arg)).toBe(1);
      expect(await ours.client.exists('k')).toBe(0);
    }
    // Deleted by the command, not expired: expired_keys does not move.
    expect(ours.server.stats.expiredKeys).toBe(expiredBefore);
  });

  it('a time 1 ms in the future keeps the key', async () => {
    await ours.client.set('k', 'v');
    expect(await ours.client.pexpireat('k', NOW + 1)).toBe(1);
    expect(await ours.client.pttl('k')).toBe(1);
  });
});

describe('NX, XX, GT, LT', () => {
  it('follow Redis 7.0: no TTL counts as infinite for GT and LT', async () => {
    await ours.client.set('k', 'v');
    const steps: ReadonlyArray<readonly [readonly string[], number]> = [
      [['100', 'XX'], 0],
      [['100', 'GT'], 0],
      [['100', 'LT'], 1],
      [['200', 'GT'], 1],
      [['50', 'GT'], 0],
      [['200', 'GT'], 0],
      [['300', 'LT'], 0],
      [['200', 'LT'], 0],
      [['150', 'lt'], 1],
      [['100', 'NX'], 0],
      [['100', 'nx', 'nx'], 0],
      [['120', 'XX', 'GT'], 0],
      [['180', 'XX', 'GT'], 1],
      [['170', 'xx', 'lt', 'lt'], 1],
    ];
    for (const [args, reply] of steps) {
      expect([args.join(' '), await ours.client.call('expire', 'k', ...args)]).toEqual([args.join(' '), reply]);
    }
    expect(await ours.client.ttl('k')).toBe(170);
    await ours.client.persist('k');
    expect(await ours.client.call('expire', 'k', '100', 'NX')).toBe(1);
    expect(await ours.client.ttl('k')).toBe(100);
  });

  it('LT with a past time on a key without TTL deletes it; GT does not', async () => {
    await ours.client.set('k', 'v');
    expect(await ours.client.call('expireat', 'k', '1', 'GT')).toBe(0);
    expect(await ours.client.exists('k')).toBe(1);
    expect(await ours.client.call('expireat', 'k', '1', 'LT')).toBe(1);
    expect(await ours.client.exists('k')).toBe(0);
  });

  it('apply to every variant, comparing absolute times', async () => {
    await ours.client.set('k', 'v');
    await ours.client.pexpire('k', 5000);
    expect(await ours.client.call('pexpireat', 'k', String(NOW + 4000), 'GT')).toBe(0);
    expect(await ours.client.call('pexpireat', 'k', String(NOW + 6000), 'GT')).toBe(1);
    expect(await ours.client.call('pexpire', 'k', '6000', 'LT')).toBe(0);
    expect(await ours.client.call('pexpire', 'k', '5999', 'LT')).toBe(1);
    expect(await ours.client.call('expireat', 'k', String(NOW / 1000 + 10), 'XX')).toBe(1);
    expect(await ours.client.pttl('k')).toBe(10_000);
  });

  it('reject incompatible combinations and unknown words, before looking at the key', async () => {
    const nx = 'ERR NX and XX, GT or LT options at the same time are not compatible';
    const gtlt = 'ERR GT and LT options at the same time are not compatible';
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'nx', 'xx'))).toBe(nx);
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'NX', 'GT'))).toBe(nx);
    expect(await errorOf(ours.client.call('pexpire', 'k', '100', 'lt', 'NX'))).toBe(nx);
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'gt', 'lt'))).toBe(gtlt);
    expect(await errorOf(ours.client.call('expireat', 'k', '100', 'LT', 'GT'))).toBe(gtlt);
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'foo'))).toBe('ERR Unsupported option foo');
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'Foo', 'bar'))).toBe('ERR Unsupported option Foo');
    // Options are read before the time argument.
    expect(await errorOf(ours.client.call('expire', 'k', 'abc', 'foo'))).toBe('ERR Unsupported option foo');
    expect(await errorOf(ours.client.call('expire', 'k', '100', 'nx', 'foo'))).toBe('ERR Unsupported option foo');
  });
});

describe('argument errors', () => {
  it('a time that is not an integer', async () => {
    for (const command of ['expire', 'pexpire', 'expireat', 'pexpireat']) {
      expect(await errorOf(ours.client.call(command, 'k', 'abc'))).toBe('ERR value is not an integer or out of range');
      expect(await errorOf(ours.client.call(command, 'k', '1.5'))).toBe('ERR value is not an integer or out of range');
      expect(await errorOf(ours.client.call(command, 'k', '9223372036854775808'))).toBe(
        'ERR value is not an integer or out of range',
      );
    }
  });

  it('a time that overflows 64 bits once converted to absolute milliseconds', async () => {
    await ours.client.set('k', 'v');
    const invalid = (command: string) => `ERR invalid expire time in '${command}' command`;
    expect(await errorOf(ours.client.expire('k', '9223372036854775'))).toBe(invalid('expire'));
    expect(await errorOf(ours.client.expire('k', '9223372036854776'))).toBe(invalid('expire'));
    expect(await errorOf(ours.client.expire('k', '-9223372036854776'))).toBe(invalid('expire'));
    expect(await errorOf(ours.client.expire('k', '9223372036854775807'))).toBe(invalid('expire'));
    expect(await errorOf(ours.client.pexpire('k', '9223372036854775807'))).toBe(invalid('pexpire'));
    expect(await errorOf(ours.client.expireat('k', '9223372036854776'))).toBe(invalid('expireat'));
    expect(await errorOf(ours.client.call('EXPIREAT', 'k', '-9223372036854776'))).toBe(invalid('expireat'));
    // The error is raised even for a missing key, and the key is untouched.
    expect(await errorOf(ours.client.expire('missing', '9223372036854776'))).toBe(invalid('expire'));
    expect(await ours.client.ttl('k')).toBe(-1);
  });

  it('the largest accepted values', async () => {
    // Integers past 2^53 are compared as text: a client reading them as JS numbers rounds them.
    const exact = new Redis({ port: ours.port, host: '127.0.0.1', enableReadyCheck: false, stringNumbers: true });
    try {
      await ours.client.set('k', 'v');
      expect(await ours.client.expireat('k', '9223372036854775')).toBe(1);
      expect(await exact.pexpiretime('k')).toBe('9223372036854775000');
      expect(await exact.expiretime('k')).toBe('9223372036854775');
      expect(await ours.client.pexpireat('k', '9223372036854775807')).toBe(1);
      expect(await exact.pexpiretime('k')).toBe('9223372036854775807');
      expect(await exact.expiretime('k')).toBe('9223372036854776');
    } finally {
      exact.disconnect();
    }
    // -9223372036854775 s is in range: it is in the past, so the key is deleted.
    expect(await ours.client.expire('k', '-9223372036854775')).toBe(1);
    expect(await ours.client.exists('k')).toBe(0);
  });

  it('arity', async () => {
    expect(await errorOf(ours.client.call('expire', 'k'))).toBe("ERR wrong number of arguments for 'expire' command");
    expect(await errorOf(ours.client.call('pexpireat', 'k'))).toBe("ERR wrong number of arguments for 'pexpireat' command");
    expect(await errorOf(ours.client.call('ttl'))).toBe("ERR wrong number of arguments for 'ttl' command");
    expect(await errorOf(ours.client.call('ttl', 'a', 'b'))).toBe("ERR wrong number of arguments for 'ttl' command");
    expect(await errorOf(ours.client.call('persist', 'a', 'b'))).toBe("ERR wrong number of arguments for 'persist' command");
    expect(await errorOf(ours.client.call('expiretime'))).toBe("ERR wrong number of arguments for 'expiretime' command");
  });
});

describe('PERSIST', () => {
  it('removes a TTL and replies 1; 0 without TTL or key', async () => {
    await ours.client.set('k', 'v');
    expect(await ours.client.persist('k')).toBe(0);
    expect(await ours.client.persist('missing')).toBe(0);
    await ours.client.expire('k', 100);
    expect(await ours.client.persist('k')).toBe(1);
    expect(await ours.client.ttl('k')).toBe(-1);
    ours.clock.advance(200_000);
    expect(await ours.client.get('k')).toBe('v');
  });

  it('cannot revive a key whose TTL passed', async () => {
    await ours.client.set('k', 'v');
    await ours.client.pexpire('k', 10);
    ours.clock.advance(11);
    expect(await ours.client.persist('k')).toBe(0);
    expect(await ours.client.exists('k')).toBe(0);
  });
});

describe('binary keys', () => {
  it('TTL commands take keys as bytes', async () => {
    const key = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
    await ours.client.set(key, 'v');
    expect(await ours.client.pexpire(key, 5000)).toBe(1);
    expect(await ours.client.pttl(key)).toBe(5000);
    expect(await ours.client.pttl(Buffer.from([0x00, 0xff, 0x0d, 0x0a]))).toBe(-2);
    expect(await ours.client.persist(key)).toBe(1);
    expect(await ours.client.ttl(key)).toBe(-1);
  });
});
