// The encoding thresholds that writes read (hash-max-listpack-*, set-max-intset-entries,
// zset-max-listpack-*) follow CONFIG SET at once: the commands keep the last limits they read and
// must notice a change. Encodings as Redis 7.0.15 reports them for the same sequences.

import { beforeEach, describe, expect, it } from 'vitest';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ resp3: true, ioredis: true });

const encodingOf = (key: string): Promise<unknown> => ours.client.call('OBJECT', 'ENCODING', key);
const config = (name: string, value: string): Promise<unknown> => ours.client.config('SET', name, value);

beforeEach(async () => {
  await ours.client.flushall();
  await config('hash-max-listpack-entries', '128');
  await config('hash-max-listpack-value', '64');
  await config('set-max-intset-entries', '512');
  await config('zset-max-listpack-entries', '128');
  await config('zset-max-listpack-value', '64');
});

describe('write thresholds read after CONFIG SET', () => {
  it('HSET converts by the entries and value limits in force at each write', async () => {
    await ours.client.call('HSET', 'h1', 'a', '1', 'b', '2', 'c', '3');
    expect(await encodingOf('h1')).toBe('listpack');
    await config('hash-max-listpack-entries', '3');
    await ours.client.call('HSET', 'h1', 'd', '4');
    expect(await encodingOf('h1')).toBe('hashtable');
    await config('hash-max-listpack-entries', '128');
    await ours.client.call('HSET', 'h2', 'a', 'x'.repeat(10));
    expect(await encodingOf('h2')).toBe('listpack');
    await config('hash-max-listpack-value', '5');
    await ours.client.call('HSET', 'h2', 'b', 'x'.repeat(10));
    expect(await encodingOf('h2')).toBe('hashtable');
  });

  it('SADD converts an intset by the limit in force at each write', async () => {
    await ours.client.call('SADD', 's', '1', '2', '3');
    expect(await encodingOf('s')).toBe('intset');
    await config('set-max-intset-entries', '3');
    await ours.client.call('SADD', 's', '4');
    expect(await encodingOf('s')).toBe('hashtable');
    await config('set-max-intset-entries', '512');
    await ours.client.call('SADD', 't', '1', '2', '3', '4');
    expect(await encodingOf('t')).toBe('intset');
  });

  it('ZADD converts by the entries and value limits in force at each write', async () => {
    await ours.client.call('ZADD', 'z1', '1', 'a', '2', 'b');
    expect(await encodingOf('z1')).toBe('listpack');
    await config('zset-max-listpack-entries', '2');
    await ours.client.call('ZADD', 'z1', '3', 'c');
    expect(await encodingOf('z1')).toBe('skiplist');
    await config('zset-max-listpack-entries', '128');
    await ours.client.call('ZADD', 'z2', '1', 'x'.repeat(10));
    expect(await encodingOf('z2')).toBe('listpack');
    await config('zset-max-listpack-value', '5');
    await ours.client.call('ZADD', 'z2', '2', 'y'.repeat(10));
    expect(await encodingOf('z2')).toBe('skiplist');
  });

  it('ZADD still reads its options in any case, and a score is never taken for one', async () => {
    expect(await ours.client.call('ZADD', 'z', 'nx', 'ch', '1', 'a')).toBe(1);
    expect(await ours.client.call('ZADD', 'z', 'xX', 'Ch', '2', 'a')).toBe(1);
    expect(await ours.client.call('ZADD', 'z', 'incr', '5', 'a')).toBe('7');
    expect(await ours.client.call('ZADD', 'z', 'GT', '-inf', 'a', '+inf', 'b')).toBe(1);
    expect(await ours.client.call('ZADD', 'z', '.5', 'c', '-1', 'd')).toBe(2);
    await expect(ours.client.call('ZADD', 'z', 'nan', 'e')).rejects.toThrow('ERR value is not a valid float');
    await expect(ours.client.call('ZADD', 'z', '', 'e')).rejects.toThrow('ERR value is not a valid float');
  });
});
