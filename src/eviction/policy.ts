// The one interface behind every maxmemory-policy: Redis's eight (redis-policies.ts) and the extra
// tracking policies (extra/), so the eviction loop (evict.ts) never asks which kind it runs, and a new
// policy is a single module plus one line in a registry.
// Mirrors: redis src/evict.c, where the same role is played by the MAXMEMORY_FLAG_* bits of
// server.maxmemory_policy and the branches of performEvictions that test them.
//
// A policy answers one question, "whom do I evict next?", and says two things about itself: what the
// keyspace should keep in each object's 24-bit `lru` field (the LRU clock, or under an LFU policy the
// LFU counter; Redis reinterprets the field when the policy changes), and whether it keeps its own
// record of keys (a TrackingPolicy, which the keyspace then tells about every key change). Redis's
// policies keep no record: they sample keys and read the `lru` field.

import type { Config } from '../config/config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { EvictionPool } from './eviction-pool.js';
import type { EvictionKeyRef, TrackingPolicy, TrackingPolicyFactory } from './tracking-policy.js';

export interface EvictionPolicy {
  /** The maxmemory-policy name. */
  readonly name: string;
  /** What objects' lru field holds: the LRU clock ('lru') or the LFU counter ('lfu'). */
  readonly stamp: 'lru' | 'lfu';
  /** Its own record of keys, kept up to date by the keyspace; undefined for sampling policies. */
  readonly tracker: TrackingPolicy | undefined;
  /** The next key to evict, or undefined when none can be (noeviction; volatile-* with no TTL). */
  victim(): EvictionKeyRef | undefined;
}

/** What a policy may look at to choose. */
export interface PolicyHost {
  readonly keyspace: Keyspace;
  readonly config: Config;
  /** The 16-entry pool of the best candidates seen so far (evictionPoolPopulate); shared, cleared on a policy change. */
  readonly pool: EvictionPool;
}

export type EvictionPolicyFactory = (host: PolicyHost) => EvictionPolicy;

/** A tracking policy (extra/) as an EvictionPolicy: it names the victim from its own record. */
export function trackingEvictionPolicy(name: string, factory: TrackingPolicyFactory): EvictionPolicyFactory {
  return (host) => {
    const tracker = factory(host.keyspace.totalKeys);
    return { name, stamp: 'lru', tracker, victim: () => tracker.victim() };
  };
}
