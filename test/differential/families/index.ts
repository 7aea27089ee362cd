// The families a run can pick, each a weighted mix of command generators, and the sequence generator.
// Every family mixes in a little of the others (one write per type, DEL, TYPE) so keys change type under
// its commands; `transactions` wraps all the others in MULTI/EXEC/WATCH from two clients; `all` is everything.

import * as fc from 'fast-check';
import { cmd, gen, keys, type CommandGen } from '../harness/args.js';
import { resolveSequence, type RawCmd, type Sequence, type Template } from '../harness/command.js';
import { avoidsKnownBugs } from '../harness/known-bugs.js';
import { hashGens, setGens } from './hashes-sets.js';
import { creatorGens, expireGens, keyspaceGens } from './keys.js';
import { geoGens } from './geo.js';
import { listGens, sortGens } from './lists.js';
import { scriptGens } from './scripts.js';
import { serverGens } from './server.js';
import { streamGens } from './streams.js';
import { stringGens } from './strings.js';
import { timeGens } from './time.js';
import { zsetGens } from './zsets.js';

function transactionGens(): CommandGen[] {
  return [
    gen('multi', 5, cmd('MULTI')),
    gen('exec', 5, cmd('EXEC')),
    gen('discard', 1, cmd('DISCARD')),
    gen('watch', 3, cmd('WATCH', keys(1, 3))),
    gen('unwatch', 1, cmd('UNWATCH')),
  ];
}

const pick = (gens: CommandGen[], names: readonly string[]): CommandGen[] => gens.filter((g) => names.includes(g.name));
const scaled = (gens: CommandGen[], factor: number): CommandGen[] => gens.map((g) => ({ ...g, weight: Math.max(1, Math.round(g.weight * factor)) }));
const basics = (): CommandGen[] => [...creatorGens(), ...pick(keyspaceGens(), ['del', 'type', 'exists'])];

export const FAMILY_NAMES = ['strings', 'keys', 'ttl', 'lists', 'hashes', 'sets', 'zsets', 'server', 'scripts', 'transactions', 'all', 'time', 'streams'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** Sequences per family in the bounded run of `npm test` (docs/compatibility.md reports these). */
export const DEFAULT_RUNS: Readonly<Record<FamilyName, number>> = { strings: 60, keys: 60, ttl: 60, time: 300, lists: 60, hashes: 50, sets: 50, zsets: 60, server: 30, scripts: 60, transactions: 60, all: 60, streams: 60 };
/** Most commands in one generated sequence. */
export const MAX_LENGTH = 40;

export function familyGens(name: FamilyName): CommandGen[] {
  switch (name) {
    case 'strings':
      return [...stringGens(), ...basics()];
    case 'keys':
      return [...keyspaceGens(), ...creatorGens(), ...pick(expireGens(), ['expire', 'ttl']), ...pick(stringGens(), ['get', 'append'])];
    case 'ttl':
      return [...expireGens(), ...pick(stringGens(), ['set', 'getex', 'setex', 'psetex', 'getset']), ...pick(keyspaceGens(), ['rename', 'copy', 'move', 'select', 'swapdb']), ...basics()];
    case 'time':
      // Its own runner and sequences (shared clocks, tick steps): families/time.ts, harness/shared-clock.ts.
      return timeGens();
    case 'lists':
      // SORT lives here (not in `all` or `transactions`): their float arguments can leave errno at ERANGE in
      // Redis, and its SORT then fails every numeric sort (docs/differences.md).
      return [...listGens(), ...sortGens(), ...basics()];
    case 'hashes':
      return [...hashGens(), ...basics()];
    case 'sets':
      return [...setGens(), ...basics()];
    case 'zsets':
      return [...zsetGens(), ...geoGens(), ...pick(setGens(), ['sadd', 'smembers']), ...basics()];
    case 'server':
      return [...serverGens(), ...basics(), ...pick(stringGens(), ['get'])];
    case 'scripts':
      return [...scriptGens(), ...basics(), ...pick(zsetGens(), ['zadd']), ...pick(hashGens(), ['hset'])];
    case 'streams':
      return [...streamGens(), ...basics()];
    case 'transactions':
      return [...scaled(transactionGens(), 3), ...stringGens(), ...keyspaceGens(), ...expireGens(), ...scaled([...listGens(), ...hashGens(), ...setGens(), ...zsetGens(), ...streamGens()], 0.3)];
    case 'all':
      return [...stringGens(), ...keyspaceGens(), ...expireGens(), ...listGens(), ...hashGens(), ...setGens(), ...zsetGens(), ...transactionGens(), ...scaled(serverGens(), 0.3), ...scaled(streamGens(), 0.3)];
    default: {
      const unknown: never = name;
      throw new Error(`unknown family ${String(unknown)}`);
    }
  }
}

/** The generators of a family whose command the server under test implements. */
export function availableGens(name: FamilyName, available: ReadonlySet<string>): CommandGen[] {
  return familyGens(name).filter((g) => available.has(g.name));
}

/** Every command name any generator uses (to ask COMMAND INFO about). */
export function allGeneratedNames(): string[] {
  return [...new Set(FAMILY_NAMES.flatMap((f) => familyGens(f).map((g) => g.name)))];
}

/**
 * Drop the commands that must not be queued (SCAN, SPOP) where their client is inside MULTI, and the shapes
 * of known bugs (harness/known-bugs.ts). MULTI and EXEC/DISCARD change the state only when sent without
 * arguments, so this simulation of who is inside MULTI is exact.
 */
export function dropExcluded(raw: readonly RawCmd[]): RawCmd[] {
  const inMulti = [false, false];
  return raw.filter(({ template, client }) => {
    if (template.tick !== undefined) return true;
    const name = (template.argv[0] as Buffer).toString('latin1').toLowerCase();
    const plain = template.argv.length === 1;
    const queued = inMulti[client] === true;
    if (!avoidsKnownBugs(template, queued)) return false;
    if (name === 'multi' && plain) inMulti[client] = true;
    else if ((name === 'exec' || name === 'discard') && plain) inMulti[client] = false;
    else if (queued && template.notInMulti === true) return false;
    return true;
  });
}

export interface SequenceOptions {
  readonly maxLength: number;
  /** Force the protocol (the default draws RESP2 or RESP3 per sequence). */
  readonly protocol?: 2 | 3;
}

export function sequenceArb(gens: readonly CommandGen[], options: SequenceOptions): fc.Arbitrary<Sequence> {
  if (gens.length === 0) throw new Error('no generators: the server implements none of this family');
  const template: fc.Arbitrary<Template> = fc.oneof(...gens.map((g) => ({ weight: g.weight, arbitrary: g.arb })));
  const twoClients = gens.some((g) => g.name === 'multi');
  const client: fc.Arbitrary<0 | 1> = twoClients ? fc.oneof({ weight: 4, arbitrary: fc.constant(0 as const) }, { weight: 1, arbitrary: fc.constant(1 as const) }) : fc.constant(0 as const);
  const protocol = options.protocol === undefined ? fc.constantFrom<2 | 3>(2, 3) : fc.constant(options.protocol);
  return fc
    .record({
      protocol,
      tinyEncodings: fc.boolean(),
      commands: fc.array(fc.record({ template, client }), { maxLength: options.maxLength, size: 'max' }),
    })
    .map(({ protocol: p, tinyEncodings, commands }) => resolveSequence(p, tinyEncodings, dropExcluded(commands)));
}
