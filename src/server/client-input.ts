// A client's way in: bytes from the socket into the request parser, and the loop that runs every
// complete command, in order, before the batch's replies go out in one write.
// Mirrors: redis src/networking.c (readQueryFromClient, processInputBuffer, processCommandAndResetClient,
// resetClient) and the CLIENT REPLY OFF/SKIP handling around each command.
//
// Flow: socket 'data' → parser.feed → run every complete command (dispatch) → all replies
// accumulated in one ReplyWriter → one socket write for the whole batch at the end of the
// event-loop turn, with every other client served in it (client-output.ts queueFlush).
// A pipeline of 10,000 commands that arrives in one read is answered in one write.
//
// The loop stops early for a client that may not run its next command yet: one that is closing or
// asked to close (QUIT, a protocol error), is blocked (BLPOP), waits for the Lua runtime
// (lua-wait.ts), or has a command still running (a busy script: src/protocol/suspension.ts). Each
// of those resumes the loop when it ends.

import { NO_REPLY } from '../protocol/reply.js';
import { ReplyError } from '../errors.js';
import { ProtocolError, QueryBufferLimitError } from '../protocol/request-parser.js';
import { dispatch, lookupCommand } from './dispatch.js';
import { needsLuaRuntime } from './lua-wait.js';
import { queueFlush } from './client-output.js';
import type { Client } from './client.js';

/** A chunk arrived (readQueryFromClient): feed the parser, then run what it completes. */
export function readFromClient(client: Client, chunk: Buffer): void {
  if (client.closing) return;
  const srv = client.srv;
  srv.stats.netInputBytes += chunk.length;
  client.lastInteraction = srv.clock.now();
  try {
    client.parser.feed(chunk);
  } catch (err) {
    if (err instanceof QueryBufferLimitError) {
      srv.log('warning', `Closing client that reached max query buffer length: id=${client.id} addr=${client.addr}`);
      client.close();
      return;
    }
    throw err;
  }
  processInput(client);
}

/** Run every complete command buffered so far, then write the replies in one go (processInputBuffer). */
export function processInput(client: Client): void {
  const srv = client.srv;
  while (!client.closing && !client.closeRequested && client.blocked === undefined && !client.waitingForLua && !client.suspended) {
    let argv: Buffer[] | null;
    try {
      // Unauthenticated clients get tighter frame limits (Redis: "unauthenticated multibulk length").
      client.parser.authRequired = !client.authenticated;
      argv = client.luaHeld ?? client.parser.next();
      client.luaHeld = null;
    } catch (err) {
      if (err instanceof ProtocolError) {
        srv.countError(err.message);
        client.writer.writeError(err.message);
        client.closeRequested = true;
        break;
      }
      throw err;
    }
    if (argv === null) break;
    // While the Lua runtime loads, a command needing it waits, and the input behind it too.
    if (srv.luaPending && holdForLua(client, argv)) break;
    // CLIENT REPLY OFF/SKIP: send what earlier commands produced, run this one, then drop its
    // reply if replies are still off (CLIENT REPLY ON's own OK goes out).
    const quiet = client.replyOff || client.replySkip;
    if (quiet) client.flush(true);
    srv.currentClient = client;
    client.currentArgv = argv;
    const suspension = dispatch(srv, client, argv);
    client.currentArgv = undefined;
    srv.currentClient = undefined;
    if (suspension !== undefined) {
      // A busy script: the rest of this command's work, then of the pipeline, waits for its end.
      client.suspended = true;
      suspension.then(() => {
        client.suspended = false;
        afterCommand(client, quiet);
        processInput(client);
        return NO_REPLY;
      });
      break;
    }
    afterCommand(client, quiet);
  }
  // The replies leave with every other client's at the end of the turn (queueFlush says why).
  queueFlush(client);
}

/** What follows each command (resetClient and friends): wake blocked clients, CLIENT REPLY OFF/SKIP, the last command's name. */
function afterCommand(client: Client, quiet: boolean): void {
  const srv = client.srv;
  const tracking = client.tracking;
  if (tracking !== undefined) {
    // Invalidations of keys this client changed follow its reply; CLIENT CACHING covers one
    // command (or one transaction), and any CLIENT subcommand keeps it (resetClient).
    if (tracking.pending.length > 0) srv.tracking.flushPending(client);
    if (client.multi === undefined && client.command?.parent?.spec.name !== 'client') tracking.caching = false;
  }
  // Keys this command wrote may wake blocked clients (handleClientsBlockedOnKeys).
  if (srv.blocking.hasReadyKeys) srv.blocking.serveReadyKeys();
  if (quiet && (client.replyOff || client.replySkip)) client.writer.discard();
  if (client.replySkip || client.replySkipNext) {
    // Redis's resetClient: a SKIP covers the one command after CLIENT REPLY SKIP.
    client.replySkip = client.replySkipNext;
    client.replySkipNext = false;
  }
  const name = client.command?.fullName;
  if (name !== undefined) client.lastCommandName = name;
}

// --- Waiting for the Lua runtime (see lua-wait.ts) ---

/** Keep `argv` and stop processing input if it needs the Lua runtime still loading. */
function holdForLua(client: Client, argv: Buffer[]): boolean {
  const srv = client.srv;
  const found = lookupCommand(srv.commands, argv);
  if (found instanceof ReplyError || !needsLuaRuntime(client, found)) return false;
  // A server that never listened starts the load now; with the module in the process it is ready at once.
  void srv.startLuaRuntime();
  if (!srv.luaPending) return false;
  client.luaHeld = argv;
  client.waitingForLua = true;
  srv.luaWaits.add(client);
  return true;
}

/** The runtime loaded (or failed): run the held command, then the input behind it. */
export function resumeAfterLua(client: Client): void {
  if (!client.waitingForLua) return;
  client.waitingForLua = false;
  if (!client.closing) processInput(client);
}
