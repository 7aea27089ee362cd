// Expiry times beyond 2^53 ms (the year 287,396), where a double no longer holds every integer: Redis
// keeps them in a long long, so they read back exactly. Found by the differential fuzzer (the known bug
// expiry-beyond-2^53-ms, now fixed; the time family generates such TTLs again). Raw replies, since a JS
// client would itself round the integers it parses.

import { beforeAll, describe, expect, it } from 'vitest';
import { rawReply } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const NOW = 1_893_456_000_000; // 2030-01-01T00:00:00Z
const q = (...argv: Array<string | Buffer>): Promise<string> => rawReply(ours.raw, ...argv);
const int = (n: bigint): string => `:${n}\r\n`;

const ours = useTsredis();

beforeAll(async () => {
  ours.clock.freeze();
  ours.clock.set(NOW);
});

describe('expiry times beyond 2^53 ms are kept exactly', () => {
  it('PEXPIREAT / SET EXAT / SET PXAT read back to the millisecond', async () => {
    await q('SET', 'k', 'v');
    expect(await q('PEXPIREAT', 'k', '9007199254740993')).toBe(':1\r\n');
    expect(await q('PEXPIRETIME', 'k')).toBe(int(9007199254740993n));
    expect(await q('PTTL', 'k')).toBe(int(9007199254740993n - BigInt(NOW)));
    await q('SET', 'k1', '', 'EXAT', '9223372036854775');
    expect(await q('PTTL', 'k1')).toBe(int(9223372036854775000n - BigInt(NOW)));
    expect(await q('EXPIRETIME', 'k1')).toBe(int(9223372036854775n));
    await q('SET', 'k2', '', 'PXAT', '9223372036854775807');
    expect(await q('PEXPIRETIME', 'k2')).toBe(int(9223372036854775807n));
  });

  it('relative TTLs that land beyond 2^53 ms, and RESTORE … ABSTTL', async () => {
    await q('PSETEX', 'p', '9223372036854775', '');
    expect(await q('PTTL', 'p')).toBe(int(9223372036854775n));
    await q('SET', 'e', 'v', 'EX', '9007199254740993');
    expect(await q('TTL', 'e')).toBe(int(9007199254740993n));
    expect(await q('RESTORE', 'r', '9007199254740993', Buffer.from('\x00\x01v\n\x00\x91\x08\xce\xb2\x198\x8a\xce', 'latin1'), 'ABSTTL')).toBe('+OK\r\n');
    expect(await q('PEXPIRETIME', 'r')).toBe(int(9007199254740993n));
  });

  it('GT/LT compare exact times: one millisecond apart beyond 2^53 still counts', async () => {
    await q('SET', 'g', 'v');
    await q('PEXPIREAT', 'g', '9007199254740993');
    expect(await q('PEXPIREAT', 'g', '9007199254740994', 'GT')).toBe(':1\r\n');
    expect(await q('PEXPIREAT', 'g', '9007199254740993', 'GT')).toBe(':0\r\n');
    expect(await q('PEXPIRETIME', 'g')).toBe(int(9007199254740994n));
  });
});
