// May this user run this command, on these keys and channels?
// Mirrors: redis src/acl.c (ACLCheckAllUserCommandPerm, ACLSelectorCheckCmd, ACLSelectorCheckKey,
// ACLSelectorCheckPubsubArguments, ACLCheckChannelAgainstList) and getAclErrorMessage.
//
// A command runs when one selector allows all of it: the command (or one of its allowed first
// arguments), every key it names with the access its key spec declares (read for "access", write
// for "insert", "update", "delete"), and every channel it names. When no selector does, the error
// reported is the "most specific" one over all selectors: a channel beats a key beats the
// command, and among equals the one at the later argument.

import { getKeysWithFlags, type KeyReference } from '../commands/command/getkeys.js';
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

function keyAllowed(s: Selector, key: Buffer, ref: KeyReference): boolean {
  if (s.allKeys) return true;
  let need = 0;
  for (const f of ref.flags) {
    if (f === 'access') need |= KEY_READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') need |= KEY_WRITE;
  }
  for (const k of s.keys) {
    if ((k.flags & need) !== need) continue;
    if (globMatch(k.bytes, key)) return true;
  }
  return false;
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

/** The keys of a call with the access each one needs (getKeysFromCommandWithSpecs). */
function keysOfCall(command: Command, argv: readonly Buffer[]): KeyReference[] {
  const refs = getKeysWithFlags(command, argv);
  const name = command.fullName;
  // SORT's STORE key has an unknown-type key spec: sortGetKeys marks it as a blind write.
  if (name === 'sort') return refs.map((ref) => (ref.pos === 1 ? ref : { pos: ref.pos, flags: ['OW', 'update'] }));
  const flags = KEY_FLAGS.get(name) ?? variableKeyFlags(name, argv);
  return flags === undefined ? refs : refs.map((ref) => ({ pos: ref.pos, flags }));
}

function checkSelector(
  s: Selector, command: Command, argv: readonly Buffer[], keys: { refs: KeyReference[] | undefined },
): Denial | undefined {
  if (!s.allCommands && !command.isNoAuth && !s.allowed.has(command)) {
    const firstArgs = s.firstArgs.get(command);
    const arg = argv[command.parent === undefined ? 1 : 2];
    if (firstArgs === undefined || arg === undefined) return { reason: DENIED_CMD, index: 0 };
    const lower = arg.latin1Slice(0, arg.length).toLowerCase();
    if (!firstArgs.some((a) => a.toLowerCase() === lower)) return { reason: DENIED_CMD, index: 0 };
  }
  if (!s.allKeys && commandHasKeys(command)) {
    keys.refs ??= keysOfCall(command, argv);
    for (const ref of keys.refs) {
      if (!keyAllowed(s, argv[ref.pos] as Buffer, ref)) return { reason: DENIED_KEY, index: ref.pos };
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
  let worst: Denial = { reason: DENIED_CMD, index: 0 };
  const keys: { refs: KeyReference[] | undefined } = { refs: undefined };
  for (const s of user.selectors) {
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
