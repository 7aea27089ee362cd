// What a RESP2 client may run while it is subscribed.
// Mirrors: redis src/server.c (processCommand's pub/sub context check).
//
// In RESP2 a message is a plain array, indistinguishable from a command's reply, so once a RESP2
// client subscribes, the only commands it may send are those whose answers look like pub/sub
// frames or end the session: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING (which then answers
// ["pong", message]), QUIT and RESET. RESP3 sends messages as push frames (`>`), which a client
// tells apart from replies, so RESP3 clients may run anything while subscribed.
//
// The check runs after unknown-command, arity and authentication errors and before MULTI
// queueing, as in processCommand.

import { ReplyError } from '../errors.js';

const ALLOWED_WHILE_SUBSCRIBED: ReadonlySet<string> = new Set([
  'ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset',
]);

/** May a subscribed RESP2 client run this command? `name` is the top-level command's name. */
export function allowedInSubscribedContext(name: string): boolean {
  return ALLOWED_WHILE_SUBSCRIBED.has(name);
}

/** The refusal, naming the command as Redis does (`config|get` for a subcommand). */
export function subscribedContextError(fullName: string): ReplyError {
  return new ReplyError(
    `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  );
}
