// The comparison rules themselves: each normalisation forgives exactly what it is documented to forgive
// (docs/verification.md) and no more, so a passing differential run means what it says.

import { describe, expect, it } from 'vitest';
import { parseReply, type RespNode } from '../helpers/resp-parse.js';
import { compareNodes, compareReplies } from './harness/compare.js';
import type { Compare } from './harness/command.js';

const node = (wire: string): RespNode => {
  const parsed = parseReply(Buffer.from(wire, 'latin1'));
  if (parsed === undefined) throw new Error(`incomplete: ${wire}`);
  return parsed.node;
};
const agree = (compare: Compare, redis: string, ours: string): boolean => compareNodes(compare, node(redis), node(ours)) === undefined;

describe('reply comparison', () => {
  it('exact: any byte counts, even between equal-looking replies', () => {
    expect(agree({ kind: 'exact' }, '$-1\r\n', '$-1\r\n')).toBe(true);
    expect(agree({ kind: 'exact' }, '$-1\r\n', '*-1\r\n')).toBe(false);
    expect(agree({ kind: 'exact' }, '+OK\r\n', '$2\r\nOK\r\n')).toBe(false);
  });

  it('masked: only the masked text may differ (INFO keyspace\'s avg_ttl), and only inside a bulk string', () => {
    const m: Compare = { kind: 'masked', mask: /avg_ttl=\d+/g };
    const info = (line: string): string => `$${line.length}\r\n${line}\r\n`;
    expect(agree(m, info('db0:keys=1,expires=1,avg_ttl=0'), info('db0:keys=1,expires=1,avg_ttl=1000'))).toBe(true);
    expect(agree(m, info('db0:keys=2,expires=1,avg_ttl=0'), info('db0:keys=1,expires=1,avg_ttl=0'))).toBe(false);
    expect(agree(m, info('db0:keys=1,expires=1,avg_ttl=0'), '-ERR x\r\n')).toBe(false);
    expect(agree(m, info('avg_ttl=0'), `*1\r\n${info('avg_ttl=0')}`)).toBe(false);
  });

  it('unordered: the same elements in any order, nothing else', () => {
    const u: Compare = { kind: 'unordered' };
    expect(agree(u, '*2\r\n$1\r\na\r\n$1\r\nb\r\n', '*2\r\n$1\r\nb\r\n$1\r\na\r\n')).toBe(true);
    expect(agree(u, '~2\r\n$1\r\na\r\n$1\r\nb\r\n', '*2\r\n$1\r\nb\r\n$1\r\na\r\n')).toBe(false);
    expect(agree(u, '*2\r\n$1\r\na\r\n$1\r\na\r\n', '*2\r\n$1\r\na\r\n$1\r\nb\r\n')).toBe(false);
    expect(agree(u, '-WRONGTYPE x\r\n', '-ERR x\r\n')).toBe(false);
  });

  it('unorderedPairs: pairs move together, a value never changes field', () => {
    const p: Compare = { kind: 'unorderedPairs' };
    expect(agree(p, '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n', '*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n')).toBe(true);
    expect(agree(p, '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n', '*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n')).toBe(false);
    expect(agree(p, '%1\r\n$1\r\na\r\n$1\r\n1\r\n', '%1\r\n$1\r\na\r\n$1\r\n1\r\n')).toBe(true);
  });

  it('ttl: close non-negative integers agree; -1, -2 and types must match exactly', () => {
    const t: Compare = { kind: 'ttl', tolerance: 1000 };
    expect(agree(t, ':99999\r\n', ':99001\r\n')).toBe(true);
    expect(agree(t, ':99999\r\n', ':98998\r\n')).toBe(false);
    expect(agree(t, ':-1\r\n', ':0\r\n')).toBe(false);
    expect(agree(t, ':-2\r\n', ':-1\r\n')).toBe(false);
    expect(agree(t, ':5\r\n', '$1\r\n5\r\n')).toBe(false);
  });

  it('random: same shape and distinct when required; members are checked against the key', () => {
    const r: Compare = { kind: 'random', universe: [], distinct: true, pairs: false };
    expect(agree(r, '*2\r\n$1\r\na\r\n$1\r\nb\r\n', '*2\r\n$1\r\nc\r\n$1\r\na\r\n')).toBe(true);
    expect(agree(r, '*2\r\n$1\r\na\r\n$1\r\nb\r\n', '*1\r\n$1\r\na\r\n')).toBe(false);
    expect(agree(r, '*2\r\n$1\r\na\r\n$1\r\nb\r\n', '*2\r\n$1\r\na\r\n$1\r\na\r\n')).toBe(false);
    const universes = { redis: node('*2\r\n$1\r\na\r\n$1\r\nb\r\n'), ours: node('*2\r\n$1\r\nb\r\n$1\r\na\r\n') };
    expect(compareNodes(r, node('$1\r\na\r\n'), node('$1\r\nb\r\n'), universes)).toBeUndefined();
    expect(compareNodes(r, node('$1\r\na\r\n'), node('$1\r\nz\r\n'), universes)).toMatch(/does not hold/);
    const withValues: Compare = { kind: 'random', universe: [], distinct: false, pairs: true };
    const hash = { redis: node('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'), ours: node('%2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n') };
    expect(compareNodes(withValues, node('*2\r\n$1\r\na\r\n$1\r\n1\r\n'), node('*2\r\n$1\r\nb\r\n$1\r\n2\r\n'), hash)).toBeUndefined();
    expect(compareNodes(withValues, node('*2\r\n$1\r\na\r\n$1\r\n1\r\n'), node('*2\r\n$1\r\na\r\n$1\r\n2\r\n'), hash)).toMatch(/does not hold/);
  });

  it('a server that does not answer never agrees, even with another that does not', () => {
    expect(compareReplies({ kind: 'exact' }, { kind: 'timeout' }, { kind: 'timeout' })).toBeDefined();
    expect(compareReplies({ kind: 'exact' }, { kind: 'closed' }, { kind: 'closed' })).toBeUndefined();
  });
});
