// CLIENT PAUSE / CLIENT UNPAUSE: hold clients' commands for a while (failovers, consistent backups).
// Mirrors: redis src/networking.c (pauseClients, unpauseClients, areClientsPaused,
// checkClientPauseTimeoutAndReturnIfPaused), src/server.c (processCommand's blockPostponeClient step)
// and src/blocked.c (blockPostponeClient).
//
// A paused command is not refused: its client is postponed, with the command and everything
// pipelined behind it, until the pause ends (CLIENT UNPAUSE, or the timeout). Then the command goes
// through dispatch again from the top, as Redis re-processes a postponed client's command, and the
// clients resume in the order they were postponed.
// - `ALL` postpones every command of every client (CLIENT UNPAUSE included: only the timeout ends it).
// - `WRITE` postpones what may change the dataset or be replicated: write commands, EVAL, EVALSHA,
//   FCALL, PUBLISH, SPUBLISH, PFCOUNT (Redis's may_replicate flag), and EXEC of a queue holding one;
//   inside MULTI such a command is postponed before it is even queued. Reads go on.
// - Either way keys neither expire nor get evicted meanwhile: a key past its TTL reads as missing
//   but stays, like on a replica (keyspace.activeExpiry off), and the active expire cycle waits.
// Pausing again keeps the stronger mode and the later end, as Redis does.

import type { Command } from '../commands/types.js';
import { Suspension } from '../protocol/suspension.js';

export type PauseMode = 'write' | 'all';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the pause needs from the server. */
export interface PauseHost {
  now(): number;
  /** Keys expire (lazily and actively) and get evicted only while true. */
  setExpiryAndEviction(on: boolean): void;
}

/** The part of a client the pause looks at. */
interface PausedClient {
  readonly multi: { readonly queue: ReadonlyArray<{ readonly command: Command }> } | undefined;
}

export class ClientPause {
  private mode: PauseMode | undefined;
  private endsAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Postponed commands, oldest first: each resumes its client when the pause ends. */
  private readonly postponed: Suspension[] = [];

  constructor(private readonly host: PauseHost) {}

  get active(): boolean {
    return this.mode !== undefined;
  }

  /** CLIENT PAUSE: `endsAt` is an absolute time in ms; one already past pauses nothing. */
  pause(mode: PauseMode, endsAt: number): void {
    if (endsAt <= this.host.now()) return;
    if (this.mode !== 'all') this.mode = mode;
    if (endsAt > this.endsAt) {
      this.endsAt = endsAt;
      this.armTimer();
    }
    this.host.setExpiryAndEviction(false);
  }

  /** Node timers hold at most 2^31-1 ms: a longer pause waits in steps of that size. */
  private armTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const left = this.endsAt - this.host.now();
    this.timer = setTimeout(() => {
      if (this.host.now() < this.endsAt) this.armTimer();
      else this.unpause();
    }, Math.max(1, Math.min(left, MAX_TIMER_MS)));
    this.timer.unref();
  }

  /** CLIENT UNPAUSE, or the timeout: end the pause and resume the postponed clients in order. */
  unpause(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.mode = undefined;
    this.endsAt = 0;
    this.host.setExpiryAndEviction(true);
    for (const waiting of this.postponed.splice(0)) waiting.resolve(null);
  }

  /** Must this command wait (processCommand's areClientsPaused check)? */
  holds(client: PausedClient, command: Command): boolean {
    if (this.mode === 'all') return true;
    if (command.isWrite || command.isMayReplicate) return true;
    return command.fullName === 'exec' && client.multi !== undefined && client.multi.queue.some(
      ({ command: queued }) => queued.isWrite || queued.isMayReplicate,
    );
  }

  /** Postpone a command: `retry` runs it again (from the top of dispatch) once the pause is over. */
  postpone(retry: () => Suspension | undefined): Suspension {
    const waiting = new Suspension();
    this.postponed.push(waiting);
    return waiting.then(() => retry() ?? null);
  }

  /** Stop the timer (server shutdown); postponed clients are being closed anyway. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
