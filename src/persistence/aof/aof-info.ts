// INFO persistence's aof_* fields, in the order Redis 7.0 prints them, and the counters behind
// them (kept per server, across turning the AOF off and on, as Redis's server.* fields are).
// Mirrors: redis src/server.c (genRedisInfoString, the "Persistence" section).
//
// The rewrite runs in the background (aof.ts, aof-bgrewrite.ts): rewriteStartedMs is set while it
// does. There is no fork, so every *_cow_size is 0.

import type { AppendOnlyFile } from './aof.js';

export interface AofStats {
  rewrites: number;
  rewritesConsecutiveFailures: number;
  lastRewriteTimeSec: number;
  lastBgrewriteStatus: 'ok' | 'err';
  lastWriteStatus: 'ok' | 'err';
  delayedFsync: number;
  /** Unix ms the running rewrite started at (aof_rewrite_time_start); undefined when none runs. */
  rewriteStartedMs: number | undefined;
}

const statsByServer = new WeakMap<object, AofStats>();

/** The counters of one server (created on first use). */
export function aofStatsOf(server: object): AofStats {
  let stats = statsByServer.get(server);
  if (stats === undefined) {
    stats = { rewrites: 0, rewritesConsecutiveFailures: 0, lastRewriteTimeSec: -1, lastBgrewriteStatus: 'ok', lastWriteStatus: 'ok', delayedFsync: 0, rewriteStartedMs: undefined };
    statsByServer.set(server, stats);
  }
  return stats;
}

export function aofInfoFields(
  server: { readonly aof: AppendOnlyFile | undefined; readonly clock: { now(): number } },
  rewriteScheduled: boolean,
): Array<readonly [string, string | number]> {
  const stats = aofStatsOf(server);
  const aof = server.aof;
  const fields: Array<readonly [string, string | number]> = [
    ['aof_enabled', aof === undefined ? 0 : 1],
    ['aof_rewrite_in_progress', stats.rewriteStartedMs === undefined ? 0 : 1],
    ['aof_rewrite_scheduled', rewriteScheduled ? 1 : 0],
    ['aof_last_rewrite_time_sec', stats.lastRewriteTimeSec],
    ['aof_current_rewrite_time_sec', stats.rewriteStartedMs === undefined ? -1 : Math.floor((server.clock.now() - stats.rewriteStartedMs) / 1000)],
    ['aof_last_bgrewrite_status', stats.lastBgrewriteStatus],
    ['aof_rewrites', stats.rewrites],
    ['aof_rewrites_consecutive_failures', stats.rewritesConsecutiveFailures],
    ['aof_last_write_status', stats.lastWriteStatus],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  if (aof !== undefined) {
    fields.push(
      ['aof_current_size', aof.currentSize],
      ['aof_base_size', aof.rewriteBaseSize],
      ['aof_pending_rewrite', 0],
      ['aof_buffer_length', aof.bufferLength],
      ['aof_pending_bio_fsync', aof.pendingFsync ? 1 : 0],
      ['aof_delayed_fsync', stats.delayedFsync],
    );
  }
  return fields;
}
