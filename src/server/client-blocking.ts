// The client's half of blocking commands: starting a wait, running the command again when a key it
// waits on was written, and ending the wait with a reply. The registry of waiters is blocking.ts.
// Mirrors: redis src/blocked.c (blockForKeys, serveClientsBlockedOnKeys' per-client step,
// unblockClient) and src/networking.c (the blocked client's pipeline resuming after unblock).

import { NO_REPLY, type Reply } from '../protocol/reply.js';
import { ReplyError } from '../errors.js';
import type { Client } from './client.js';
import type { Handler } from '../commands/types.js';
import { callHandler, recordUnblocked } from './call.js';
import { queueFlush } from './client-output.js';
import { performance } from 'node:perf_hooks';

/**
 * ctx.block (BLPOP and friends found nothing): register the wait and reply nothing for now.
 * Inside EXEC and scripts (mayBlock off) the command answers its timeout reply at once.
 */
export function blockClient(client: Client, keys: readonly string[], timeoutMs: number, timeoutReply: Reply): Reply {
  if (!client.mayBlock) return timeoutReply;
  if (client.retrying) {
    // The retried command found nothing again: keep waiting, keep the place in line.
    client.stillBlocked = true;
    return NO_REPLY;
  }
  const command = client.command;
  if (command === undefined) return timeoutReply;
  client.srv.blocking.block(
    client,
    { db: client.db, keys, argv: client.currentArgv ?? [], command, timeoutReply, timer: undefined, firstRunUs: 0 },
    timeoutMs,
  );
  return NO_REPLY;
}

/**
 * `key` was written: run the blocked command again (it serves from that key alone, ctx.wokenKey).
 * True when it was served and the client unblocked; false when it keeps waiting.
 */
export function retryBlocked(client: Client, key: string): boolean {
  const state = client.blocked;
  const handler = state?.command.handler;
  if (state === undefined || handler === undefined) return false;
  client.retrying = true;
  client.wokenKey = key;
  client.stillBlocked = false;
  client.currentArgv = state.argv;
  // Through call()'s bracket with no record (the command was counted when it first ran): a served
  // waiter's pop is propagated like any command's (as LPOP, LMOVE ...).
  const start = performance.now();
  const reply = callHandler(client.srv, client, state.command, (_ctx, argv) => rerun(client, handler, argv), state.argv, 0);
  const serveUs = Math.round((performance.now() - start) * 1000);
  client.retrying = false;
  client.wokenKey = undefined;
  if (client.stillBlocked) {
    client.currentArgv = undefined;
    return false;
  }
  // Served: the statistics Redis records at unblock (updateStatsOnUnblock), then the reply.
  recordUnblocked(client.srv, client, state.command, state.argv, state.firstRunUs, serveUs, reply);
  client.currentArgv = undefined;
  endBlock(client, reply);
  return true;
}

/**
 * The blocked command's handler, run again. A WRONGTYPE it throws means a key it waits on now
 * holds another type: Redis 7.0 serves only keys of the awaited type, so the client stays blocked.
 * (A WRONGTYPE it returns, as BLMOVE does for a destination of the wrong type, is its reply.)
 */
function rerun(client: Client, handler: Handler, argv: readonly Buffer[]): Reply {
  try {
    return handler(client, argv);
  } catch (err) {
    if (!(err instanceof ReplyError) || !err.message.startsWith('WRONGTYPE')) throw err;
    client.stillBlocked = true;
    return NO_REPLY;
  }
}

/** End the wait with this reply (served, timed out, CLIENT UNBLOCK), then run what was pipelined behind it. */
export function endBlock(client: Client, reply: Reply): void {
  client.srv.blocking.unblock(client);
  client.writer.write(reply);
  // Written with the turn's other replies (client-output.ts queueFlush), as Redis writes a served
  // client's reply in beforeSleep.
  queueFlush(client);
  // Commands pipelined behind the blocking one run now.
  if (client.parser.bufferedBytes > 0) setImmediate(() => client.processInput());
}
