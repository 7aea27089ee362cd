// Reply comparison: byte-exact by default, normalised only where Redis leaves the answer open. Each
// normalisation is listed, with its reason, in docs/verification.md.

import { escapeBytes, type RespNode } from '../../helpers/resp-parse.js';
import type { Compare } from './command.js';
import type { Reply } from './connection.js';

export function showReply(reply: Reply): string {
  if (reply.kind === 'closed') return '(connection closed)';
  if (reply.kind === 'timeout') return '(no reply: timed out)';
  return `"${escapeBytes(reply.node.raw, 600)}"`;
}

const latin1 = (node: RespNode): string => node.raw.toString('latin1');
const isError = (node: RespNode): boolean => node.type === '-' || node.type === '!';
const isAggregate = (node: RespNode): boolean => node.children !== undefined;

/** The elements of a reply sorted by their bytes (pairs kept together for maps and HGETALL-style arrays). */
function sortedElements(node: RespNode, pairs: boolean): string {
  const children = node.children ?? [];
  const units: string[] = [];
  if (pairs || node.type === '%') {
    for (let i = 0; i < children.length; i += 2) units.push(latin1(children[i] as RespNode) + latin1(children[i + 1] ?? children[i] as RespNode));
  } else {
    for (const child of children) units.push(latin1(child));
  }
  units.sort();
  return `${node.type}${children.length}|${units.join('')}`;
}

/** The reply's shape: types and lengths, with the values of strings and numbers left out (errors kept whole). */
export function skeleton(node: RespNode): string {
  if (node.isNull) return `nil${node.type}`;
  if (isError(node)) return latin1(node);
  if (node.children !== undefined) return `${node.type}[${node.children.map(skeleton).join(',')}]`;
  return node.type;
}

/** The text of every non-null leaf (strings, numbers, doubles), depth first. */
export function leaves(node: RespNode): string[] {
  if (node.isNull) return [];
  if (node.children !== undefined) return node.children.flatMap(leaves);
  return node.payload === undefined ? [] : [node.payload.toString('latin1')];
}

function integerOf(node: RespNode): bigint | undefined {
  if (node.type !== ':' || node.payload === undefined) return undefined;
  return BigInt(node.payload.toString('latin1'));
}

/** The universes (the key's contents on each server) that random picks are checked against. */
export interface Universes {
  readonly redis: RespNode;
  readonly ours: RespNode;
}

/** Compare two replies under `compare`; undefined when they agree, else why they do not. */
export function compareNodes(compare: Compare, redis: RespNode, ours: RespNode, universes?: Universes): string | undefined {
  if (redis.raw.equals(ours.raw)) return undefined;
  switch (compare.kind) {
    case 'exact':
      return 'bytes differ';
    case 'unordered':
    case 'unorderedPairs':
      if (!isAggregate(redis) || !isAggregate(ours)) return 'bytes differ';
      return sortedElements(redis, compare.kind === 'unorderedPairs') === sortedElements(ours, compare.kind === 'unorderedPairs')
        ? undefined
        : 'elements differ (compared as an unordered collection)';
    case 'ttl': {
      const a = integerOf(redis);
      const c = integerOf(ours);
      if (a === undefined || c === undefined) return 'bytes differ';
      const diff = a > c ? a - c : c - a;
      return a >= 0n && c >= 0n && diff <= BigInt(compare.tolerance) ? undefined : `TTL differs by more than ${compare.tolerance}`;
    }
    case 'anyInteger':
      return integerOf(redis) !== undefined && integerOf(ours) !== undefined ? undefined : 'bytes differ (an integer expected from both)';
    case 'shape':
      return skeleton(redis) === skeleton(ours) ? undefined : 'reply shapes differ (only types and lengths are compared)';
    case 'random':
    case 'spop':
      return compareRandom(compare.kind === 'random' ? compare.distinct : true, compare.kind === 'random' && compare.pairs, redis, ours, universes);
    case 'scan':
      return 'bytes differ';
    case 'masked': {
      if (redis.type !== ours.type || redis.payload === undefined || ours.payload === undefined || isAggregate(redis)) return 'bytes differ';
      const cut = (node: RespNode): string => (node.payload as Buffer).toString('latin1').replace(compare.mask, '');
      return cut(redis) === cut(ours) ? undefined : `bytes differ (with ${String(compare.mask)} cut out of both)`;
    }
    default: {
      const unknown: never = compare;
      return `unknown comparison ${JSON.stringify(unknown)}`;
    }
  }
}

/** Leaves grouped into field-value pairs when `pairs` (HRANDFIELD … WITHVALUES), else one by one. */
function units(node: RespNode, pairs: boolean): string[] {
  const items = leaves(node);
  if (!pairs) return items;
  const out: string[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(`${items[i]}\x00${items[i + 1]}`);
  return out;
}

function compareRandom(distinct: boolean, pairs: boolean, redis: RespNode, ours: RespNode, universes: Universes | undefined): string | undefined {
  if (skeleton(redis) !== skeleton(ours)) return 'reply shapes differ (random pick: only the shape is compared)';
  if (distinct) {
    for (const [who, node] of [['redis', redis], ['tsredis', ours]] as const) {
      const items = leaves(node);
      if (new Set(items).size !== items.length) return `${who} returned a repeated element where they must be distinct`;
    }
  }
  if (universes === undefined) return undefined;
  const universeRedis = units(universes.redis, pairs).sort();
  const universeOurs = units(universes.ours, pairs).sort();
  if (universeRedis.join('\x01') !== universeOurs.join('\x01')) return 'the key holds different contents on the two servers';
  for (const [who, node, universe] of [['redis', redis, universeRedis], ['tsredis', ours, universeOurs]] as const) {
    const allowed = new Set(universe);
    const stray = units(node, pairs).find((item) => !allowed.has(item));
    if (stray !== undefined && !isError(node)) return `${who} returned ${JSON.stringify(stray)}, which the key does not hold`;
  }
  return undefined;
}

/** compareNodes for whole replies, where either side may also have closed the connection or not answered. */
export function compareReplies(compare: Compare, redis: Reply, ours: Reply, universes?: Universes): string | undefined {
  if (redis.kind === 'timeout' || ours.kind === 'timeout') return 'a server did not answer';
  if (redis.kind === 'closed' || ours.kind === 'closed') return redis.kind === ours.kind ? undefined : 'one server closed the connection';
  return compareNodes(compare, redis.node, ours.node, universes);
}
