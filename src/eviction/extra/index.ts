// The extra eviction policies, by their maxmemory-policy names, and their registration with CONFIG.
// Mirrors: nothing in Redis: Redis 7.0 knows only the eight policies of evict.c. Importing this
// module makes `CONFIG SET maxmemory-policy allkeys-sieve` (and the others) valid.

import { registerMaxmemoryPolicy } from '../../config/params.js';
import type { TrackingPolicyFactory } from '../tracking-policy.js';
import { ArcPolicy } from './arc.js';
import { ClockPolicy } from './clock.js';
import { ExactLfuPolicy } from './exact-lfu.js';
import { ExactLruPolicy } from './exact-lru.js';
import { FifoPolicy } from './fifo.js';
import { S3FifoPolicy } from './s3fifo.js';
import { SievePolicy } from './sieve.js';
import { WTinyLfuPolicy } from './wtinylfu.js';

export { ArcPolicy, ClockPolicy, ExactLfuPolicy, ExactLruPolicy, FifoPolicy, S3FifoPolicy, SievePolicy, WTinyLfuPolicy };

/** Every extra policy, by maxmemory-policy name, in the order the lab reports them. */
export const EXTRA_POLICIES: ReadonlyMap<string, TrackingPolicyFactory> = new Map<string, TrackingPolicyFactory>([
  ['allkeys-exact-lru', () => new ExactLruPolicy()],
  ['allkeys-exact-lfu', () => new ExactLfuPolicy()],
  ['allkeys-fifo', () => new FifoPolicy()],
  ['allkeys-clock', () => new ClockPolicy()],
  ['allkeys-sieve', () => new SievePolicy()],
  ['allkeys-s3fifo', () => new S3FifoPolicy()],
  ['allkeys-wtinylfu', (expectedKeys) => new WTinyLfuPolicy(expectedKeys)],
  ['allkeys-arc', () => new ArcPolicy()],
]);

for (const name of EXTRA_POLICIES.keys()) registerMaxmemoryPolicy(name);
