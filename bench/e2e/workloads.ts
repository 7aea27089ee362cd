// The redis-benchmark tests the e2e benchmark runs, and the commands each one needs on the server.
// A workload whose command tsredis does not implement yet is reported "n/a (command missing)":
// redis-benchmark would otherwise stop at the first error reply.

export interface Workload {
  /** The redis-benchmark -t name. */
  readonly name: string;
  /** Every command the test sends, including its set-up (LRANGE first fills the list with LPUSH). */
  readonly commands: readonly string[];
}

/** In redis-benchmark's own order, which later tests rely on (LPOP after LPUSH, SPOP after SADD). */
export const WORKLOADS: readonly Workload[] = [
  { name: 'ping_inline', commands: ['ping'] },
  { name: 'ping_mbulk', commands: ['ping'] },
  { name: 'set', commands: ['set'] },
  { name: 'get', commands: ['get'] },
  { name: 'incr', commands: ['incr'] },
  { name: 'lpush', commands: ['lpush'] },
  { name: 'rpush', commands: ['rpush'] },
  { name: 'lpop', commands: ['lpop'] },
  { name: 'rpop', commands: ['rpop'] },
  { name: 'sadd', commands: ['sadd'] },
  { name: 'hset', commands: ['hset'] },
  { name: 'spop', commands: ['spop'] },
  { name: 'zadd', commands: ['zadd'] },
  { name: 'zpopmin', commands: ['zpopmin'] },
  { name: 'lrange_100', commands: ['lpush', 'lrange'] },
  { name: 'lrange_300', commands: ['lpush', 'lrange'] },
  { name: 'lrange_500', commands: ['lpush', 'lrange'] },
  { name: 'lrange_600', commands: ['lpush', 'lrange'] },
  { name: 'mset', commands: ['mset'] },
];

/** The default selection. */
export const DEFAULT_TESTS: readonly string[] = [
  'set', 'get', 'incr', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'hset', 'spop', 'zadd', 'lrange_100', 'lrange_300', 'mset',
];

/** Looks the names up and puts them in redis-benchmark's order; throws on an unknown name. */
export function selectWorkloads(names: readonly string[]): Workload[] {
  for (const name of names) {
    if (!WORKLOADS.some((w) => w.name === name)) {
      throw new Error(`unknown test ${JSON.stringify(name)}; known: ${WORKLOADS.map((w) => w.name).join(',')}`);
    }
  }
  return WORKLOADS.filter((w) => names.includes(w.name));
}
