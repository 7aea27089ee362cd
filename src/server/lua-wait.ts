// Clients postponed while the Lua runtime loads: the server listens before Lua is ready, and a
// client whose next command needs Lua waits for it, with its input held, in order.
// Mirrors: redis src/networking.c and src/blocked.c (blockPostponeClient, the CLIENT PAUSE
// machinery: a postponed client's command is put back and processed again once the pause ends).
//
// Why: the Lua engine is a WebAssembly module that instantiates asynchronously (16-22 ms on the
// benchmark machine), most test servers never run a script, and a test stand-in must start in a
// few milliseconds (issue 8). So Server.listen starts the load in the background. Until it settles:
// - a command that needs Lua (the list below) is not dispatched: the client keeps it, stops reading
//   its input (later pipelined commands stay behind it), and is put on the waiting list;
// - inside MULTI such commands are only queued, as always; it is EXEC that waits, as a whole, when
//   its queue holds one, so the transaction still runs in one piece;
// - every other command, and every other client, runs at once.
// When the load settles the waiting clients resume in arrival order: the held command runs (if the
// load failed, it gets the engine's error reply), then the rest of that client's pipeline.
//
// DIFFERS FROM REDIS: Redis links Lua in and never waits. The wait happens only in the first
// milliseconds of a process's first server; the command's reply is what Redis would send.

import type { Command } from '../commands/types.js';

/**
 * Commands that compile or run Lua. EVALSHA and FCALL need a script or library loaded earlier,
 * which implies a loaded runtime, but waiting for them too costs nothing and keeps the rule simple.
 * DEBUG RELOAD reloads function libraries only when some exist, so again only after a load.
 */
const NEEDS_LUA = new Set([
  'eval', 'eval_ro', 'evalsha', 'evalsha_ro', 'fcall', 'fcall_ro', 'script|load', 'function|load', 'function|restore',
]);

/** The part of a client the check looks at. */
export interface LuaWaitCandidate {
  readonly multi: { readonly queue: ReadonlyArray<{ readonly command: Command }> } | undefined;
}

/**
 * Must this command wait for the Lua runtime? `command` is what dispatch will find for the argv
 * (undefined for an unknown command, which never waits: it is refused without Lua).
 */
export function needsLuaRuntime(client: LuaWaitCandidate, command: Command | undefined): boolean {
  if (command === undefined) return false;
  if (client.multi !== undefined) {
    // Queued, not run: only EXEC runs the queue (MULTI_CONTROL in dispatch.ts).
    if (command.fullName !== 'exec') return false;
    return client.multi.queue.some((queued) => NEEDS_LUA.has(queued.command.fullName));
  }
  return NEEDS_LUA.has(command.fullName);
}

/** The clients waiting for the runtime, in arrival order; resumed once when the load settles. */
export class LuaWaitList {
  private readonly waiting: Array<{ resumeAfterLua(): void }> = [];

  add(client: { resumeAfterLua(): void }): void {
    this.waiting.push(client);
  }

  get size(): number {
    return this.waiting.length;
  }

  /** Resume every waiting client, oldest first (each runs its held command, then its pipeline). */
  resumeAll(): void {
    const clients = this.waiting.splice(0);
    for (const client of clients) client.resumeAfterLua();
  }
}
