// The final-state check: after a sequence, read every key of the databases the generators use (type,
// contents, OBJECT ENCODING, TTL) from both servers and compare. This catches a write that replied the same
// on both servers but stored something different, which no later command in the sequence happened to read.

import { escapeBytes, type RespNode } from '../../helpers/resp-parse.js';
import { leaves } from './compare.js';
import type { ReplyConnection } from './connection.js';

const b = (text: string): Buffer => Buffer.from(text, 'latin1');

/** The databases the generators can reach with SELECT, MOVE, COPY DB and SWAPDB. */
const SNAPSHOT_DBS = ['0', '1', '15'] as const;
/** Remaining TTLs of one key may differ by this much between the servers, in ms (see docs/verification.md). */
const PTTL_TOLERANCE_MS = 1000n;

interface KeyState {
  readonly line: string;
  readonly pttl: bigint;
}

export type Snapshot = readonly KeyState[];

async function ask(conn: ReplyConnection, ...argv: Buffer[]): Promise<RespNode> {
  const reply = await conn.request(argv);
  if (reply.kind !== 'reply') throw new Error(`snapshot: ${argv.map((a) => a.toString('latin1')).join(' ')} got no reply`);
  return reply.node;
}

const text = (node: RespNode): string => (node.payload === undefined ? 'nil' : node.payload.toString('latin1'));
const quote = (s: string): string => `"${escapeBytes(b(s), 200)}"`;

/** Contents as a string, unordered collections sorted (their order is not part of the state). */
async function contents(conn: ReplyConnection, type: string, key: Buffer): Promise<string> {
  switch (type) {
    case 'string':
      return quote(text(await ask(conn, b('GET'), key)));
    case 'list':
      return `[${leaves(await ask(conn, b('LRANGE'), key, b('0'), b('-1'))).map(quote).join(' ')}]`;
    case 'set':
      return `{${leaves(await ask(conn, b('SMEMBERS'), key)).sort().map(quote).join(' ')}}`;
    case 'hash': {
      const flat = leaves(await ask(conn, b('HGETALL'), key));
      const pairs: string[] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push(`${quote(flat[i] as string)}=${quote(flat[i + 1] as string)}`);
      return `{${pairs.sort().join(' ')}}`;
    }
    case 'zset':
      return `[${leaves(await ask(conn, b('ZRANGE'), key, b('0'), b('-1'), b('WITHSCORES'))).map(quote).join(' ')}]`;
    case 'stream': {
      // Entries, then the groups (name, consumers, pending, last ID, entries-read, lag): no clock readings.
      const entries = leaves(await ask(conn, b('XRANGE'), key, b('-'), b('+'))).map(quote).join(' ');
      const groups = leaves(await ask(conn, b('XINFO'), b('GROUPS'), key)).map(quote).join(' ');
      return `[${entries}] groups [${groups}]`;
    }
    default:
      return `(type ${type})`;
  }
}

export async function takeSnapshot(conn: ReplyConnection): Promise<Snapshot> {
  const states: KeyState[] = [];
  for (const db of SNAPSHOT_DBS) {
    await ask(conn, b('SELECT'), b(db));
    const keys = leaves(await ask(conn, b('KEYS'), b('*'))).sort();
    for (const key of keys) {
      const k = b(key);
      const type = text(await ask(conn, b('TYPE'), k));
      const encoding = text(await ask(conn, b('OBJECT'), b('ENCODING'), k));
      const pttl = BigInt(text(await ask(conn, b('PTTL'), k)));
      const value = await contents(conn, type, k);
      states.push({ line: `db${db} ${quote(key)} ${type} (${encoding})${pttl < 0n ? '' : ' with TTL'}: ${value}`, pttl });
    }
  }
  await ask(conn, b('SELECT'), b('0'));
  return states;
}

/** The first difference between two snapshots, or undefined when they agree (TTLs within the tolerance: 0 with shared clocks). */
export function snapshotDifference(redis: Snapshot, ours: Snapshot, toleranceMs = PTTL_TOLERANCE_MS): { redis: string; ours: string } | undefined {
  const count = Math.max(redis.length, ours.length);
  for (let i = 0; i < count; i++) {
    const r = redis[i];
    const o = ours[i];
    if (r === undefined || o === undefined || r.line !== o.line || (r.pttl > o.pttl ? r.pttl - o.pttl : o.pttl - r.pttl) > toleranceMs) {
      const show = (s: KeyState | undefined): string => (s === undefined ? '(no such key)' : `${s.line}${s.pttl >= 0n ? ` [pttl ${s.pttl}]` : ''}`);
      return { redis: show(r), ours: show(o) };
    }
  }
  return undefined;
}
