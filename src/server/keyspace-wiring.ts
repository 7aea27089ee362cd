// How the server hears about the keyspace's changes: every written key moves server.dirty and
// reaches blocked clients, WATCH and client-side caching; expired and evicted keys are announced
// and propagated as DEL; `new` and `keymiss` events are published except while loading.
// Mirrors: redis src/db.c (signalModifiedKey, signalDeletedKeyAsReady), src/expire.c
// (deleteExpiredKeyAndPropagate), src/evict.c (performEvictions' propagateDeletion) and src/notify.c.

import { NOTIFY_EXPIRED } from '../config/keyspace-events.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import type { Server } from './server.js';

export function wireKeyspace(server: Server): void {
  const keyspace = server.keyspace;
  keyspace.onKeyModified((db, key) => {
    server.dirty++;
    server.blocking.keyModified(db, key);
    server.watches.keyModified(db, key);
    // Client-side caching (signalModifiedKey → trackingInvalidateKey); one field read when nobody tracks.
    // Expiries and evictions come through here too (Keyspace.keyExpired / keyEvicted).
    if (server.tracking.active) server.tracking.invalidateKey(key);
  });
  keyspace.onDatabaseReplaced((db, other) => server.watches.databaseReplaced(db, other));
  // Lazy and active expiry both publish `expired` (expire.c deleteExpiredKeyAndPropagate).
  keyspace.onKeyExpired((db, key) => {
    notifyKeyspaceEvent(server, NOTIFY_EXPIRED, 'expired', key, db.index);
    // An expired key's deletion is logged as DEL (expire.c propagateDeletion).
    server.propagation?.propagateDeletion(db.index, key);
  });
  // So is an evicted key's (evict.c performEvictions → propagateDeletion).
  keyspace.onKeyEvicted((db, key) => server.propagation?.propagateDeletion(db.index, key));
  // `new` (db.c dbAdd) and `keymiss` (lookupKeyReadWithFlags) are raised inside the database;
  // keys read from an RDB file are not announced (rdbLoad adds them with dbAddRDBLoad).
  keyspace.keyEvent = (db, type, event, key) => {
    if (!server.snapshots.loading) notifyKeyspaceEvent(server, type, event, key, db.index);
  };
}
