// The server's periodic work, `hz` times a second: active expiry, INFO's instantaneous metrics,
// save points, the tracking table's size, clients' output buffer soft limits and idle timeouts.
// Mirrors: redis src/server.c (serverCron, clientsCron, clientsCronHandleTimeout).
//
// Redis runs serverCron from its event loop's timer; here a Node interval (unref'd, so an idle
// embedded server does not keep the process alive) calls Server.cron(), which comes here. Tests
// call Server.cron() directly to run one tick.

import { trackInfoMetrics } from '../commands/info.js';
import type { Server } from './server.js';

/** One tick of serverCron. */
export function serverCron(server: Server): void {
  // Nothing of serverCron runs while a script is busy (Redis processes only socket events then):
  // no expiry, no save point, no client timeout may act in the middle of a script.
  if (server.busyScript !== undefined) return;
  const config = server.config;
  // server.lruclock: objects are stamped with this cached copy (src/eviction/lru-clock.ts).
  server.keyspace.refreshClocks();
  // Not while keys may not expire (CLIENT PAUSE, loading): they read as missing but stay.
  if (server.keyspace.activeExpiry) {
    const started = performance.now();
    server.expireCycle.run(config.get('hz'), config.get('active-expire-effort'));
    // The latency monitor's expire-cycle event (activeExpireCycle's latencyAddSampleIfNeeded).
    const threshold = config.values['latency-monitor-threshold'];
    if (threshold > 0) {
      const elapsedMs = Math.floor(performance.now() - started);
      server.latency.addSampleIfNeeded('expire-cycle', elapsedMs, threshold, Math.floor(server.clock.now() / 1000));
    }
  }
  // INFO's instantaneous_ops_per_sec / *_kbps samples and the memory peak (trackInstantaneousMetric).
  trackInfoMetrics(server);
  // While no command runs, let V8 shrink the young generation a burst of writes grew.
  if (server.reclaimHeap) server.heapReclaim.tick(performance.now(), server.stats.totalCommandsProcessed);
  // Save points and BGSAVE SCHEDULE (serverCron's rdbSaveBackground calls).
  server.snapshots.cron();
  // Keep the client-side caching table under tracking-table-max-keys (trackingLimitUsedSlots).
  if (server.tracking.active) server.tracking.limit(Number(config.get('tracking-table-max-keys')));
  clientsCron(server);
}

/** clientsCron: output buffer soft limits and idle clients. */
function clientsCron(server: Server): void {
  // client-output-buffer-limit's soft limit expires even when nothing more is written.
  for (const client of server.clients()) client.checkOutputBufferLimits();
  const timeoutSec = server.config.get('timeout');
  if (timeoutSec > 0) {
    for (const client of server.clients()) {
      // Replicas are never idle-closed (repl-timeout watches them instead; clientsCronHandleTimeout).
      if (!client.isMonitor && client.replicaLink === undefined && client.idleSeconds > timeoutSec) {
        server.log('verbose', 'Closing idle client');
        client.close();
      }
    }
  }
}

/**
 * Delete every key whose TTL has passed, in every database. Moving a test clock calls this
 * (src/util/clock.ts onChange), standing in for the expiry cycles the jump skipped.
 */
export function expireAllDue(server: Server): void {
  const now = server.clock.now();
  for (const db of server.keyspace.dbs) {
    if (db.expiresSize === 0) continue;
    const due: string[] = [];
    for (const [key, when] of db.expiresIterator()) if (when <= now) due.push(key);
    for (const key of due) db.expireIfNeeded(key);
  }
}
