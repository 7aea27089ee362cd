// Runs one generated sequence against a real redis-server and tsredis side by side: the same command goes to
// both at once, the two replies are compared (see compare.ts), and at the end the two keyspaces are compared
// too. A disagreement throws an Error whose message is the whole transcript, so fast-check's shrunk
// counterexample reads as a redis-cli session with the two replies at the point where they part.

import { startRealRedis, startTestServer, type RealRedis, type RunningServer } from '../../helpers/server.js';
import { escapeBytes, type RespNode } from '../../helpers/resp-parse.js';
import { appendFileSync } from 'node:fs';
import { formatArg, formatCommand, type Cmd, type Compare, type Sequence } from './command.js';
import { compareNodes, compareReplies, leaves, showReply, type Universes } from './compare.js';
import { ReplyConnection, type Reply } from './connection.js';
import { snapshotDifference, takeSnapshot } from './snapshot.js';

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const TRACE_FILE = process.env['DIFF_TRACE'];

/** Encoding thresholds: Redis 7.0's defaults, and tiny ones that make every conversion reachable. */
const DEFAULT_THRESHOLDS = ['hash-max-listpack-entries', '128', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512', 'zset-max-listpack-entries', '128', 'zset-max-listpack-value', '64', 'list-max-listpack-size', '-2'];
const TINY_THRESHOLDS = ['hash-max-listpack-entries', '4', 'hash-max-listpack-value', '8', 'set-max-intset-entries', '4', 'zset-max-listpack-entries', '4', 'zset-max-listpack-value', '8', 'list-max-listpack-size', '4'];
/** Most SCAN calls one full iteration may take before we call it endless. */
const MAX_SCAN_CALLS = 1000;

/** One side of the comparison: a connection to Redis and the matching one to tsredis. */
interface Pair {
  readonly redis: ReplyConnection;
  readonly ours: ReplyConnection;
}

/**
 * The two servers' clocks, for the time family (harness/shared-clock.ts): both start frozen at the same
 * absolute time and move together at each tick step, so TTLs compare exactly and keys expire at the same step.
 */
export interface SequenceClock {
  /** Freeze both clocks at `startMs` (before the sequence's FLUSHALL). */
  begin(startMs: number): Promise<void>;
  /** Advance both clocks by `ms`. */
  tick(ms: number): Promise<void>;
}

interface ClientState {
  pair: Pair | undefined;
  inMulti: boolean;
  queued: Compare[];
}

export class DifferentialRunner {
  /** Commands sent to each server so far (for progress output). */
  commandsSent = 0;
  private thresholds: 'default' | 'tiny' | undefined;

  private constructor(
    private readonly realRedis: RealRedis,
    private readonly tsredis: RunningServer,
    private readonly admin: Pair,
    private readonly clock: SequenceClock | undefined,
  ) {}

  /** Where the two servers listen (for poking at them with redis-cli during a long fuzz run). */
  get ports(): { redis: number; tsredis: number } {
    return { redis: this.realRedis.port, tsredis: this.tsredis.port };
  }

  static async start(): Promise<DifferentialRunner> {
    const [realRedis, tsredis] = await Promise.all([startRealRedis(), startTestServer()]);
    return DifferentialRunner.over(realRedis, tsredis);
  }

  /** A runner over servers started elsewhere (the time family starts Redis under the clock shim). */
  static async over(realRedis: RealRedis, tsredis: RunningServer, clock?: SequenceClock): Promise<DifferentialRunner> {
    const [r, o] = await Promise.all([ReplyConnection.open(realRedis.port), ReplyConnection.open(tsredis.port)]);
    return new DifferentialRunner(realRedis, tsredis, { redis: r, ours: o }, clock);
  }

  /** The subset of `names` that tsredis implements (COMMAND INFO answers nil for the others). */
  async implemented(names: readonly string[]): Promise<Set<string>> {
    const reply = await this.admin.ours.request([b('COMMAND'), b('INFO'), ...names.map(b)]);
    if (reply.kind !== 'reply' || reply.node.children === undefined) throw new Error('COMMAND INFO failed on tsredis');
    return new Set(names.filter((_, i) => reply.node.children?.[i]?.isNull === false));
  }

  async close(): Promise<void> {
    this.admin.redis.close();
    this.admin.ours.close();
    await Promise.all([this.realRedis.stop(), this.tsredis.close()]);
  }

  private async both(pair: Pair, argv: readonly Buffer[]): Promise<[Reply, Reply]> {
    this.commandsSent++;
    // DIFF_TRACE=<file>: append every command before it is sent (to find one that hangs a server).
    if (TRACE_FILE !== undefined) appendFileSync(TRACE_FILE, `${argv.map((a) => formatArg(a)).join(' ')}\n`);
    return Promise.all([pair.redis.request(argv), pair.ours.request(argv)]);
  }

  /** Both servers must answer a setup command without an error. */
  private async setup(pair: Pair, argv: readonly Buffer[]): Promise<void> {
    const replies = await this.both(pair, argv);
    for (const [i, reply] of replies.entries()) {
      if (reply.kind !== 'reply' || reply.node.type === '-') throw new Error(`setup command ${argv.join(' ')} failed on ${i === 0 ? 'redis' : 'tsredis'}: ${showReply(reply)}`);
    }
  }

  private async openPair(protocol: 2 | 3): Promise<Pair> {
    const [redis, ours] = await Promise.all([ReplyConnection.open(this.realRedis.port), ReplyConnection.open(this.tsredis.port)]);
    const pair = { redis, ours };
    if (protocol === 3) await this.setup(pair, [b('HELLO'), b('3')]);
    return pair;
  }

  /**
   * Run one sequence from an empty keyspace; throws with the transcript on the first disagreement, else
   * returns the transcript (command lines with Redis's replies).
   */
  async run(seq: Sequence): Promise<string[]> {
    if (this.clock !== undefined) await this.clock.begin(seq.startMs ?? Date.now());
    await this.setup(this.admin, [b('FLUSHALL')]);
    const wanted = seq.tinyEncodings ? 'tiny' : 'default';
    if (this.thresholds !== wanted) {
      await this.setup(this.admin, [b('CONFIG'), b('SET'), ...(seq.tinyEncodings ? TINY_THRESHOLDS : DEFAULT_THRESHOLDS).map(b)]);
      this.thresholds = wanted;
    }
    const clients: ClientState[] = [0, 1].map(() => ({ pair: undefined, inMulti: false, queued: [] }));
    const clockNote = seq.startMs === undefined ? '' : `, clocks frozen at ${seq.startMs} ms`;
    const transcript: string[] = [`(RESP${seq.protocol}${seq.tinyEncodings ? ', tiny encoding thresholds' : ''}${clockNote}; each line shows Redis's reply)`];
    const fail = (why: string, redis: Reply | string, ours: Reply | string): never => {
      const show = (r: Reply | string): string => (typeof r === 'string' ? r : showReply(r));
      transcript.push(`       redis:   ${show(redis)}`, `       tsredis: ${show(ours)}`, `       (${why})`);
      throw new Error(`tsredis and Redis disagree:\n${transcript.join('\n')}`);
    };
    try {
      for (const [i, cmd] of seq.commands.entries()) {
        const state = clients[cmd.client] as ClientState;
        state.pair ??= await this.openPair(seq.protocol);
        const line = `${String(i + 1).padStart(4)}  ${formatCommand(cmd)}`;
        if (cmd.tick !== undefined) {
          if (this.clock === undefined) throw new Error('a tick step needs a runner with a shared clock');
          await this.clock.tick(cmd.tick);
          transcript.push(line);
          continue;
        }
        const at = transcript.push(line) - 1;
        const outcome = await this.step(cmd, state, (note) => transcript.push(`        ${note}`));
        if (outcome.why !== undefined) {
          transcript[at] = `>>${line.slice(2)}`;
          fail(outcome.why, outcome.redis, outcome.ours);
        }
        transcript[at] = `${line}   -> ${outcome.shown}`;
      }
      const [before, after] = await Promise.all([takeSnapshot(this.admin.redis), takeSnapshot(this.admin.ours)]);
      // With shared clocks the remaining TTLs must be equal to the millisecond.
      const difference = snapshotDifference(before, after, this.clock === undefined ? undefined : 0n);
      if (difference !== undefined) {
        transcript.push('  final keyspace (all replies agreed, but the data did not):');
        fail('final keyspaces differ', difference.redis, difference.ours);
      }
      return transcript;
    } finally {
      for (const c of clients) {
        c.pair?.redis.close();
        c.pair?.ours.close();
      }
    }
  }

  /** Send one command to both servers and judge the replies. */
  private async step(cmd: Cmd, state: ClientState, note: (text: string) => void): Promise<{ why: string | undefined; redis: Reply; ours: Reply; shown: string }> {
    const pair = state.pair as Pair;
    const compare = cmd.compare;
    let universes: Universes | undefined;
    const outsideMulti = !state.inMulti;
    if (outsideMulti && (compare.kind === 'random' || compare.kind === 'spop')) {
      const [ur, uo] = await this.both(pair, compare.universe);
      if (ur.kind === 'reply' && uo.kind === 'reply') universes = { redis: ur.node, ours: uo.node };
    }
    const [redis, ours] = await this.both(pair, cmd.argv);
    const shown = short(redis);
    const name = (cmd.argv[0] as Buffer).toString('latin1').toLowerCase();
    const plain = cmd.argv.length === 1;
    let why: string | undefined;

    if (state.inMulti && redis.kind === 'reply' && redis.node.type === '+' && redis.node.payload?.toString() === 'QUEUED') {
      why = compareReplies({ kind: 'exact' }, redis, ours);
      state.queued.push(compare.kind === 'spop' || compare.kind === 'scan' ? { kind: 'exact' } : compare);
    } else if (name === 'exec' && plain && state.inMulti) {
      why = compareExec(state.queued, redis, ours);
    } else if (compare.kind === 'scan' && outsideMulti) {
      why = await this.compareScan(pair, cmd, compare.cursorIndex, compare.pairs, redis, ours);
    } else {
      why = compareReplies(compare, redis, ours, universes);
      if (why === undefined && compare.kind === 'spop' && outsideMulti) await this.restorePopped(pair, compare.key, redis, ours, note);
      if (why === undefined && name === 'randomkey' && outsideMulti && this.clock !== undefined) await this.purgeExpired(pair, note);
    }

    if (name === 'multi' && plain && redis.kind === 'reply' && redis.node.type === '+') {
      state.inMulti = true;
      state.queued = [];
    } else if ((name === 'exec' || name === 'discard') && plain) {
      state.inMulti = false;
      state.queued = [];
    }
    return { why, redis, ours, shown };
  }

  /**
   * SPOP removed different random members on each server: give each server back its own pops, so that
   * both hold the original set again and later commands see equal states.
   */
  private async restorePopped(pair: Pair, key: Buffer, redis: Reply, ours: Reply, note: (text: string) => void): Promise<void> {
    if (redis.kind !== 'reply' || ours.kind !== 'reply') return;
    if (compareNodes({ kind: 'unordered' }, redis.node, ours.node) === undefined) return;
    const restore = async (conn: ReplyConnection, node: RespNode): Promise<void> => {
      const popped = leaves(node);
      if (popped.length === 0 || node.type === '-') return;
      const reply = await conn.request([b('SADD'), key, ...popped.map(b)]);
      if (reply.kind !== 'reply' || reply.node.type !== ':') throw new Error(`restoring SPOP's members failed: ${showReply(reply)}`);
    };
    await Promise.all([restore(pair.redis, redis.node), restore(pair.ours, ours.node)]);
    note('(SPOP picked different members; each server got its own back with SADD)');
  }

  /**
   * RANDOMKEY deletes the expired keys it happens to sample before it finds a live one (db.c dbRandomKey),
   * so with active expiry off the two servers may now hold different sets of expired-but-present keys
   * (DBSIZE counts those). A full SCAN deletes every expired key it meets on both, which makes them equal.
   */
  private async purgeExpired(pair: Pair, note: (text: string) => void): Promise<void> {
    const purge = async (conn: ReplyConnection): Promise<void> => {
      let cursor = '0';
      for (let calls = 0; calls < MAX_SCAN_CALLS; calls++) {
        const reply = await conn.request([b('SCAN'), b(cursor), b('COUNT'), b('1000')]);
        if (reply.kind !== 'reply' || reply.node.children?.length !== 2) throw new Error(`purging expired keys: SCAN answered ${showReply(reply)}`);
        cursor = reply.node.children[0]?.payload?.toString('latin1') ?? '0';
        if (cursor === '0') return;
      }
    };
    await Promise.all([purge(pair.redis), purge(pair.ours)]);
    note('(RANDOMKEY may delete expired keys at random: a full SCAN deleted the rest on both servers)');
  }

  /** A SCAN-family call with cursor 0: follow it to the end on each server and compare what was returned. */
  private async compareScan(pair: Pair, cmd: Cmd, cursorIndex: number, pairs: boolean, redis: Reply, ours: Reply): Promise<string | undefined> {
    if (redis.kind !== 'reply' || ours.kind !== 'reply') return compareReplies({ kind: 'exact' }, redis, ours);
    const isPage = (n: RespNode): boolean => n.type === '*' && n.children?.length === 2;
    if (!isPage(redis.node) || !isPage(ours.node)) return compareReplies({ kind: 'exact' }, redis, ours);
    // Only cursor 0 has a meaning both servers share; any other cursor is an opaque position.
    if (cmd.argv[cursorIndex]?.toString('latin1') !== '0') return undefined;
    const iterate = async (conn: ReplyConnection, first: RespNode): Promise<string[] | string> => {
      const seen = new Set<string>();
      let page = first;
      for (let calls = 0; calls < MAX_SCAN_CALLS; calls++) {
        const items = leaves(page.children?.[1] as RespNode);
        for (let i = 0; i < items.length; i += pairs ? 2 : 1) seen.add(pairs ? `${items[i]}\x00${items[i + 1]}` : (items[i] as string));
        const next = page.children?.[0]?.payload?.toString('latin1') ?? '0';
        if (next === '0') return [...seen].sort();
        const argv = cmd.argv.map((arg, i) => (i === cursorIndex ? b(next) : arg));
        const reply = await conn.request(argv);
        if (reply.kind !== 'reply' || !isPage(reply.node)) return `cursor ${next} answered ${showReply(reply)}`;
        page = reply.node;
      }
      return `no end after ${MAX_SCAN_CALLS} calls`;
    };
    const [a, c] = await Promise.all([iterate(pair.redis, redis.node), iterate(pair.ours, ours.node)]);
    if (typeof a === 'string' || typeof c === 'string') return `full iteration failed: redis ${String(a)}, tsredis ${String(c)}`;
    if (a.join('\x01') === c.join('\x01')) return undefined;
    return `a full iteration returned different elements: redis [${a.map((s) => escapeBytes(b(s), 60)).join(', ')}], tsredis [${c.map((s) => escapeBytes(b(s), 60)).join(', ')}]`;
  }
}

/** EXEC: each element is compared the way its queued command is. */
function compareExec(queued: readonly Compare[], redis: Reply, ours: Reply): string | undefined {
  if (redis.kind !== 'reply' || ours.kind !== 'reply') return compareReplies({ kind: 'exact' }, redis, ours);
  const rc = redis.node.children;
  const oc = ours.node.children;
  if (redis.node.type !== '*' || ours.node.type !== '*' || rc === undefined || oc === undefined || rc.length !== queued.length || oc.length !== queued.length) {
    return compareReplies({ kind: 'exact' }, redis, ours);
  }
  for (const [i, compare] of queued.entries()) {
    const why = compareNodes(compare, rc[i] as RespNode, oc[i] as RespNode);
    if (why !== undefined) return `EXEC element ${i + 1}: ${why}`;
  }
  return undefined;
}

function short(reply: Reply): string {
  const text = showReply(reply);
  return text.length > 90 ? `${text.slice(0, 87)}..."` : text;
}
