// MONITOR lines: every command the server runs, as Redis prints it to monitoring clients.
// Mirrors: redis src/replication.c (replicationFeedMonitors), src/sds.c (sdscatrepr) and
// src/server.c (redactClientCommandArgument callers: AUTH, HELLO, CONFIG SET).

import type { Command } from '../commands/types.js';
import type { ReplyWriter } from '../protocol/reply.js';
import { isSensitiveParam } from '../config/config.js';
import type { Client } from './client.js';
import type { Server } from './server.js';

const REDACTED = Buffer.from('(redacted)');

/**
 * The argv MONITOR and SLOWLOG may show: passwords replaced by "(redacted)" as Redis does for
 * AUTH's arguments, HELLO's AUTH username and password, and CONFIG SET values of sensitive
 * parameters (requirepass, masterauth ...).
 */
export function redactArgv(command: Command, argv: readonly Buffer[]): readonly Buffer[] {
  const name = command.fullName;
  if (name === 'auth') return argv.map((arg, i) => (i === 0 ? arg : REDACTED));
  // ACL SETUSER: the user name and every rule (passwords among them), as 7.0.15's SLOWLOG shows it.
  if (name === 'acl|setuser') return argv.map((arg, i) => (i < 2 ? arg : REDACTED));
  if (name === 'hello') {
    const out = [...argv];
    for (let i = 2; i < out.length; i++) {
      if ((out[i] as Buffer).toString('latin1').toLowerCase() === 'auth' && i + 2 < out.length) {
        out[i + 1] = REDACTED;
        out[i + 2] = REDACTED;
        i += 2;
      }
    }
    return out;
  }
  // MIGRATE: AUTH's password, AUTH2's username and password (as migrateCommand's option loop redacts them).
  if (name === 'migrate') {
    const out = [...argv];
    for (let i = 6; i < out.length; i++) {
      const option = (out[i] as Buffer).toString('latin1').toLowerCase();
      if (option === 'auth' && i + 1 < out.length) out[++i] = REDACTED;
      else if (option === 'auth2' && i + 2 < out.length) {
        out[++i] = REDACTED;
        out[++i] = REDACTED;
      } else if (option !== 'copy' && option !== 'replace') break;
    }
    return out;
  }
  if (name === 'config|set') {
    const out = [...argv];
    for (let i = 2; i + 1 < out.length; i += 2) {
      if (isSensitiveParam((out[i] as Buffer).toString('latin1').toLowerCase())) out[i + 1] = REDACTED;
    }
    return out;
  }
  return argv;
}

/**
 * `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`: seconds.microseconds, the database, the
 * peer, then each argument quoted and escaped as Redis's sdscatrepr does.
 */
export function formatMonitorLine(nowMicros: number, db: number, peer: string, argv: readonly Buffer[]): string {
  const seconds = Math.floor(nowMicros / 1_000_000);
  const micros = String(nowMicros % 1_000_000).padStart(6, '0');
  let line = `${seconds}.${micros} [${db} ${peer}]`;
  for (const arg of argv) line += ` ${quoteRepr(arg)}`;
  return line;
}

/** sdscatrepr: double-quoted, with \\ \" \n \r \t \a \b escaped and other non-printables as \xHH. */
export function quoteRepr(bytes: Buffer): string {
  let out = '"';
  for (const c of bytes) {
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}

/** What a MONITOR client offers the feed (Client.sendOutOfBand). */
export interface MonitorClient {
  sendOutOfBand(write: (writer: ReplyWriter) => void): void;
}

/** Send one command's line to every MONITOR client (replicationFeedMonitors); `argv` already redacted. */
export function feedMonitors(server: Server, client: Client, argv: readonly Buffer[]): void {
  const peer = client.isUnixSocket ? `unix:${server.config.get('unixsocket')}` : client.addr;
  feedMonitorLine(server.monitors, formatMonitorLine(server.clock.nowMicros(), client.db.index, peer, argv));
}

/** Send a formatted line (a script's command shows as "[db lua]": src/scripting/script-call.ts). */
export function feedMonitorLine(monitors: Iterable<MonitorClient>, line: string): void {
  for (const monitor of monitors) {
    monitor.sendOutOfBand((writer) => writer.writeStatus(line));
  }
}
