// A reply that comes later: what a command that has not finished returns. First among them, a
// script past busy-reply-threshold that yields to the event loop so that other clients can be told
// BUSY and SCRIPT KILL can arrive; also a command postponed by CLIENT PAUSE and MIGRATE waiting for
// its target. It lives in protocol/ because commands, scripting and the server all use it and it
// depends on nothing but the Reply type.
// Mirrors: the part of redis src/script.c (scriptInterrupt → processEventsWhileBlocked) that lets
// the event loop run while a script is still inside its command.
//
// Redis re-enters its event loop from inside the Lua hook, deep in the C stack of EVAL, and returns
// into the script afterwards. JavaScript cannot run the event loop from inside a call, so the
// script's coroutine yields instead (src/scripting/script-thread.ts), and everything that was waiting on
// the script's reply up the stack waits on a Suspension: dispatch's `call` (its bookkeeping and
// the reply), EXEC (the rest of its queue) and the client (the rest of its pipeline). Each layer
// registers what it still has to do with `then`, in order, innermost first.
//
// It resolves synchronously, unlike a Promise: when the script ends, the caller's reply, the rest
// of an EXEC and the caller's pipeline all run in that same turn, before any other client's input
// is read, exactly as they would have had the script never yielded. A microtask in between would
// let nothing else in either, but a synchronous chain keeps the order obvious and the stack short.

import type { Reply, SuspendedReply } from './reply.js';

export class Suspension implements SuspendedReply {
  readonly kind = 'suspended';
  private settled = false;
  private result: Reply = null;
  private readonly waiters: Array<(reply: Reply) => void> = [];

  /**
   * `releasesPropagation`: the command waits on something outside the server (MIGRATE on its
   * target) while other clients run, so call() closes its propagation unit at once instead of
   * holding it open (which would hold back everyone's AOF writes); the command logs its own
   * effect when it resumes. A busy script keeps its unit: its writes are one unit.
   */
  constructor(readonly releasesPropagation = false) {}

  /** Run `next` with the final reply once it is known; its result (perhaps another suspension) settles the returned one. */
  then(next: (reply: Reply) => Reply | Suspension): Suspension {
    const chained = new Suspension();
    const run = (reply: Reply): void => {
      const out = next(reply);
      if (out instanceof Suspension) {
        out.then((r) => {
          chained.resolve(r);
          return r;
        });
      } else {
        chained.resolve(out);
      }
    };
    if (this.settled) run(this.result);
    else this.waiters.push(run);
    return chained;
  }

  /** The command finished with `reply`: run everything waiting on it, in registration order. */
  resolve(reply: Reply): void {
    if (this.settled) return;
    this.settled = true;
    this.result = reply;
    for (const waiter of this.waiters.splice(0)) waiter(reply);
  }
}
