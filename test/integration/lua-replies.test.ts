// How a script's return value reaches a RESP3 caller: the script's own protocol (redis.setresp)
// decides how Lua booleans convert, not the caller's (Redis luaReplyToRedisReply). Bytes read off
// redis-server 7.0.15; found by the differential fuzzer's scripts family.

import { describe, expect, it } from 'vitest';
import { rawReply } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ resp3: true });

describe('Lua booleans returned to a RESP3 caller', () => {
  it('follow RESP2 rules unless the script called redis.setresp(3)', async () => {
    expect(await rawReply(ours.raw3, 'EVAL', 'return false', '0')).toBe('_\r\n');
    expect(await rawReply(ours.raw3, 'EVAL', 'return true', '0')).toBe(':1\r\n');
    expect(await rawReply(ours.raw3, 'EVAL', "return {1, false, true}", '0')).toBe('*3\r\n:1\r\n_\r\n:1\r\n');
    expect(await rawReply(ours.raw3, 'EVAL', 'redis.setresp(3) return false', '0')).toBe('#f\r\n');
    expect(await rawReply(ours.raw3, 'EVAL', 'redis.setresp(3) return true', '0')).toBe('#t\r\n');
  });

  it('a RESP2 caller gets 1 / null, or 1 / 0 after redis.setresp(3)', async () => {
    expect(await rawReply(ours.raw, 'EVAL', 'return false', '0')).toBe('$-1\r\n');
    expect(await rawReply(ours.raw, 'EVAL', 'redis.setresp(3) return false', '0')).toBe(':0\r\n');
    expect(await rawReply(ours.raw, 'EVAL', 'redis.setresp(3) return true', '0')).toBe(':1\r\n');
  });
});
