// INFO's per-server state: the instantaneous metrics (ops/sec, network kbps sampled every 100 ms), the
// run id, and the counters CONFIG RESETSTAT clears.
// Mirrors: redis src/server.c (trackInstantaneousMetric, getInstantaneousMetric, resetServerStats).

import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../context.js';

// --- Instantaneous metrics (server.c trackInstantaneousMetric) ---

/** How often a sample is taken, in ms (serverCron's run_with_period(100)). */
const STATS_METRIC_PERIOD_MS = 100;
/** How many samples the average is taken over (STATS_METRIC_SAMPLES): the last 1.6 seconds. */
const STATS_METRIC_SAMPLES = 16;

/**
 * A rate averaged over the last STATS_METRIC_SAMPLES samples. Each sample is the growth of a
 * counter since the previous sample, scaled to "per second"; INFO reports the mean of the ring.
 * This is how Redis gets a stable instantaneous_ops_per_sec without timing every command.
 */
class InstantaneousMetric {
  private readonly samples: number[] = new Array<number>(STATS_METRIC_SAMPLES).fill(0);
  private index = 0;
  private lastReading = 0;
  private lastSampleMs: number;

  constructor(nowMs: number) {
    this.lastSampleMs = nowMs;
  }

  track(reading: number, nowMs: number): void {
    const elapsedMs = nowMs - this.lastSampleMs;
    if (elapsedMs <= 0) return;
    this.samples[this.index] = Math.floor(((reading - this.lastReading) * 1000) / elapsedMs);
    this.index = (this.index + 1) % STATS_METRIC_SAMPLES;
    this.lastReading = reading;
    this.lastSampleMs = nowMs;
  }

  /** Per second, integer-divided as Redis does for ops (the kbps fields divide again by 1024). */
  get average(): number {
    let sum = 0;
    for (const sample of this.samples) sum += sample;
    return Math.floor(sum / STATS_METRIC_SAMPLES);
  }
}

/** What INFO remembers between calls for one server: rate samples, the memory peak, the replication id. */
export class InfoState {
  ops: InstantaneousMetric;
  netInput: InstantaneousMetric;
  netOutput: InstantaneousMetric;
  private lastTrackMs: number;
  peakMemory = 0;
  /** Memory in use when INFO first looked (Redis's used_memory_startup, taken after initServer). */
  readonly startupMemory: number;
  /** master_replid: a fresh 40-hex-char id per run. */
  replId = randomHex40();

  constructor(server: ServerContext) {
    const now = performance.now();
    this.ops = new InstantaneousMetric(now);
    this.netInput = new InstantaneousMetric(now);
    this.netOutput = new InstantaneousMetric(now);
    this.lastTrackMs = now;
    this.startupMemory = server.usedMemory();
    this.peakMemory = this.startupMemory;
  }

  /** Take a sample if the period passed (called from the server cron, whatever its hz). */
  track(server: ServerContext): void {
    const now = performance.now();
    this.updatePeak(server.usedMemory());
    if (now - this.lastTrackMs < STATS_METRIC_PERIOD_MS) return;
    this.lastTrackMs = now;
    this.ops.track(server.stats.totalCommandsProcessed, now);
    this.netInput.track(server.stats.netInputBytes, now);
    this.netOutput.track(server.stats.netOutputBytes, now);
  }

  /** DEBUG CHANGE-REPL-ID. */
  changeReplId(): void {
    this.replId = randomHex40();
  }

  updatePeak(used: number): void {
    if (used > this.peakMemory) this.peakMemory = used;
  }

  /** CONFIG RESETSTAT: the samples and the peak start again (resetServerStats). */
  reset(server: ServerContext): void {
    const now = performance.now();
    this.ops = new InstantaneousMetric(now);
    this.netInput = new InstantaneousMetric(now);
    this.netOutput = new InstantaneousMetric(now);
    this.lastTrackMs = now;
    this.peakMemory = server.usedMemory();
  }
}

// Kept beside the server rather than in ServerContext: INFO is the only reader.
const states = new WeakMap<ServerContext, InfoState>();

/** This server's INFO bookkeeping, created on first use. */
export function infoState(server: ServerContext): InfoState {
  let state = states.get(server);
  if (state === undefined) {
    state = new InfoState(server);
    states.set(server, state);
  }
  return state;
}

function randomHex40(): string {
  return randomBytes(20).toString('hex');
}
