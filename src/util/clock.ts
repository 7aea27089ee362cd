// Time and randomness for the whole server, injected so TTL, LFU and sampling are testable.
// Mirrors: redis src/server.c (mstime, ustime, the cached server.mstime) and the DEBUG commands
// that freeze time in Redis's own tests (DEBUG SET-ACTIVE-EXPIRE, DEBUG SLEEP).

/**
 * A millisecond wall clock that tests can freeze and move. `now()` is what every TTL decision
 * reads. While frozen, `now()` stays put until `advance` or `set`; `real()` resumes real time from
 * the moment it is called, continuing from the frozen value (time never jumps backwards unless
 * `set` asks for it).
 */
export class Clock {
  private frozenAt: number | null = null;
  /** Added to Date.now(): lets `set` move a running (not frozen) clock. */
  private offsetMs = 0;
  private readonly listeners: Array<() => void> = [];

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Microseconds, for SLOWLOG and TIME. */
  nowMicros(): number {
    if (this.frozenAt !== null) return this.frozenAt * 1000;
    return Math.floor(performance.timeOrigin * 1000 + performance.now() * 1000) + this.offsetMs * 1000;
  }

  get isFrozen(): boolean {
    return this.frozenAt !== null;
  }

  freeze(): void {
    this.frozenAt ??= this.now();
    this.changed();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.changed();
  }

  set(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offsetMs = epochMs - Date.now();
    this.changed();
  }

  real(): void {
    if (this.frozenAt !== null) {
      this.offsetMs = this.frozenAt - Date.now();
      this.frozenAt = null;
    }
    this.changed();
  }

  /** Reset to the machine's own time. */
  reset(): void {
    this.frozenAt = null;
    this.offsetMs = 0;
    this.changed();
  }

  /** Called after every change, so the server can expire keys whose TTL just passed. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A source of random integers in [0, bound); tests inject a seeded one. */
export interface Rng {
  int(bound: number): number;
}

/** Math.random: fast, and like Redis's random() not meant to be unpredictable. */
export const defaultRng: Rng = {
  int: (bound) => Math.floor(Math.random() * bound),
};

/** A small seeded generator (mulberry32) for deterministic tests and benchmarks. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    int(bound) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      return Math.floor(unit * bound);
    },
  };
}
