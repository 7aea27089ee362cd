// A selector: one set of permissions (commands, key patterns, channel patterns). A user has a root
// selector (the rules written outside parentheses) and any number of extra ones, `(...)`; a
// command runs when any one selector allows all of it.
// Mirrors: redis src/acl.c (aclSelector, ACLSetSelector, ACLChangeSelectorPerm,
// ACLSetSelectorCommandBitsForCategory, ACLAddAllowedFirstArg).
//
// Rule strings are latin1 strings (one char per byte), so binary patterns survive.

import type { Command } from '../commands/types.js';
import { categoryBit, type CommandIndex } from './command-index.js';

/** Key permissions of a pattern: %R~ reads, %W~ writes, ~ (or %RW~) both (ACL_*_PERMISSION). */
export const KEY_READ = 1;
export const KEY_WRITE = 2;
export const KEY_ALL = KEY_READ | KEY_WRITE;

export interface KeyPattern {
  readonly pattern: string;
  /** The pattern's bytes, for glob matching. */
  readonly bytes: Buffer;
  flags: number;
}

/** Why a rule was refused: the text ACLSetUserStringError gives for each errno. */
export class AclRuleError extends Error {}

export const RULE_ERRORS = {
  unknown: 'Unknown command or category name in ACL',
  syntax: 'Syntax error',
  afterAllKeys:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  afterAllChannels:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  noSuchPassword: 'The password you are trying to remove from the user does not exist',
  badHash: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  duplicateUser: 'Duplicate user found. A user can only be defined once in config files',
  firstArgOfSub: 'Allowing first-arg of a subcommand is not supported',
} as const;

/** Redis refuses patterns (and user names) holding whitespace or NUL (ACLStringHasSpaces). */
export function hasSpaces(text: string): boolean {
  return /[\s\0\v]/.test(text);
}

export class Selector {
  allKeys = false;
  allChannels: boolean;
  /** Every command, now and future (+@all / allcommands): SELECTOR_FLAG_ALLCOMMANDS. */
  allCommands = false;
  /** Started from +@all: the reserved "future commands" bit; ACL LIST then starts with +@all. */
  futureCommands = false;
  readonly allowed = new Set<Command>();
  /** Commands denied except with one of these first arguments (`+select|0`), lowercase. */
  readonly firstArgs = new Map<Command, string[]>();
  readonly keys: KeyPattern[] = [];
  readonly channels: string[] = [];

  constructor(
    readonly root: boolean,
    allChannels: boolean,
  ) {
    this.allChannels = allChannels;
  }

  copy(): Selector {
    const s = new Selector(this.root, this.allChannels);
    s.allKeys = this.allKeys;
    s.allCommands = this.allCommands;
    s.futureCommands = this.futureCommands;
    for (const c of this.allowed) s.allowed.add(c);
    for (const [c, args] of this.firstArgs) s.firstArgs.set(c, [...args]);
    for (const k of this.keys) s.keys.push({ ...k });
    s.channels.push(...this.channels);
    return s;
  }

  /** Allow or deny a command; a container takes its subcommands along (ACLChangeSelectorPerm). */
  changePerm(command: Command, allow: boolean): void {
    this.setBit(command, allow);
    this.firstArgs.delete(command);
    if (command.subcommands !== undefined) for (const sub of command.subcommands.values()) this.setBit(sub, allow);
  }

  private setBit(command: Command, allow: boolean): void {
    if (allow) {
      this.allowed.add(command);
    } else {
      this.allowed.delete(command);
      this.allCommands = false;
    }
  }

  setAll(allow: boolean, index: CommandIndex): void {
    this.allowed.clear();
    this.firstArgs.clear();
    this.allCommands = allow;
    this.futureCommands = allow;
    if (allow) for (const { command } of index.all) this.allowed.add(command);
  }

  /** +@cat / -@cat: every command flagged with the category (ACLSetSelectorCommandBitsForCategory). */
  setCategory(bit: number, allow: boolean, index: CommandIndex): void {
    for (const { command, categories } of index.all) if ((categories & bit) !== 0) this.changePerm(command, allow);
  }

  /** Apply one rule that concerns a selector (ACLSetSelector). Throws AclRuleError. */
  apply(op: string, index: CommandIndex): void {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.keys.length = 0;
    } else if (lower === 'resetkeys') {
      this.allKeys = false;
      this.keys.length = 0;
    } else if (lower === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels.length = 0;
    } else if (lower === 'resetchannels') {
      this.allChannels = false;
      this.channels.length = 0;
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.setAll(true, index);
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.setAll(false, index);
    } else if (op[0] === '~' || op[0] === '%') {
      this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if (this.allChannels) throw new AclRuleError(RULE_ERRORS.afterAllChannels);
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) throw new AclRuleError(RULE_ERRORS.syntax);
      if (!this.channels.includes(pattern)) this.channels.push(pattern);
      this.allChannels = false;
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const bit = categoryBit(op.slice(2));
      if (bit === 0) throw new AclRuleError(RULE_ERRORS.unknown);
      this.setCategory(bit, op[0] === '+', index);
    } else if (op[0] === '+') {
      this.allowCommand(op.slice(1), index);
    } else if (op[0] === '-') {
      const command = index.lookup(op.slice(1));
      if (command === undefined) throw new AclRuleError(RULE_ERRORS.unknown);
      this.changePerm(command, false);
    } else {
      throw new AclRuleError(RULE_ERRORS.syntax);
    }
  }

  /** ~pattern, %R~pattern, %W~pattern, %RW~pattern. */
  private addKeyPattern(op: string): void {
    if (this.allKeys) throw new AclRuleError(RULE_ERRORS.afterAllKeys);
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const c = (op[offset] as string).toUpperCase();
        if (c === 'R' && (flags & KEY_READ) === 0) flags |= KEY_READ;
        else if (c === 'W' && (flags & KEY_WRITE) === 0) flags |= KEY_WRITE;
        else if (c === '~') {
          offset++;
          break;
        } else throw new AclRuleError(RULE_ERRORS.syntax);
      }
    } else {
      flags = KEY_ALL;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) throw new AclRuleError(RULE_ERRORS.syntax);
    const existing = this.keys.find((k) => k.pattern === pattern);
    if (existing === undefined) this.keys.push({ pattern, bytes: Buffer.from(pattern, 'latin1'), flags });
    else existing.flags |= flags;
    this.allKeys = false;
  }

  /** +cmd, +container|sub, or +cmd|firstarg (a first argument of an otherwise denied command). */
  private allowCommand(name: string, index: CommandIndex): void {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const command = index.lookup(name);
      if (command === undefined) throw new AclRuleError(RULE_ERRORS.unknown);
      this.changePerm(command, true);
      return;
    }
    const base = index.lookup(name.slice(0, bar));
    if (base === undefined) throw new AclRuleError(RULE_ERRORS.unknown);
    if (base.parent !== undefined) throw new AclRuleError(RULE_ERRORS.firstArgOfSub);
    const sub = name.slice(bar + 1);
    if (sub === '') throw new AclRuleError(RULE_ERRORS.syntax);
    if (base.subcommands !== undefined) {
      const command = index.lookup(name);
      if (command === undefined) throw new AclRuleError(RULE_ERRORS.unknown);
      this.changePerm(command, true);
      return;
    }
    // Redis logs a deprecation warning for this form (a misuse of ACLs), and still honours it.
    const args = this.firstArgs.get(base) ?? [];
    if (!args.some((a) => a.toLowerCase() === sub.toLowerCase())) args.push(sub);
    this.firstArgs.set(base, args);
  }
}
