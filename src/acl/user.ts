// An ACL user: flags, password hashes and selectors, and the user-level rules of ACL SETUSER.
// Mirrors: redis src/acl.c (struct user, ACLCreateUser, ACLSetUser, ACLHashPassword,
// ACLCheckPasswordHash, ACLMergeSelectorArguments, ACLCopyUser).

import { createHash } from 'node:crypto';
import type { CommandIndex } from './command-index.js';
import { AclRuleError, RULE_ERRORS, Selector } from './selector.js';

/** SHA-256 of a password, lowercase hex, as Redis stores it (ACLHashPassword). */
export function hashPassword(password: Buffer): string {
  return createHash('sha256').update(password).digest('hex');
}

const isPasswordHash = (text: string): boolean => /^[0-9a-f]{64}$/.test(text);

export class User {
  enabled = false;
  nopass = false;
  /** sanitize-payload / skip-sanitize-payload, or neither (a user that was never reset). */
  sanitizePayload: 'sanitize' | 'skip' | undefined = undefined;
  readonly passwords: string[] = [];
  readonly selectors: Selector[];
  /**
   * Every command on every key and channel, with the root selector alone: the permission check
   * is skipped entirely. This is the one boolean dispatch tests per command (the default user).
   */
  unrestricted = false;

  constructor(
    readonly name: string,
    allChannelsByDefault: boolean,
  ) {
    this.selectors = [new Selector(true, allChannelsByDefault)];
  }

  get root(): Selector {
    return this.selectors[0] as Selector;
  }

  /** Make this user's rules those of `src` (ACLCopyUser; the name stays). */
  copyFrom(src: User): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitizePayload = src.sanitizePayload;
    this.passwords.length = 0;
    this.passwords.push(...src.passwords);
    this.selectors.length = 0;
    for (const s of src.selectors) this.selectors.push(s.copy());
    this.refresh();
  }

  refresh(): void {
    const root = this.root;
    this.unrestricted = this.selectors.length === 1 && root.allCommands && root.allKeys && root.allChannels;
  }

  /** Does any password (or nopass) let this user in? Disabled users never authenticate. */
  checkPassword(password: Buffer): boolean {
    if (!this.enabled) return false;
    if (this.nopass) return true;
    return this.passwords.includes(hashPassword(password));
  }

  /**
   * Apply one ACL SETUSER rule (ACLSetUser). `op` is latin1 (one char per byte).
   * Throws AclRuleError with Redis's reason text.
   */
  apply(op: string, index: CommandIndex, allChannelsByDefault: boolean): void {
    if (op === '') return;
    const lower = op.toLowerCase();
    if (lower === 'on') this.enabled = true;
    else if (lower === 'off') this.enabled = false;
    else if (lower === 'skip-sanitize-payload') this.sanitizePayload = 'skip';
    else if (lower === 'sanitize-payload') this.sanitizePayload = 'sanitize';
    else if (lower === 'nopass') {
      this.nopass = true;
      this.passwords.length = 0;
    } else if (lower === 'resetpass') {
      this.nopass = false;
      this.passwords.length = 0;
    } else if (op[0] === '>' || op[0] === '#') {
      const hash = op[0] === '>' ? hashPassword(Buffer.from(op.slice(1), 'latin1')) : op.slice(1);
      if (op[0] === '#' && !isPasswordHash(hash)) throw new AclRuleError(RULE_ERRORS.badHash);
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = op[0] === '<' ? hashPassword(Buffer.from(op.slice(1), 'latin1')) : op.slice(1);
      if (op[0] === '!' && !isPasswordHash(hash)) throw new AclRuleError(RULE_ERRORS.badHash);
      const at = this.passwords.indexOf(hash);
      if (at < 0) throw new AclRuleError(RULE_ERRORS.noSuchPassword);
      this.passwords.splice(at, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const selector = new Selector(false, allChannelsByDefault);
      for (const inner of splitSelectorOps(op.slice(1, -1))) selector.apply(inner, index);
      this.selectors.push(selector);
    } else if (lower === 'clearselectors') {
      this.selectors.length = 1;
    } else if (lower === 'reset') {
      this.nopass = false;
      this.passwords.length = 0;
      const root = this.root;
      root.apply('resetkeys', index);
      root.apply('resetchannels', index);
      if (allChannelsByDefault) root.apply('allchannels', index);
      this.enabled = false;
      this.sanitizePayload = 'sanitize';
      this.selectors.length = 1;
      root.apply('-@all', index);
    } else {
      this.root.apply(op, index);
    }
  }
}

/** The inside of `( ... )`, split on spaces as sdssplitargs does for plain words. */
function splitSelectorOps(text: string): string[] {
  return text.split(/[ \t\r\n]+/).filter((s) => s !== '');
}

/**
 * Join a selector written across several arguments ("(~k*" "+get)") into one (ACLMergeSelectorArguments).
 * Returns the index of an unclosed "(" argument instead when a parenthesis is left open.
 */
export function mergeSelectorArgs(args: readonly string[]): string[] | { unmatchedAt: number } {
  const merged: string[] = [];
  let open = -1;
  let selector = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j] as string;
    if (open === -1 && op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      selector += ` ${op}`;
      if (op[op.length - 1] === ')') {
        open = -1;
        merged.push(selector);
      }
      continue;
    }
    merged.push(op);
  }
  if (open !== -1) return { unmatchedAt: open };
  return merged;
}
