// How the server plugs the evictor in: evicted_keys and the `evicted` notification per evicted key,
// the policy and LFU parameters copied where the keyspace reads them, and CONFIG SET maxmemory
// evicting at once.
// Mirrors: redis src/config.c (updateMaxmemory and the maxmemory-policy / lfu-* apply functions)
// and the evicted-key bookkeeping of src/evict.c (performEvictions' notify and stat).

import { NOTIFY_EVICTED } from '../config/keyspace-events.js';
import { Evictor } from '../eviction/evict.js';
import { EXTRA_POLICIES } from '../eviction/extra/index.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import type { Server } from './server.js';

export function wireEviction(server: Server): Evictor {
  const config = server.config;
  const keyspace = server.keyspace;
  const evictor = new Evictor(server, EXTRA_POLICIES);
  keyspace.onKeyEvicted((db, key) => {
    server.stats.evictedKeys++;
    notifyKeyspaceEvent(server, NOTIFY_EVICTED, 'evicted', key, db.index);
  });
  const copyLfu = (): void => {
    keyspace.lfuLogFactor = config.get('lfu-log-factor');
    keyspace.lfuDecayTime = config.get('lfu-decay-time');
  };
  copyLfu();
  config.onChange('lfu-log-factor', copyLfu);
  config.onChange('lfu-decay-time', copyLfu);
  evictor.applyPolicy(config.get('maxmemory-policy'));
  config.onChange('maxmemory-policy', () => evictor.applyPolicy(config.get('maxmemory-policy')));
  config.onChange('maxmemory', () => {
    const maxmemory = config.get('maxmemory');
    if (maxmemory === 0) return;
    const used = server.usedMemory();
    if (maxmemory < used) {
      server.log(
        'warning',
        `WARNING: the new maxmemory value set via CONFIG SET (${maxmemory}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`,
      );
    }
    evictor.perform();
  });
  return evictor;
}
