// The lab's TCP replayer: the same workload as the simulator, sent to a running server (tsredis or
// a real redis-server) as GET, then SET on a miss, with maxmemory sized so that the server holds
// about as many keys as the simulated cache. The miss ratio is read from the server itself:
// keyspace_misses / (keyspace_hits + keyspace_misses) in INFO stats, after CONFIG RESETSTAT.
//
// Sizing maxmemory. Policies in the server evict by bytes. We measure the bytes a key costs on
// that server (used_memory before and after a windowed fill of a sample of the workload's keys),
// set maxmemory = empty used_memory + capacity × bytes per key, replay, read DBSIZE at the end,
// and if it is off by more than 1% (or 1 key) move maxmemory by the difference × bytes per key and
// replay again (at most `calibrationRounds` replays; the last one is reported, with its DBSIZE).
// A fill of distinct keys does not predict the replay well: at the same maxmemory, Redis 7.0
// held 1,676 keys after such a fill but 2,791 after a Zipf replay (client buffers and allocator
// state differ), so the replay itself is the measurement.
//
// Pipelining without changing the semantics. SET-on-miss depends on GET's reply, so requests go in
// windows of consecutive requests with no key repeated: the window's GETs are sent together, and
// the SETs for its misses are sent in front of the next window's GETs (a pipeline runs in order).
// Inside a window every GET sees what it would see one at a time, except for the few keys a SET of
// the same window evicts; windows are kept small next to the cache (≤ capacity/8, ≤ 64 requests)
// so that effect stays negligible. `beforeWindow` lets the in-process mode move a test clock.

import net from 'node:net';
import { encodeCommand, parseReply, RespError, type RespValue } from '../lib/resp.js';
import { keyName } from './sim.js';
import type { Workload } from './workloads.js';

/** Pipelined RESP connection: send many commands, await all their replies in order. */
export class PipelineConnection {
  private pending: Buffer = Buffer.alloc(0);
  private want = 0;
  private got: RespValue[] = [];
  private resolve: ((values: RespValue[]) => void) | undefined;
  private reject: ((err: Error) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.reject?.(err));
    socket.on('close', () => this.reject?.(new Error('connection closed')));
  }

  static connect(port: number, host: string): Promise<PipelineConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new PipelineConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    while (this.got.length < this.want) {
      const parsed = parseReply(this.pending, pos);
      if (parsed === undefined) break;
      this.got.push(parsed.value);
      pos = parsed.next;
    }
    this.pending = this.pending.subarray(pos);
    if (this.got.length === this.want && this.resolve !== undefined) {
      const done = this.resolve;
      const values = this.got;
      this.resolve = undefined;
      this.reject = undefined;
      this.got = [];
      this.want = 0;
      done(values);
    }
  }

  /** Send pre-encoded commands (one Buffer holding `count` frames) and await `count` replies. */
  sendRaw(frames: Buffer, count: number): Promise<RespValue[]> {
    return new Promise((resolve, reject) => {
      this.want = count;
      this.resolve = resolve;
      this.reject = reject;
      this.socket.write(frames);
    });
  }

  async call(...argv: string[]): Promise<RespValue> {
    const [reply] = await this.sendRaw(encodeCommand(argv), 1);
    if (reply instanceof RespError) throw new Error(`${argv.join(' ')}: ${reply.message}`);
    return reply ?? null;
  }

  close(): void {
    this.reject = undefined;
    this.socket.destroy();
  }
}

async function infoField(conn: PipelineConnection, section: string, field: string): Promise<number> {
  const text = await conn.call('INFO', section);
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(String(text));
  if (match === null) throw new Error(`INFO ${section} has no ${field}`);
  return Number(match[1]);
}

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
  /** maxmemory-policy to set on the server. */
  readonly policy: string;
  /** Value size in bytes when the workload has none per key. */
  readonly valueSize: number;
  /** Called with the number of requests about to be sent (the in-process mode moves its clock). */
  readonly beforeWindow?: (requests: number) => void;
  /** At most this many full replays to bring DBSIZE to the capacity (default 4). */
  readonly calibrationRounds: number;
}

export interface TcpResult {
  readonly hits: number;
  readonly misses: number;
  readonly missRatio: number;
  /** DBSIZE at the end of the replay, next to the target capacity. */
  readonly residentAtEnd: number;
  readonly maxmemory: number;
  readonly bytesPerKey: number;
  readonly elapsedMs: number;
  /** Replays run to size maxmemory (the last one is reported). */
  readonly rounds: number;
}

const FRAME_CACHE_LIMIT = 2_000_000;

export async function replayTcp(workload: Workload, capacity: number, o: TcpOptions): Promise<TcpResult> {
  const conn = await PipelineConnection.connect(o.port, o.host);
  try {
    const values = new Map<number, Buffer>();
    const valueOf = (id: number): Buffer => {
      const size = workload.sizes === undefined ? o.valueSize : (workload.sizes[id] as number);
      let v = values.get(size);
      if (v === undefined) {
        v = Buffer.alloc(size, 'v');
        values.set(size, v);
      }
      return v;
    };
    const getFrames: (Buffer | undefined)[] = [];
    const getFrame = (id: number): Buffer => {
      let f = getFrames[id];
      if (f === undefined) {
        f = encodeCommand(['GET', keyName(id)]);
        if (id < FRAME_CACHE_LIMIT) getFrames[id] = f;
      }
      return f;
    };
    const setFrame = (id: number): Buffer => encodeCommand(['SET', keyName(id), valueOf(id)]);
    // Ids spread over the workload, for measuring and filling.
    const sampleIds = (count: number): number[] => {
      const n = Math.min(count, workload.distinct);
      return Array.from({ length: n }, (_, i) => Math.floor((i * workload.distinct) / n));
    };

    const windowLimit = Math.max(1, Math.min(64, Math.floor(capacity / 8)));
    const inWindow = new Set<number>();
    /** GET each id, SET the misses; the pipelining scheme of the header comment. */
    const replay = async (requests: Int32Array, moveClock: boolean): Promise<void> => {
      let pendingSets: number[] = [];
      let i = 0;
      while (i < requests.length) {
        inWindow.clear();
        const start = i;
        while (i < requests.length && inWindow.size < windowLimit && !inWindow.has(requests[i] as number)) {
          inWindow.add(requests[i] as number);
          i++;
        }
        const frames: Buffer[] = pendingSets.map(setFrame);
        const offset = frames.length;
        for (let j = start; j < i; j++) frames.push(getFrame(requests[j] as number));
        if (moveClock) o.beforeWindow?.(i - start);
        const replies = await conn.sendRaw(Buffer.concat(frames), frames.length);
        for (let k = 0; k < offset; k++) {
          const r = replies[k];
          if (r instanceof RespError) throw new Error(`SET during replay: ${r.message} (maxmemory ${maxmemory})`);
        }
        pendingSets = [];
        for (let j = start; j < i; j++) {
          const reply = replies[offset + (j - start)];
          if (reply instanceof RespError) throw new Error(`GET: ${reply.message}`);
          if (reply === null) pendingSets.push(requests[j] as number);
        }
      }
      if (pendingSets.length > 0) await conn.sendRaw(Buffer.concat(pendingSets.map(setFrame)), pendingSets.length);
    };

    await conn.call('FLUSHALL');
    await conn.call('CONFIG', 'SET', 'maxmemory', '0');
    await conn.call('CONFIG', 'SET', 'maxmemory-policy', o.policy);
    // Measure with the same traffic shape as the replay (a windowed fill), so client buffers match.
    const probe = Int32Array.from(sampleIds(Math.max(1000, Math.min(capacity, 20000))));
    await replay(probe.subarray(0, 1), false);
    const empty = await infoField(conn, 'memory', 'used_memory');
    await replay(probe.subarray(1), false);
    const bytesPerKey = Math.max(1, ((await infoField(conn, 'memory', 'used_memory')) - empty) / (probe.length - 1));

    let maxmemory = Math.round(empty + capacity * bytesPerKey);
    const tolerance = Math.max(1, Math.round(capacity * 0.01));
    let elapsedMs = 0;
    let residentAtEnd = 0;
    let rounds = 0;
    for (;;) {
      rounds++;
      await conn.call('FLUSHALL');
      await conn.call('CONFIG', 'SET', 'maxmemory', String(maxmemory));
      await conn.call('CONFIG', 'RESETSTAT');
      const started = performance.now();
      await replay(workload.requests, true);
      elapsedMs = performance.now() - started;
      residentAtEnd = Number(await conn.call('DBSIZE'));
      const full = residentAtEnd >= capacity || (await infoField(conn, 'memory', 'used_memory')) >= maxmemory * 0.98;
      if (process.env['LAB_DEBUG'] !== undefined) console.error(`calibrate ${o.policy} round ${rounds}: maxmemory ${maxmemory} holds ${residentAtEnd} of ${capacity}`);
      if (!full || Math.abs(residentAtEnd - capacity) <= tolerance || rounds >= o.calibrationRounds) break;
      maxmemory = Math.max(1, Math.round(maxmemory + (capacity - residentAtEnd) * bytesPerKey));
    }
    const hits = await infoField(conn, 'stats', 'keyspace_hits');
    const misses = await infoField(conn, 'stats', 'keyspace_misses');
    return {
      hits,
      misses,
      missRatio: hits + misses === 0 ? 0 : misses / (hits + misses),
      residentAtEnd,
      maxmemory,
      bytesPerKey,
      elapsedMs,
      rounds,
    };
  } finally {
    conn.close();
  }
}
