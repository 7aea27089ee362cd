// The ACL log: recent denied commands, keys, channels and failed authentications (ACL LOG).
// Mirrors: redis src/acl.c (ACLLogEntry, ACLLogMatchEntry, addACLLogEntry, the LOG branch of aclCommand).
//
// Similar events within a minute are folded into one entry whose count grows (only the ten most
// recent entries are searched, as Redis does), so a client hammering a denied command does not
// flood the log; the newest entry is first; acllog-max-len caps the length.

import { DENIED_AUTH, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY } from './check.js';

/** Events closer than this (ms) fold into one entry (ACL_LOG_GROUPING_MAX_TIME_DELTA). */
const ACL_LOG_GROUPING_MAX_TIME_DELTA_MS = 60_000;
/** How many recent entries are searched for one to fold into. */
const ACL_LOG_MATCH_SCAN = 10;

export type LogContext = 'toplevel' | 'multi' | 'lua';

export interface AclLogEntry {
  count: number;
  readonly reason: number;
  readonly context: LogContext;
  readonly object: string;
  readonly username: string;
  /** Unix ms of the last event folded in. */
  ctimeMs: number;
  /** CLIENT INFO line of the client of the last event. */
  clientInfo: string;
}

export function reasonName(reason: number): string {
  switch (reason) {
    case DENIED_CMD: return 'command';
    case DENIED_KEY: return 'key';
    case DENIED_CHANNEL: return 'channel';
    case DENIED_AUTH: return 'auth';
    default: return 'unknown';
  }
}

export class AclLog {
  /** Newest first. */
  readonly entries: AclLogEntry[] = [];

  add(entry: Omit<AclLogEntry, 'count'>, maxLen: number): void {
    const scan = Math.min(ACL_LOG_MATCH_SCAN, this.entries.length);
    for (let i = 0; i < scan; i++) {
      const e = this.entries[i] as AclLogEntry;
      if (
        e.reason === entry.reason && e.context === entry.context && e.object === entry.object &&
        e.username === entry.username && Math.abs(e.ctimeMs - entry.ctimeMs) <= ACL_LOG_GROUPING_MAX_TIME_DELTA_MS
      ) {
        e.count++;
        e.ctimeMs = entry.ctimeMs;
        e.clientInfo = entry.clientInfo;
        this.entries.splice(i, 1);
        this.entries.unshift(e);
        return;
      }
    }
    this.entries.unshift({ ...entry, count: 1 });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries.length = 0;
  }
}
