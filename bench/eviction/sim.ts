// The lab's in-process simulator: a cache of `capacity` keys driven by a tracking policy, the same
// policy objects the server uses (src/eviction/extra). Per request: a resident key is a hit
// (policy.access); a miss evicts while the cache is full (policy.victim + policy.remove), then
// inserts (policy.insert), which is what GET followed by SET-on-miss does to a server whose
// maxmemory holds `capacity` keys.

import type { TrackingPolicyFactory } from '../../src/eviction/tracking-policy.js';
import type { Workload } from './workloads.js';

export interface SimResult {
  readonly hits: number;
  readonly misses: number;
  /** misses / requests */
  readonly missRatio: number;
  readonly evictions: number;
  readonly elapsedMs: number;
}

/** The key string a workload id becomes (in the simulator and on the wire alike). */
export function keyName(id: number): string {
  return `k:${id}`;
}

/** The cache size in keys for a fraction of a workload's distinct keys (at least 1). */
export function capacityFor(workload: Workload, fraction: number): number {
  return Math.max(1, Math.round(workload.distinct * fraction));
}

export function simulate(factory: TrackingPolicyFactory, workload: Workload, capacity: number): SimResult {
  // The server builds its policy with the key count at the moment the policy is chosen, which
  // for a cache that starts empty is 0; do the same so that both see the same policy.
  const policy = factory(0);
  const names = new Array<string>(workload.distinct);
  const idOf = new Map<string, number>();
  for (let id = 0; id < workload.distinct; id++) {
    const name = keyName(id);
    names[id] = name;
    idOf.set(name, id);
  }
  const resident = new Uint8Array(workload.distinct);
  const requests = workload.requests;
  const sizes = workload.sizes;
  let hits = 0;
  let evictions = 0;
  const started = performance.now();
  for (let i = 0; i < requests.length; i++) {
    const id = requests[i] as number;
    const name = names[id] as string;
    if (resident[id] === 1) {
      hits++;
      policy.access(0, name);
      continue;
    }
    while (policy.size >= capacity) {
      const v = policy.victim();
      if (v === undefined) throw new Error(`${policy.name}: no victim with ${policy.size} keys`);
      const victimId = idOf.get(v.key);
      if (victimId === undefined || resident[victimId] !== 1) throw new Error(`${policy.name}: victim ${v.key} is not resident`);
      resident[victimId] = 0;
      policy.remove(v.db, v.key);
      evictions++;
    }
    policy.insert(0, name, sizes === undefined ? 0 : (sizes[id] as number));
    resident[id] = 1;
  }
  const misses = requests.length - hits;
  return {
    hits,
    misses,
    missRatio: requests.length === 0 ? 0 : misses / requests.length,
    evictions,
    elapsedMs: performance.now() - started,
  };
}
