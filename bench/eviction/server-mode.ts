// The lab's "server" mode: the TCP replay against a tsredis Server started in this process, with a
// frozen test clock that the replayer moves forward by 1/rate seconds per request. Redis's LRU
// clock ticks in whole seconds (LRU_CLOCK_RESOLUTION), so how many requests share one tick shapes
// what allkeys-lru can tell apart; a fixed simulated rate makes runs repeatable and comparable
// with a TCP replay against redis-server at a known request rate. The server runs every policy:
// Redis's sampling ones (src/eviction) and the tracking ones (src/eviction/extra), so comparing
// this mode with "sim" checks that the keyspace drives the tracking policies as the simulator does.

import { startServer } from '../../src/index.js';
import { Clock } from '../../src/util/clock.js';
import { replayTcp, type TcpResult } from './tcp.js';
import type { Workload } from './workloads.js';

export interface ServerModeOptions {
  readonly policy: string;
  readonly valueSize: number;
  /** Simulated requests per second. */
  readonly rate: number;
  readonly calibrationRounds: number;
}

export async function replayInProcess(workload: Workload, capacity: number, o: ServerModeOptions): Promise<TcpResult> {
  const clock = new Clock();
  clock.freeze();
  const running = await startServer({ port: 0, bind: '127.0.0.1', save: '', appendonly: 'no' }, { clock });
  let owedMs = 0;
  try {
    return await replayTcp(workload, capacity, {
      host: running.host,
      port: running.port,
      policy: o.policy,
      valueSize: o.valueSize,
      calibrationRounds: o.calibrationRounds,
      beforeWindow: (requests) => {
        owedMs += (requests * 1000) / o.rate;
        const whole = Math.floor(owedMs);
        if (whole > 0) {
          owedMs -= whole;
          clock.advance(whole);
        }
      },
    });
  } finally {
    await running.close();
  }
}
