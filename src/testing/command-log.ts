// The command log: record every command clients send, so a test can assert what an application
// asked of Redis ("it cached the user with one HSET and set a TTL").
// Mirrors: redis src/replication.c (replicationFeedMonitors), the feed MONITOR reads, but taken
// earlier and kept as data: each command is recorded as it arrives at dispatch, before it runs,
// whether it then succeeds, fails, is queued by MULTI or is refused. Commands the harness itself
// runs (fixtures, inspection) are not recorded.

import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';

export interface RecordedCommand {
  /** The arguments as text (each taken as UTF-8), command name as the client spelled it. */
  readonly argv: readonly string[];
  /** The database the client had selected when it sent the command. */
  readonly db: number;
  /** The connection's id (CLIENT ID). */
  readonly clientId: number;
  /** The connection's name (CLIENT SETNAME), '' when unnamed. */
  readonly clientName: string;
  /** The server clock (unix ms) when the command arrived. */
  readonly time: number;
}

/** A recording in progress: read `commands`, `clear()` between steps, `stop()` when done. */
export class CommandRecording {
  private readonly recorded: RecordedCommand[] = [];
  private stopped = false;
  private readonly observer: (client: Client, argv: readonly Buffer[]) => void;

  constructor(private readonly server: Server) {
    this.observer = (client, argv) => {
      this.recorded.push({
        // Copied out: the parser's argument buffers may be views into a reused read buffer.
        argv: argv.map((arg) => arg.toString('utf8')),
        db: client.db.index,
        clientId: client.id,
        clientName: client.name,
        time: server.clock.now(),
      });
    };
    server.commandObservers.push(this.observer);
  }

  /** Everything recorded so far, oldest first. */
  get commands(): readonly RecordedCommand[] {
    return this.recorded;
  }

  /** The uppercased command names, oldest first: handy for `expect(log.names()).toEqual([...])`. */
  names(): string[] {
    return this.recorded.map((c) => (c.argv[0] ?? '').toUpperCase());
  }

  /** Forget what was recorded so far; keep recording. */
  clear(): void {
    this.recorded.length = 0;
  }

  /** Stop recording (what was recorded stays readable). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const observers = this.server.commandObservers;
    const at = observers.indexOf(this.observer);
    if (at !== -1) observers.splice(at, 1);
  }

  get isRecording(): boolean {
    return !this.stopped;
  }
}
