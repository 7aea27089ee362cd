// The ACL registry of one server: its users, the default user, the ACL log, the clients logged in
// as each user, and loading/saving the aclfile.
// Mirrors: redis src/acl.c (Users, DefaultUser, ACLInit, ACLCreateDefaultUser, ACLAuthenticateUser,
// ACLFreeUserAndKillClients, ACLLoadFromFile, ACLSaveToFile, ACLLoadUsersAtStartup,
// ACLUpdateDefaultUserPassword).

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { CommandContext, ServerContext } from '../commands/context.js';
import { CommandIndex } from './command-index.js';
import { channelAllowed, DENIED_AUTH } from './check.js';
import { describeUser } from './describe.js';
import { AclLog, type LogContext } from './log.js';
import { ConfigError } from '../config/config.js';
import { AclRuleError, hasSpaces, RULE_ERRORS } from './selector.js';
import { mergeSelectorArgs, User } from './user.js';

/** A connection as the registry sees it: who it is logged in as, and how to drop it. */
export interface AclClient {
  user: User;
  authenticated: boolean;
  kill(): void;
  describe(): string;
  readonly subscriptions: {
    readonly channels: ReadonlySet<string>;
    readonly patterns: ReadonlySet<string>;
    readonly shardChannels: ReadonlySet<string>;
  };
}

/** Raised at start-up when the `user` directives or the aclfile cannot be loaded (Redis exits). */
export class AclStartupError extends Error {}

export class Acl {
  readonly index: CommandIndex;
  readonly users = new Map<string, User>();
  readonly defaultUser: User;
  readonly log = new AclLog();
  /** Connected clients, to disconnect those of a deleted user. */
  readonly clients = new Set<AclClient>();

  constructor(private readonly server: ServerContext) {
    this.index = new CommandIndex(server.commands);
    this.defaultUser = this.createDefaultUser();
    this.users.set('default', this.defaultUser);
    // requirepass is the default user's password (ACLUpdateDefaultUserPassword), now and on CONFIG SET.
    this.setDefaultPassword(server.config.get('requirepass'));
    server.config.onChange('requirepass', (value) => this.setDefaultPassword(value));
  }

  /** New users start with channels as acl-pubsub-default says. */
  get allChannelsByDefault(): boolean {
    return this.server.config.get('acl-pubsub-default') === 'allchannels';
  }

  /** A fresh user with no rules (disabled, nothing allowed); not registered. */
  newUser(name: string): User {
    const user = new User(name, this.allChannelsByDefault);
    user.refresh();
    return user;
  }

  private createDefaultUser(): User {
    const user = this.newUser('default');
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) user.apply(op, this.index, false);
    user.refresh();
    return user;
  }

  private setDefaultPassword(password: string): void {
    const user = this.defaultUser;
    user.apply('resetpass', this.index, false);
    if (password === '') user.apply('nopass', this.index, false);
    else user.apply(`>${password}`, this.index, false);
  }

  /** Must a client that has not authenticated do so (authRequired)? Not while default is nopass and on. */
  get authRequired(): boolean {
    return !this.defaultUser.nopass || !this.defaultUser.enabled;
  }

  /** Is a new connection logged in as default from the start? */
  get defaultLoginFree(): boolean {
    return this.defaultUser.nopass && this.defaultUser.enabled;
  }

  /**
   * Apply ACL SETUSER's rules to a copy of the user (or a new one), then commit them all at once:
   * a bad rule changes nothing. Throws AclRuleError naming the rule.
   */
  setUser(name: string, ops: readonly string[]): void {
    const existing = this.users.get(name);
    const staged = this.newUser(name);
    if (existing !== undefined) staged.copyFrom(existing);
    for (const op of ops) {
      try {
        staged.apply(op, this.index, this.allChannelsByDefault);
      } catch (err) {
        if (err instanceof AclRuleError) throw new AclRuleError(`Error in ACL SETUSER modifier '${op}': ${err.message}`);
        throw err;
      }
    }
    staged.refresh();
    if (existing !== undefined) {
      this.killPubsubClientsIfNeeded(staged, existing);
      existing.copyFrom(staged);
    } else {
      this.users.set(name, staged);
    }
  }

  /** ACL DELUSER: remove users and disconnect their clients. */
  deleteUser(name: string): boolean {
    const user = this.users.get(name);
    if (user === undefined) return false;
    this.users.delete(name);
    this.killClientsOf(user);
    return true;
  }

  private killClientsOf(user: User): void {
    for (const client of [...this.clients]) {
      if (client.user !== user) continue;
      // As Redis does, first make the connection an unauthenticated default one, then drop it.
      client.user = this.defaultUser;
      client.authenticated = false;
      client.kill();
    }
  }

  /**
   * Pub/sub clients of a user whose channel permissions shrank are disconnected when a channel or
   * pattern they listen to is no longer allowed (ACLKillPubsubClientsIfNeeded). As in Redis, only
   * the channel lists are compared: a user that had allchannels (an empty list) keeps its clients.
   */
  private killPubsubClientsIfNeeded(updated: User, original: User): void {
    if (updated.selectors.some((s) => s.allChannels)) return;
    const upcoming = updated.selectors.flatMap((s) => s.channels);
    const kept = new Set(upcoming);
    if (original.selectors.every((s) => s.channels.every((c) => kept.has(c)))) return;
    const allowed = (name: string, literal: boolean): boolean => channelAllowed(upcoming, Buffer.from(name, 'latin1'), literal);
    for (const client of [...this.clients]) {
      if (client.user !== original) continue;
      const subs = client.subscriptions;
      if (subs.channels.size + subs.patterns.size + subs.shardChannels.size === 0) continue;
      let kill = false;
      for (const p of subs.patterns) if (!kill && !allowed(p, true)) kill = true;
      for (const c of subs.channels) if (!kill && !allowed(c, false)) kill = true;
      for (const c of subs.shardChannels) if (!kill && !allowed(c, false)) kill = true;
      if (kill) client.kill();
    }
  }

  /** Check credentials (ACLCheckUserCredentials): the user on success, undefined otherwise. */
  authenticate(name: string, password: Buffer): User | undefined {
    const user = this.users.get(name);
    if (user === undefined || !user.checkPassword(password)) return undefined;
    return user;
  }

  /** Add an ACL LOG entry (addACLLogEntry). */
  addLogEntry(reason: number, context: LogContext, object: string, username: string, clientInfo: string): void {
    this.log.add(
      { reason, context, object, username, ctimeMs: this.server.clock.now(), clientInfo },
      this.server.config.get('acllog-max-len'),
    );
  }

  /** A failed AUTH or HELLO AUTH: logged under the name tried, with the command as typed. */
  logAuthFailure(ctx: CommandContext, commandName: Buffer, username: string): void {
    const context: LogContext = ctx.inMulti ? 'multi' : 'toplevel';
    this.addLogEntry(DENIED_AUTH, context, commandName.toString('latin1'), username, ctx.handle.describe());
  }

  // --- The aclfile ---

  /** ACL LIST / ACL SAVE lines, users in name order. */
  listLines(): string[] {
    const names = [...this.users.keys()].sort();
    return names.map((name) => `user ${name} ${describeUser(this.users.get(name) as User, this.index)}`);
  }

  /** ACL SAVE: write the users to a temporary file, then rename it over the aclfile. False on I/O errors. */
  saveToFile(path: string): boolean {
    const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(tmp, this.listLines().map((line) => `${line}\n`).join(''), { mode: 0o644, encoding: 'latin1' });
      renameSync(tmp, path);
      return true;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      return false;
    }
  }

  /**
   * ACL LOAD: parse every line into a fresh set of users; only if the whole file is valid replace
   * the current users (the default user keeps its identity and takes the new rules). Returns the
   * error text, or undefined on success (ACLLoadFromFile).
   */
  loadFromFile(path: string): string | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (err) {
      return `Error loading ACLs, opening file '${path}': ${errnoMessage(err)}`;
    }
    const fresh = new Map<string, User>();
    let errors = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const linenum = i + 1;
      const line = (lines[i] as string).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '') continue;
      const argv = line.split(' ');
      if (argv[0] !== 'user' || argv.length < 2) {
        errors += `${path}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      const name = argv[1] as string;
      if (hasSpaces(name)) {
        errors += `'${path}:${linenum}: username '${name}' contains invalid characters. `;
        continue;
      }
      if (fresh.has(name)) {
        errors += `WARNING: Duplicate user '${name}' found on line ${linenum}. `;
        continue;
      }
      const user = this.newUser(name);
      fresh.set(name, user);
      const merged = mergeSelectorArgs(argv.slice(2));
      if (!Array.isArray(merged)) {
        errors += `${path}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      for (const op of merged) {
        try {
          user.apply(op.replace(/^[\t\r\n]+|[\t\r\n]+$/g, ''), this.index, this.allChannelsByDefault);
        } catch (err) {
          if (!(err instanceof AclRuleError)) throw err;
          errors += `${path}:${linenum}: Error in applying operation '${op}': ${err.message}. `;
        }
      }
      user.refresh();
    }
    if (errors !== '') return `${errors}WARNING: ACL errors detected, no change to the previously active ACL rules was performed`;
    this.replaceUsers(fresh);
    return undefined;
  }

  /** Swap in a loaded user set; every other user's clients are disconnected (ACLFreeUsersSet). */
  private replaceUsers(fresh: Map<string, User>): void {
    const newDefault = fresh.get('default') ?? this.createDefaultUser();
    this.defaultUser.copyFrom(newDefault);
    fresh.set('default', this.defaultUser);
    const old = [...this.users.values()].filter((u) => u !== this.defaultUser);
    this.users.clear();
    for (const [name, user] of fresh) this.users.set(name, user);
    for (const user of old) this.killClientsOf(user);
  }

  /**
   * What redis.conf parsing checks of a `user` line (ACLAppendUserForLoading): a duplicate name, an
   * unclosed selector, a rule that is wrong whatever the command table holds (an unknown command is
   * left for loading, as Redis does since a module could define it). Throws ConfigError naming the
   * argument at the failing rule's index, counted from the directive's first word as Redis does.
   */
  private validateUserDirective(
    directive: { readonly args: readonly string[]; readonly lineNumber?: number | undefined; readonly lineText?: string },
    all: ReadonlyArray<{ readonly args: readonly string[] }>,
  ): void {
    const [name = '', ...rules] = directive.args;
    const words = ['user', ...directive.args];
    const fail = (at: number, reason: string): ConfigError =>
      new ConfigError(`Error in user declaration '${words[at] ?? ''}': ${reason}`, directive.lineNumber, directive.lineText);
    if (all.find((d) => d.args[0] === name) !== directive) throw fail(1, RULE_ERRORS.duplicateUser);
    const merged = mergeSelectorArgs(rules);
    // Redis sets no reason for an unclosed selector and prints whatever errno holds; at start-up
    // that is ENOENT, hence the unknown-command text.
    if (!Array.isArray(merged)) throw fail(merged.unmatchedAt, RULE_ERRORS.unknown);
    const scratch = this.newUser(name);
    merged.forEach((op, j) => {
      try {
        scratch.apply(op, this.index, this.allChannelsByDefault);
      } catch (err) {
        if (!(err instanceof AclRuleError)) throw err;
        if (err.message !== RULE_ERRORS.unknown) throw fail(j, err.message);
      }
    });
  }

  /**
   * Start-up (ACLLoadUsersAtStartup): the `user` directives of redis.conf, or the aclfile, not both.
   * Throws AclStartupError with the reason Redis logs before exiting.
   */
  loadAtStartup(): void {
    const directives = this.server.config.deferredDirectives.filter((d) => d.name === 'user').flatMap(expandUserDirective);
    const aclfile = this.server.config.get('aclfile');
    if (aclfile !== '' && directives.length > 0) {
      throw new AclStartupError(
        'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.',
      );
    }
    for (const directive of directives) this.validateUserDirective(directive, directives);
    const seen = new Set<string>();
    for (const directive of directives) {
      const [name = '', ...rules] = directive.args;
      if (seen.has(name)) throw new AclStartupError(`Error in user declaration '${name}': ${'Duplicate user found. A user can only be defined once in config files'}`);
      seen.add(name);
      if (hasSpaces(name)) throw new AclStartupError('Spaces not allowed in ACL usernames');
      let user = this.users.get(name);
      if (user === undefined) {
        user = this.newUser(name);
        this.users.set(name, user);
      } else {
        user.apply('reset', this.index, this.allChannelsByDefault);
      }
      const merged = mergeSelectorArgs(rules);
      if (!Array.isArray(merged)) throw new AclStartupError(`Unmatched parenthesis in selector definition for the user named '${name}'`);
      for (const op of merged) {
        try {
          user.apply(op, this.index, this.allChannelsByDefault);
        } catch (err) {
          if (!(err instanceof AclRuleError)) throw err;
          throw new AclStartupError(`Error loading ACL rule '${op}' for the user named '${name}': ${err.message}`);
        }
      }
      user.refresh();
    }
    if (aclfile !== '') {
      const errors = this.loadFromFile(aclfile);
      if (errors !== undefined) throw new AclStartupError(`Aborting Redis startup because of ACL errors: ${errors}`);
    }
  }
}

/**
 * The embedded API's spellings of `user` lines: `{ user: ['alice', 'on', '>pw'] }` is one user as
 * redis.conf writes it; `{ user: 'alice on >pw' }` or `{ user: ['alice on >pw', 'bob on nopass'] }`
 * give each user as one string (a redis.conf user name cannot hold a space, so this is unambiguous).
 */
function expandUserDirective(d: { readonly args: readonly string[] }): Array<{ readonly args: readonly string[] }> {
  if (d.args.length === 0 || !d.args.every((arg) => /\s/.test(arg))) return [d];
  return d.args.map((line) => ({ args: line.split(/\s+/).filter((w) => w !== '') }));
}

function errnoMessage(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'EISDIR') return 'Is a directory';
  return err instanceof Error ? err.message : String(err);
}

const registries = new WeakMap<ServerContext, Acl>();

/**
 * The ACL registry of a server, created (and the startup users loaded) on first use. A WeakMap
 * keeps it beside the server without widening ServerContext.
 */
export function aclOf(server: ServerContext): Acl {
  let acl = registries.get(server);
  if (acl === undefined) {
    acl = new Acl(server);
    registries.set(server, acl);
    acl.loadAtStartup();
  }
  return acl;
}
