// What a generated command is: its argument vector, which client sends it, and how its reply is compared.
// A generator produces templates whose TTL arguments are still placeholders; `resolveSequence` turns a whole
// sequence into concrete commands, so that no two relative expiry times in a sequence are close enough for
// the few milliseconds between the two servers to change an outcome (see docs/verification.md, "Time").

import * as fc from 'fast-check';
import { escapeBytes } from '../../helpers/resp-parse.js';

/**
 * How two replies are compared. Everything is byte-exact unless Redis leaves the answer open:
 * - exact: the raw RESP bytes.
 * - unordered: the top-level aggregate's elements are sorted before comparing (SMEMBERS, KEYS…).
 * - unorderedPairs: the same for key/value pairs (HGETALL: a RESP2 flat array or a RESP3 map).
 * - ttl: integers within `tolerance` of each other when both are >= 0 (TTL, PTTL, EXPIRETIME…).
 * - anyInteger: both are integers, any value (OBJECT IDLETIME, OBJECT FREQ, CLIENT ID, LASTSAVE).
 * - shape: same types and lengths, any values (TIME, INFO, CLIENT INFO, HELLO's map).
 * - random: random picks; same reply shape, every string in the key's contents (queried by `universe`).
 * - spop: like random, then each server gets its own popped members back so the states stay equal.
 * - scan: a cursor-0 call is followed to the end on each server; the union of what came back is compared.
 * - masked: a bulk string compared with every match of `mask` cut out (INFO keyspace's avg_ttl).
 */
export type Compare =
  | { readonly kind: 'exact' }
  | { readonly kind: 'unordered' }
  | { readonly kind: 'unorderedPairs' }
  | { readonly kind: 'ttl'; readonly tolerance: number }
  | { readonly kind: 'anyInteger' }
  | { readonly kind: 'shape' }
  | {
      readonly kind: 'random';
      readonly universe: readonly Buffer[];
      readonly distinct: boolean;
      /** WITHVALUES/WITHSCORES: check field-value pairs against the key, not single strings. */
      readonly pairs: boolean;
    }
  | { readonly kind: 'spop'; readonly key: Buffer; readonly universe: readonly Buffer[] }
  | { readonly kind: 'scan'; readonly cursorIndex: number; readonly pairs: boolean }
  | { readonly kind: 'masked'; readonly mask: RegExp };

/** A relative or absolute expiry argument, filled in per sequence by resolveSequence. */
export interface TtlSlot {
  readonly ttl: 'relative' | 'absolute';
  readonly unit: 's' | 'ms';
  /** 0..2: which order of magnitude (about 20 minutes, a day, four months; or years ahead for absolute). */
  readonly magnitude: number;
}

export type Arg = Buffer | TtlSlot;

export interface Template {
  readonly argv: readonly Arg[];
  readonly compare: Compare;
  /** Cannot be queued in MULTI (its check needs extra round trips or it would desynchronise the states). */
  readonly notInMulti?: boolean;
  /** Not a command: advance both servers' clocks by this many ms (the time family; argv is empty). */
  readonly tick?: number;
}

export interface Cmd {
  readonly argv: readonly Buffer[];
  readonly compare: Compare;
  /** 0: the main connection; 1: a second connection to the same server (to break WATCHes). */
  readonly client: 0 | 1;
  readonly notInMulti: boolean;
  /** Not a command: advance both servers' clocks by this many ms (argv is empty). */
  readonly tick?: number;
}

export interface Sequence {
  /** 3: both connections send HELLO 3 first. */
  readonly protocol: 2 | 3;
  /** Both servers get tiny encoding thresholds (hash-max-listpack-entries 4…) so conversions happen. */
  readonly tinyEncodings: boolean;
  readonly commands: readonly Cmd[];
  /** The time family: both clocks start frozen at this Unix time in ms. */
  readonly startMs?: number;
}

export const EXACT: Compare = { kind: 'exact' };

const PLAIN_ARG = /^[\x21-\x7e]+$/;

/** An argument as redis-cli would show it: bare when printable, otherwise quoted with escapes. */
export function formatArg(arg: Buffer): string {
  const text = arg.toString('latin1');
  if (PLAIN_ARG.test(text) && !text.includes('"') && !text.includes("'") && !text.includes('\\')) return text;
  return `"${escapeBytes(arg, 200)}"`;
}

export function formatCommand(cmd: Cmd): string {
  if (cmd.tick !== undefined) return `(tick: both clocks +${cmd.tick} ms)`;
  return (cmd.client === 1 ? '[client 2] ' : '') + cmd.argv.map(formatArg).join(' ');
}

export function formatSequence(seq: Sequence): string {
  const header = `RESP${seq.protocol}${seq.tinyEncodings ? ', tiny encoding thresholds' : ''}${seq.startMs === undefined ? '' : `, clocks frozen at ${seq.startMs} ms`}`;
  return [`(${header})`, ...seq.commands.map((c, i) => `${String(i + 1).padStart(3)}  ${formatCommand(c)}`)].join('\n');
}

// --- Placeholder resolution ---

/** Relative expiry bases, in seconds: far enough that nothing expires during a run. */
const RELATIVE_BASE_S = [1_000, 100_000, 10_000_000] as const;
/** Absolute expiry bases, in Unix seconds: 2096, 2099, 2128. */
const ABSOLUTE_BASE_S = [4_000_000_000, 4_100_000_000, 5_000_000_000] as const;
/**
 * Every placeholder in a sequence is this many seconds away from every other one, so that "is the new
 * expiry greater than the old one" (EXPIRE GT/LT) never depends on how many milliseconds passed between
 * two commands on one server versus the other.
 */
const SLOT_SPACING_S = 7;

function resolveSlot(slot: TtlSlot, index: number): Buffer {
  const bases = slot.ttl === 'relative' ? RELATIVE_BASE_S : ABSOLUTE_BASE_S;
  const seconds = (bases[slot.magnitude] ?? bases[0]) + index * SLOT_SPACING_S;
  return Buffer.from(String(slot.unit === 's' ? seconds : seconds * 1000), 'latin1');
}

export interface RawCmd {
  readonly template: Template;
  readonly client: 0 | 1;
}

/** Fill in TTL placeholders in order; the result prints as the command lines. */
export function resolveSequence(protocol: 2 | 3, tinyEncodings: boolean, raw: readonly RawCmd[], startMs?: number): Sequence {
  let slots = 0;
  const commands = raw.map(({ template, client }): Cmd => ({
    argv: template.argv.map((arg) => (Buffer.isBuffer(arg) ? arg : resolveSlot(arg, slots++))),
    compare: template.compare,
    client,
    notInMulti: template.notInMulti === true,
    ...(template.tick === undefined ? {} : { tick: template.tick }),
  }));
  const seq: Sequence = { protocol, tinyEncodings, commands, ...(startMs === undefined ? {} : { startMs }) };
  // fast-check prints counterexamples through this method: one command per line, as redis-cli would take it.
  Object.defineProperty(seq, fc.toStringMethod, { value: () => `\n${formatSequence(seq)}\n`, enumerable: false });
  return seq;
}
