// Keyspace notifications: every key event becomes up to two pub/sub messages.
// Mirrors: redis src/notify.c (notifyKeyspaceEvent).
//
// A command that changes a key calls notifyKeyspaceEvent with the event's class (NOTIFY_STRING for
// SET, NOTIFY_GENERIC for DEL ...), its name and the key. If `notify-keyspace-events` enables that
// class, the event is published
//   - on `__keyspace@<db>__:<key>`   with the event name as the message  (flag K), and
//   - on `__keyevent@<db>__:<event>` with the key as the message         (flag E).
// Both go through the ordinary PUBLISH path, so pattern subscribers (`PSUBSCRIBE __key*`) get them
// too. With the default (empty) setting this costs one bit test per call.
// SIMPLIFIED: no module keyspace subscribers (Redis calls moduleNotifyKeyspaceEvent first).

import type { Config } from '../config/config.js';
import { NOTIFY_KEYEVENT, NOTIFY_KEYSPACE } from '../config/keyspace-events.js';
import type { PubSub } from './pubsub.js';

/** What notifying needs from the server. */
export interface NotifyTarget {
  readonly config: Config;
  readonly pubsub: PubSub;
}

/**
 * Publish a keyspace event. `type` is one NOTIFY_* class bit, `event` the event name ("set",
 * "expired", "lpush" ...), `key` the key's bytes as a latin1 string.
 */
export function notifyKeyspaceEvent(server: NotifyTarget, type: number, event: string, key: string, dbIndex: number): void {
  // `values`, not config.get(): every write command comes here, and events are usually off.
  const flags = server.config.values['notify-keyspace-events'];
  if ((flags & type) === 0) return;
  const pubsub = server.pubsub;
  // Nobody listening: skip building the channel names (Redis builds them anyway).
  if (pubsub.isEmpty) return;
  if (flags & NOTIFY_KEYSPACE) pubsub.publish(`__keyspace@${dbIndex}__:${key}`, event);
  if (flags & NOTIFY_KEYEVENT) pubsub.publish(`__keyevent@${dbIndex}__:${event}`, key);
}
