// EXEC: run a client's queued commands as one atomic step.
// Mirrors: redis src/multi.c (execCommand).
//
// Atomicity comes free from the single-threaded loop: no other client's input is read while
// the queue runs. What EXEC adds is the checks first: a transaction whose queuing failed aborts
// with EXECABORT; one whose watched keys changed (or expired) replies a null array and runs
// nothing. Inside the queue, a command that fails fills only its own slot, and blocking
// commands do not block. Keys written here wake blocked clients only after EXEC returns.
// A script in the queue that goes busy suspends the queue (src/protocol/suspension.ts): the rest
// runs when it ends, still before any other client's command but the few allowed while busy.

import { ReplyError } from '../errors.js';
import { NO_REPLY, NULL_ARRAY, type Reply } from '../protocol/reply.js';
import type { Client } from './client.js';
import { call } from './dispatch.js';
import type { Server } from './server.js';

export function execTransaction(server: Server, client: Client): Reply {
  const multi = client.multi;
  if (multi === undefined) throw new ReplyError('ERR EXEC without MULTI');
  client.multi = undefined;
  if (multi.aborted) {
    client.unwatchKeys();
    throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
  }
  const casFailed = client.dirtyCas || server.watches.anyExpiredSinceWatch(client, server.clock.now());
  // Unwatch before running: the transaction's own writes must not touch its watches.
  client.unwatchKeys();
  if (casFailed) return NULL_ARRAY;
  client.writer.writeArrayHeader(multi.queue.length);
  const execCommand = client.command;
  client.mayBlock = false;
  const done = (): Reply => {
    client.mayBlock = true;
    client.command = execCommand;
    return NO_REPLY;
  };
  const queue = multi.queue;
  // Run the queue from `from`; a busy script suspends it, and the rest runs when the script ends.
  const runFrom = (from: number): Reply => {
    for (let i = from; i < queue.length; i++) {
      const queued = queue[i];
      if (queued === undefined) break;
      const suspension = call(server, client, queued.command, queued.argv);
      if (suspension !== undefined) return suspension.then(() => runFrom(i + 1));
    }
    return done();
  };
  return runFrom(0);
}
