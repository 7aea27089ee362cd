// client-output-buffer-limit: when a client's unsent output grows too big, it is disconnected.
// Mirrors: redis src/networking.c (getClientType, checkClientOutputBufferLimits,
// closeClientOnOutputBufferLimitReached) and clientsCron's call of it in src/server.c.
//
// The problem it solves is a reader slower than its writer. A subscriber that stops reading
// while a publisher keeps going would make the server buffer every message for it, without end.
// So each client class has two limits on the bytes waiting to be written to it:
//   - hard: reached once, the client is closed;
//   - soft: the client is closed only if it stays at or above it for more than soft-seconds.
// Classes: `pubsub` (any client with a subscription; default 32mb hard, 8mb soft for 60 s) and
// `normal` (everyone else, MONITOR included; default 0 0 0 = unlimited), and `replica` (the
// replication stream's pending bytes; default 256mb 64mb 60; src/replication/master.ts).
//
// Redis checks after appending each reply and in clientsCron (so a soft limit expires even when
// nothing more is written). Closing from the append path is asynchronous (freeClientAsync): the
// client is flagged and freed before the event loop sleeps, and nothing more is written to it.
// This file holds the decision; the client (src/server/client.ts) measures and acts.
// DIFFERS FROM REDIS: "pending" is what our ReplyWriter holds plus what Node's socket has not yet
// handed to the kernel (writableLength); Redis counts its reply list. Neither counts kernel buffers.

import type { ClientBufferLimit } from '../config/special-params.js';

/** The per-client memory of the soft limit: since when (Unix seconds) it is exceeded, 0 if not. */
export interface SoftLimitState {
  softLimitReachedAtSec: number;
}

/**
 * Has a client with `usedBytes` pending passed its class's limit? Updates the soft-limit clock as
 * a side effect: the first time the soft limit is seen does not count; a client back under it
 * starts over.
 */
export function outputBufferLimitReached(
  usedBytes: number,
  limit: ClientBufferLimit,
  state: SoftLimitState,
  nowSec: number,
): boolean {
  const hard = limit.hardLimitBytes > 0 && usedBytes >= limit.hardLimitBytes;
  let soft = limit.softLimitBytes > 0 && usedBytes >= limit.softLimitBytes;
  if (soft) {
    if (state.softLimitReachedAtSec === 0) {
      state.softLimitReachedAtSec = nowSec;
      soft = false;
    } else if (nowSec - state.softLimitReachedAtSec <= limit.softLimitSeconds) {
      soft = false;
    }
  } else {
    state.softLimitReachedAtSec = 0;
  }
  return hard || soft;
}

/** Are both limits off (0 0 0)? Then there is nothing to measure. */
export function isUnlimited(limit: ClientBufferLimit): boolean {
  return limit.hardLimitBytes === 0 && limit.softLimitBytes === 0;
}
