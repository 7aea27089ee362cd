// Latency: the latency monitor (events over latency-monitor-threshold, LATENCY LATEST/HISTORY/RESET)
// and the per-command latency histograms (latency-tracking, LATENCY HISTOGRAM, INFO latencystats).
// Mirrors: redis src/latency.c (latencyAddSample, latencyCommand's replies, fillCommandCDF) and the
// parts of deps/hdr_histogram Redis's replies depend on.
//
// The monitor keeps, per event name ("command", "fast-command", "expire-cycle"), the last 160
// one-second samples: a second holds its largest latency. An event is recorded only when it took at
// least latency-monitor-threshold ms (0: the monitor is off).
//
// The histograms: Redis records each command's duration, in whole microseconds times 1000, into an
// HDR histogram with two significant digits, and every number it prints about it is the histogram's
// "highest equivalent value" of a bucket, divided by 1000: a 2 µs command shows as 2.007, a 1 µs one
// as 1.003, one that took under a microsecond as 0.001. We keep the exact recorded values (a count per value,
// a flat array for the usual sub-millisecond ones) and compute those bucket bounds the way HDR does, so INFO
// latencystats and LATENCY HISTOGRAM print the numbers Redis would print for the same durations.

/** Samples kept per event (LATENCY_TS_LEN). */
const SAMPLES_PER_EVENT = 160;
/** Redis clamps recorded durations into [1 ns, 1 s] (LATENCY_HISTOGRAM_MIN/MAX_VALUE). */
const HISTOGRAM_MIN_NS = 1;
const HISTOGRAM_MAX_NS = 1_000_000_000;
/** LATENCY HISTOGRAM's buckets start at 1024 ns and double (hdr_iter_log_init(..., 1024, 2)). */
const CDF_FIRST_BUCKET_NS = 1024;
/** Two significant digits: 256 sub-buckets, half of them 128 = 2^7 (hdr_init's sub_bucket_half_count_magnitude). */
const SUB_BUCKET_HALF_MAGNITUDE = 7;

interface Sample {
  time: number;
  latency: number;
}

interface EventSeries {
  readonly samples: Sample[];
  max: number;
}

/** The width of the HDR bucket a value falls in: values in one bucket are indistinguishable. */
function equivalentRange(value: number): number {
  const magnitude = Math.floor(Math.log2(Math.max(1, value)));
  const bucket = Math.max(0, magnitude - SUB_BUCKET_HALF_MAGNITUDE);
  return 2 ** bucket;
}

/** hdr's highest_equivalent_value: the top of the bucket holding `value`. */
export function highestEquivalentValue(value: number): number {
  const range = equivalentRange(value);
  return Math.floor(value / range) * range + range - 1;
}

/** Durations below this many µs are counted in a flat array (nearly all commands): one increment each. */
const DIRECT_MICROS = 1024;

/** One command's latency distribution (a `struct hdr_histogram` as Redis uses it). */
export class LatencyHistogram {
  /** Count per whole µs below DIRECT_MICROS. */
  private readonly small = new Uint32Array(DIRECT_MICROS);
  /** Recorded value (ns) → count, for the rare slower runs. */
  private readonly large = new Map<number, number>();
  private total = 0;

  get calls(): number {
    return this.total;
  }

  /** updateCommandLatencyHistogram: a command took `micros` µs (whole µs, as Redis's ustime delta). */
  record(micros: number): void {
    this.total++;
    if (micros < DIRECT_MICROS) {
      const at = micros < 0 ? 0 : micros | 0;
      this.small[at] = (this.small[at] as number) + 1;
      return;
    }
    const ns = Math.min(HISTOGRAM_MAX_NS, Math.round(micros) * 1000);
    this.large.set(ns, (this.large.get(ns) ?? 0) + 1);
  }

  /** [value in ns, count] in increasing order (0 µs is recorded as Redis's minimum, 1 ns). */
  private entries(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let us = 0; us < DIRECT_MICROS; us++) {
      const count = this.small[us] as number;
      if (count > 0) out.push([Math.max(HISTOGRAM_MIN_NS, us * 1000), count]);
    }
    for (const ns of [...this.large.keys()].sort((a, b) => a - b)) out.push([ns, this.large.get(ns) as number]);
    return out;
  }

  /** hdr_value_at_percentile, in µs as INFO prints it (three decimals). */
  valueAtPercentile(percentile: number): number {
    if (this.total === 0) return 0;
    const wanted = Math.max(1, Math.round((Math.min(percentile, 100) / 100) * this.total));
    let seen = 0;
    let last = 0;
    for (const [value, count] of this.entries()) {
      seen += count;
      last = value;
      if (seen >= wanted) break;
    }
    return highestEquivalentValue(last) / 1000;
  }

  /**
   * fillCommandCDF's buckets: walking powers of two from 1024 ns, each step whose cumulative count
   * grew, as [µs (the step's highest equivalent value / 1000, rounded down), cumulative count].
   */
  cumulativeBuckets(): Array<[number, number]> {
    const entries = this.entries();
    const out: Array<[number, number]> = [];
    let cumulative = 0;
    let i = 0;
    for (let level = CDF_FIRST_BUCKET_NS; i < entries.length; level *= 2) {
      const top = highestEquivalentValue(level);
      const before = cumulative;
      for (; i < entries.length && (entries[i] as [number, number])[0] <= top; i++) cumulative += (entries[i] as [number, number])[1];
      if (cumulative > before) out.push([Math.floor(top / 1000), cumulative]);
    }
    return out;
  }
}

export class LatencyMonitor {
  private readonly events = new Map<string, EventSeries>();

  /** latencyAddSampleIfNeeded: record when `latencyMs` reaches the threshold (0: monitor off). */
  addSampleIfNeeded(event: string, latencyMs: number, thresholdMs: number, nowSec: number): void {
    if (thresholdMs > 0 && latencyMs >= thresholdMs) this.addSample(event, latencyMs, nowSec);
  }

  /** latencyAddSample: one sample per second, keeping that second's worst. */
  addSample(event: string, latencyMs: number, nowSec: number): void {
    let series = this.events.get(event);
    if (series === undefined) this.events.set(event, (series = { samples: [], max: 0 }));
    if (latencyMs > series.max) series.max = latencyMs;
    const last = series.samples[series.samples.length - 1];
    if (last !== undefined && last.time === nowSec) {
      if (latencyMs > last.latency) last.latency = latencyMs;
      return;
    }
    series.samples.push({ time: nowSec, latency: latencyMs });
    if (series.samples.length > SAMPLES_PER_EVENT) series.samples.shift();
  }

  /** LATENCY LATEST: [event, time of the last sample, its latency, the all-time max] per event. */
  latest(): Array<[string, number, number, number]> {
    const out: Array<[string, number, number, number]> = [];
    for (const [event, series] of this.events) {
      const last = series.samples[series.samples.length - 1];
      if (last !== undefined) out.push([event, last.time, last.latency, series.max]);
    }
    return out;
  }

  /** LATENCY HISTORY: [time, latency] pairs, oldest first. */
  history(event: string): Array<[number, number]> {
    return (this.events.get(event)?.samples ?? []).map((s) => [s.time, s.latency]);
  }

  /** LATENCY RESET: forget the named events (none: all); how many existed. */
  reset(events: readonly string[]): number {
    if (events.length === 0) {
      const count = this.events.size;
      this.events.clear();
      return count;
    }
    let count = 0;
    for (const event of events) if (this.events.delete(event)) count++;
    return count;
  }

  get isEmpty(): boolean {
    return this.events.size === 0;
  }

  /** The series LATENCY GRAPH and DOCTOR read. */
  series(event: string): { readonly samples: readonly Sample[]; readonly max: number } | undefined {
    return this.events.get(event);
  }

  eventNames(): string[] {
    return [...this.events.keys()];
  }
}
