// May this user run this command, on these keys and channels?
// Mirrors: redis src/acl.c (ACLCheckAllUserCommandPerm, ACLSelectorCheckCmd, ACLSelectorCheckKey,
// ACLSelectorCheckPubsubArguments, ACLCheckChannelAgainstList) and getAclErrorMessage.
//
// A command runs when one selector allows all of it: the command (or one of its allowed first
// arguments), every key it names with the access its key spec declares (read for "access", write
// for "insert", "update", "delete"), and every channel it names. When no selector does, the error
// reported is the "most specific" one over all selectors: a channel beats a key beats the
// command, and among equals the one at the later argument.

import { getKeysWithFlags } from '../commands/command/getkeys.js';
import { keySpecsOf } from '../commands/command/derived.js';
import type { Command, KeySpecFlag } from '../commands/types.js';
import { globMatch } from '../util/glob.js';
import { KEY_READ, KEY_WRITE, type Selector } from './selector.js';
import type { User } from './user.js';

/** Why a check failed, in Redis's ACL_DENIED_* order (a larger value is the more specific reason). */
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_AUTH = 3;
export const DENIED_CHANNEL = 4;

export interface Denial {
  readonly reason: typeof DENIED_CMD | typeof DENIED_KEY | typeof DENIED_CHANNEL;
  /** The argv index of the key or channel refused (0 for a command). */
  readonly index: number;
}

const hasKeysCache = new WeakMap<Command, boolean>();

/** doesCommandHaveKeys: a key-finding function or a key spec that is not not_key. */
function commandHasKeys(command: Command): boolean {
  let has = hasKeysCache.get(command);
  if (has === undefined) {
    has = command.spec.getKeys !== undefined || keySpecsOf(command.spec).some((ks) => !ks.flags.includes('not_key'));
    hasKeysCache.set(command, has);
  }
  return has;
}

/** How a command names channels: publish-like (one), subscribe-like (all), psubscribe (literal patterns). */
function channelMode(command: Command): 'publish' | 'subscribe' | 'psubscribe' | undefined {
  if (command.parent !== undefined) return undefined;
  switch (command.spec.name) {
    case 'publish':
    case 'spublish':
      return 'publish';
    case 'subscribe':
    case 'ssubscribe':
      return 'subscribe';
    case 'psubscribe':
      return 'psubscribe';
    default:
      return undefined;
  }
}

function keyAllowed(s: Selector, key: Buffer, need: number): boolean {
  for (const k of s.keys) {
    if ((k.flags & need) !== need) continue;
    if (globMatch(k.bytes, key)) return true;
  }
  return false;
}

/** The permission a key spec's flags ask for: read for "access", write for "insert", "update", "delete". */
function needOf(flags: readonly KeySpecFlag[]): number {
  let need = 0;
  for (const f of flags) {
    if (f === 'access') need |= KEY_READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') need |= KEY_WRITE;
  }
  return need;
}

/** Does a channel (or, literally, a pattern) match the selector's channel list? */
export function channelAllowed(channels: readonly string[], channel: Buffer, literal: boolean): boolean {
  const text = channel.latin1Slice(0, channel.length);
  for (const pattern of channels) {
    if (literal ? pattern === text : globMatch(Buffer.from(pattern, 'latin1'), channel)) return true;
  }
  return false;
}

/**
 * Key spec flags where the command table derives them from the command flags but Redis's JSON
 * says more precisely what the command does to its key (an insert-only APPEND, a blind MSET).
 */
const KEY_FLAGS: ReadonlyMap<string, readonly KeySpecFlag[]> = new Map<string, readonly KeySpecFlag[]>([
  ['append', ['RW', 'insert']], ['getdel', ['RW', 'access', 'delete']], ['mset', ['OW', 'update']], ['msetnx', ['OW', 'insert']],
  ['psetex', ['OW', 'update']], ['setex', ['OW', 'update']], ['setnx', ['OW', 'insert']], ['setrange', ['RW', 'update']],
  ['strlen', ['RO']], ['watch', ['RO']],
]);

const READ_WRITE: readonly KeySpecFlag[] = ['RW', 'access', 'update'];

/**
 * The flags of a call whose key spec says variable_flags: SET reads its key only with GET
 * (setGetKeys); BITFIELD writes only with SET or INCRBY (bitfieldGetKeys).
 */
function variableKeyFlags(name: string, argv: readonly Buffer[]): readonly KeySpecFlag[] | undefined {
  if (name === 'set') {
    for (let j = 3; j < argv.length; j++) if ((argv[j] as Buffer).latin1Slice().toLowerCase() === 'get') return READ_WRITE;
    return ['OW', 'update'];
  }
  if (name === 'bitfield') {
    for (let i = 2; i < argv.length; i++) {
      const rest = argv.length - i - 1;
      const arg = (argv[i] as Buffer).latin1Slice().toLowerCase();
      if (arg === 'get' && rest >= 2) i += 2;
      else if (arg === 'overflow' && rest >= 1) i += 1;
      else return READ_WRITE;
    }
    return ['RO', 'access'];
  }
  return undefined;
}

/**
 * Most commands name their keys at fixed places (GET key, MSET k v k v, DEL k k ...): their key
 * specs are "index" + "range". For those the positions are computed here from a plan made once per
 * command, without the general key-spec walk and its allocations (the restricted user's hot path).
 */
interface RangePlan {
  readonly first: number;
  readonly lastkey: number;
  readonly step: number;
  readonly limit: number;
  readonly need: number;
}

const rangePlans = new WeakMap<Command, readonly RangePlan[] | null>();

function rangePlanOf(command: Command): readonly RangePlan[] | null {
  let plan = rangePlans.get(command);
  if (plan !== undefined) return plan;
  plan = null;
  const spec = command.spec;
  const specs = keySpecsOf(spec);
  if (spec.getKeys === undefined && command.fullName !== 'sort' && specs.every((ks) => ks.beginSearch.type === 'index' && ks.findKeys.type === 'range' && !ks.flags.includes('not_key'))) {
    const override = KEY_FLAGS.get(command.fullName);
    plan = specs.map((ks) => {
      const bs = ks.beginSearch as { readonly index: number };
      const fk = ks.findKeys as { readonly lastkey: number; readonly keystep: number; readonly limit: number };
      return { first: bs.index, lastkey: fk.lastkey, step: Math.max(1, fk.keystep), limit: fk.limit, need: needOf(override ?? ks.flags) };
    });
  }
  rangePlans.set(command, plan);
  return plan;
}

/**
 * The keys of a call as [argv index, needed permission] pairs, flattened (getKeysFromCommandWithSpecs).
 * Arguments that do not fit the key specs give no keys: the command itself reports the syntax error.
 */
function keysOfCall(command: Command, argv: readonly Buffer[]): number[] {
  const name = command.fullName;
  const variable = variableKeyFlags(name, argv);
  const variableNeed = variable === undefined ? -1 : needOf(variable);
  const plan = rangePlanOf(command);
  const out: number[] = [];
  if (plan !== null) {
    const argc = argv.length;
    for (const p of plan) {
      const first = p.first;
      const last = p.lastkey >= 0 ? first + p.lastkey : p.limit === 0 ? argc + p.lastkey : first + Math.floor((argc - first) / p.limit) + p.lastkey;
      if (last >= argc || last < first || first >= argc) return [];
      for (let i = first; i <= last; i += p.step) out.push(i, variableNeed >= 0 ? variableNeed : p.need);
    }
    return out;
  }
  // SORT's STORE key has an unknown-type key spec: sortGetKeys marks it as a blind write.
  const overrideNeed = variableNeed >= 0 ? variableNeed : needOf(KEY_FLAGS.get(name) ?? []);
  const override = variableNeed >= 0 || KEY_FLAGS.has(name);
  for (const ref of getKeysWithFlags(command, argv)) {
    const need = name === 'sort' && ref.pos !== 1 ? KEY_WRITE : override ? overrideNeed : needOf(ref.flags);
    out.push(ref.pos, need);
  }
  return out;
}

function checkSelector(
  s: Selector, command: Command, argv: readonly Buffer[], keys: { refs: number[] | undefined },
): Denial | undefined {
  if (!s.allCommands && !command.isNoAuth && !s.allowed.has(command)) {
    const firstArgs = s.firstArgs.get(command);
    const arg = argv[command.parent === undefined ? 1 : 2];
    if (firstArgs === undefined || arg === undefined) return { reason: DENIED_CMD, index: 0 };
    const lower = arg.latin1Slice(0, arg.length).toLowerCase();
    if (!firstArgs.some((a) => a.toLowerCase() === lower)) return { reason: DENIED_CMD, index: 0 };
  }
  if (!s.allKeys && commandHasKeys(command)) {
    const refs = (keys.refs ??= keysOfCall(command, argv));
    for (let i = 0; i < refs.length; i += 2) {
      const pos = refs[i] as number;
      if (!keyAllowed(s, argv[pos] as Buffer, refs[i + 1] as number)) return { reason: DENIED_KEY, index: pos };
    }
  }
  if (!s.allChannels) {
    const mode = channelMode(command);
    if (mode !== undefined) {
      const last = mode === 'publish' ? Math.min(1, argv.length - 1) : argv.length - 1;
      for (let j = 1; j <= last; j++) {
        if (!channelAllowed(s.channels, argv[j] as Buffer, mode === 'psubscribe')) return { reason: DENIED_CHANNEL, index: j };
      }
    }
  }
  return undefined;
}

/** Does this one selector allow the whole call? */
export function selectorAllows(s: Selector, command: Command, argv: readonly Buffer[]): boolean {
  return checkSelector(s, command, argv, { refs: undefined }) === undefined;
}

/** ACLCheckAllUserCommandPerm: undefined when allowed, else the denial to report. */
export function checkCommand(user: User, command: Command, argv: readonly Buffer[]): Denial | undefined {
  if (user.unrestricted) return undefined;
  // The keys are found once for all selectors (Redis's aclKeyResultCache).
  const keys: { refs: number[] | undefined } = { refs: undefined };
  const selectors = user.selectors;
  // One selector (no `( ... )` rules): its denial is the answer.
  if (selectors.length === 1) return checkSelector(selectors[0] as Selector, command, argv, keys);
  let worst: Denial = { reason: DENIED_CMD, index: 0 };
  for (const s of selectors) {
    const denial = checkSelector(s, command, argv, keys);
    if (denial === undefined) return undefined;
    if (denial.reason > worst.reason || (denial.reason === worst.reason && denial.index > worst.index)) worst = denial;
  }
  return worst;
}

/** The NOPERM text (without the code) dispatch replies with (getAclErrorMessage). */
export function denialMessage(denial: Denial, command: Command): string {
  if (denial.reason === DENIED_CMD) return `this user has no permissions to run the '${command.fullName}' command`;
  if (denial.reason === DENIED_KEY) return 'this user has no permissions to access one of the keys used as arguments';
  return 'this user has no permissions to access one of the channels used as arguments';
}

/** The error redis.call raises for a denied command (scriptVerifyACL). */
export function scriptDenialMessage(denial: Denial): string {
  if (denial.reason === DENIED_CMD) return "ERR The user executing the script can't run this command or subcommand";
  if (denial.reason === DENIED_KEY) return "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments";
  return "ERR The user executing the script can't publish to the channel mentioned in the command";
}

/** The reason ACL DRYRUN gives, naming the key or channel. */
export function dryRunMessage(denial: Denial, command: Command, argv: readonly Buffer[]): string {
  if (denial.reason === DENIED_CMD) return `This user has no permissions to run the '${command.fullName}' command`;
  const what = denial.reason === DENIED_KEY ? 'key' : 'channel';
  return `This user has no permissions to access the '${(argv[denial.index] as Buffer).toString('latin1')}' ${what}`;
}
