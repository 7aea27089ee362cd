// Streams against a real redis-server 7.0.15: the same command sequences replayed on both, every
// reply compared byte for byte (RESP2 and RESP3). IDs are explicit so the two agree without a clock.

import { describe, expect, it } from 'vitest';
import { RawClient, rawReply, resp } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const haveRedis = haveRedisServer();
const ours = useTsredis();
const real = useRealRedis({ when: haveRedis });

/** Split a transcript line into arguments: whitespace-separated, "double quotes" keep spaces. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

/** Replay `lines` on both servers (after FLUSHALL) and compare every reply. */
async function compare(lines: readonly string[], resp3 = false): Promise<void> {
  const hello = resp3 ? '3' : '2';
  await rawReply(ours.raw, 'HELLO', hello);
  await rawReply(real.raw, 'HELLO', hello);
  await rawReply(ours.raw, 'FLUSHALL');
  await rawReply(real.raw, 'FLUSHALL');
  for (const line of lines) {
    // A leading '?' marks a reply holding clock readings (idle ms, delivery times): integers masked.
    const masked = line.startsWith('?');
    const argv = words(masked ? line.slice(1) : line);
    const mask = (reply: string): string => (masked ? reply.replace(/:\d+\r\n/g, ':N\r\n') : reply);
    const t0 = Date.now();
    const expected = mask(await rawReply(real.raw, ...argv));
    if (process.env.STREAMS_TIMING !== undefined) console.log(line, Date.now() - t0);
    expect(mask(await rawReply(ours.raw, ...argv)), line).toBe(expected);
  }
}

const BASICS = [
  'XADD s 1-1 a 1',
  'XADD s 1-1 a 1',
  'XADD s 1-0 a 1',
  'XADD s 0-0 a 1',
  'XADD s 1-2 a',
  'XADD s 2-* b 2',
  'XADD s 2-* b 3 c 4',
  'XADD s 3 d 5',
  'XADD s +4-+1 e 6',
  'XADD s " 5" f 7',
  'XADD s - a 1',
  'XADD s + a 1',
  'XADD s abc a 1',
  'XADD s 18446744073709551616-0 a 1',
  'XADD s -1-1 a 1',
  'XADD s 1-18446744073709551615 a 1',
  'XLEN s',
  'XLEN nokey',
  'XRANGE s - +',
  'XRANGE s - + COUNT 2',
  'XRANGE s - + COUNT 0',
  'XRANGE s - + COUNT -3',
  'XRANGE s - + COUNT abc',
  'XRANGE s - + COUNT',
  'XRANGE s - + FOO 1',
  'XRANGE s 2 2',
  'XRANGE s (2-0 +',
  'XRANGE s (2-1 (4-1',
  'XRANGE s ( +',
  'XRANGE s (- +',
  'XRANGE s - (+',
  'XRANGE s (18446744073709551615-18446744073709551615 +',
  'XRANGE s - (0-0',
  'XRANGE s + -',
  'XRANGE nokey - +',
  'XREVRANGE s + -',
  'XREVRANGE s + - COUNT 2',
  'XREVRANGE s (4-1 2',
  'XREVRANGE s 3 (2-1',
  'XDEL s 2-0 9-9 abc',
  'XDEL s 2-0 9-9',
  'XDEL s 2-0',
  'XDEL nokey 1-1',
  'XRANGE s - +',
  'XADD s NOMKSTREAM 9-0 z 1',
  'XADD other NOMKSTREAM 9-0 z 1',
  'EXISTS other',
  'TYPE s',
  'OBJECT ENCODING s',
  'SET str x',
  'XADD str 1-1 a 1',
  'XLEN str',
  'XRANGE str - +',
  'XSETID s 1-1',
  'XSETID s 99-0',
  'XSETID nokey 1-1',
  'XSETID s 99-1 ENTRIESADDED 1',
  'XSETID s 99-1 ENTRIESADDED -1',
  'XSETID s 99-1 ENTRIESADDED abc',
  'XSETID s 99-1 ENTRIESADDED 100 MAXDELETEDID 99-2',
  'XSETID s 99-1 ENTRIESADDED 100 MAXDELETEDID 50-0',
  'XSETID s 99-1 FOO',
  'XSETID s 99-1 ENTRIESADDED',
  'XSETID s +',
  'XADD s 99-1 a 1',
  'XINFO STREAM s',
  // The stored max-deleted-id does not bound a later XSETID; only the top entry and a MAXDELETEDID given with it do.
  'XADD sx 1-0 a 0',
  'XSETID sx 1-2 MAXDELETEDID 1-2',
  'XSETID sx 1-0',
  'XINFO STREAM sx',
];

const TRIMMING = [
  'XADD s MAXLEN -1 1-1 a 1',
  'XADD s MAXLEN 1 MINID 1 1-1 a 1',
  'XADD s MAXLEN 1 MAXLEN 2 1-1 a 1',
  'XADD s LIMIT 5 1-1 a 1',
  'XADD s MAXLEN = 1 LIMIT 5 1-1 a 1',
  'XADD s MAXLEN ~ 1 LIMIT -1 1-1 a 1',
  'XADD s MAXLEN ~ abc 1-1 a 1',
  'XADD s MINID ~ abc 1-1 a 1',
  'XADD s MINID - 1-1 a 1',
  'XTRIM s MAXLEN 1',
  'XTRIM s FOO 1',
  'XTRIM s LIMIT 1',
  'XTRIM s MAXLEN 1 extra',
  'XTRIM s NOMKSTREAM MAXLEN 1',
  'XTRIM s MAXLEN ~ 1 LIMIT 10',
  'XTRIM s MAXLEN = 1 LIMIT 10',
  'XTRIM s MINID = abc',
  'XTRIM s MAXLEN',
  'EXISTS s',
];

/** 250 entries then approximate and exact trims: the node boundaries decide what `~` removes. */
function nodesScript(): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= 250; i++) lines.push(`XADD s ${i}-1 f v`);
  lines.push(
    'XADD s MAXLEN ~ 120 300-1 a b',
    'XLEN s',
    'XADD s MINID ~ 220 LIMIT 50 301-1 a b',
    'XTRIM s MAXLEN ~ 10',
    'XLEN s',
    'XTRIM s MAXLEN = 10',
    'XRANGE s - + COUNT 3',
    'XADD s MAXLEN 5 302-1 a b',
    'XLEN s',
    'XTRIM s MINID 302',
    'XTRIM s MINID ~ 302',
    'XTRIM s MINID 303',
    'XLEN s',
    'XINFO STREAM s',
  );
  for (let i = 1; i <= 130; i++) lines.push(`XADD t ${i}-0 field${i % 3} ${'x'.repeat(i % 7)}`);
  lines.push('XDEL t 1-0 50-0 101-0', 'XTRIM t MAXLEN ~ 100', 'XTRIM t MAXLEN ~ 20', 'XINFO STREAM t', 'XRANGE t - + COUNT 2');
  // Big values close a node on bytes (stream-node-max-bytes 4096) before 100 entries.
  for (let i = 1; i <= 40; i++) lines.push(`XADD b ${i}-0 f ${'y'.repeat(300)}`);
  lines.push('XTRIM b MAXLEN ~ 30', 'XLEN b', 'XINFO STREAM b');
  // With more entries allowed per node, bytes decide, and the node's counters grow past one byte.
  lines.push('CONFIG SET stream-node-max-entries 1000');
  for (let i = 1; i <= 500; i++) lines.push(`XADD c ${i}-${i % 4} f ${'v'.repeat(10)}`);
  lines.push('XDEL c 3-3 200-0', 'XTRIM c MAXLEN ~ 100', 'XLEN c', 'XINFO STREAM c', 'CONFIG SET stream-node-max-entries 100');
  return lines;
}

const GROUPS = [
  'XGROUP CREATE s g $',
  'XGROUP CREATE s g $ MKSTREAM',
  'XGROUP CREATE s g $ MKSTREAM',
  'XGROUP CREATE s g2 abc',
  'XGROUP CREATE s g2 0 ENTRIESREAD -5',
  'XGROUP CREATE s g2 0 ENTRIESREAD abc',
  'XGROUP CREATE s g2 0 FOO',
  'XGROUP CREATE s g2 - ',
  'XGROUP SETID s nog 0',
  'XGROUP SETID nokey g 0',
  'XGROUP DESTROY nokey g',
  'XGROUP DESTROY s nog',
  'XGROUP CREATECONSUMER s nog c',
  'XGROUP CREATECONSUMER s g c',
  'XGROUP CREATECONSUMER s g c',
  'XGROUP DELCONSUMER s g nocons',
  'XGROUP DELCONSUMER s nog c',
  'XGROUP FOO s',
  'XGROUP HELP',
  'XGROUP CREATE s',
  'XGROUP SETID s g 0 ENTRIESREAD',
  'XGROUP SETID s g 0 FOO 1',
  'XGROUP SETID s g - ENTRIESREAD 0',
  'XADD s 1-1 a 1',
  'XADD s 2-1 b 2',
  'XADD s 3-1 c 3',
  'XINFO GROUPS s',
  'XREADGROUP GROUP g alice COUNT 1 STREAMS s >',
  'XREADGROUP GROUP g bob NOACK STREAMS s >',
  'XREADGROUP GROUP g alice STREAMS s 0',
  'XREADGROUP GROUP g carol STREAMS s >',
  'XINFO GROUPS s',
  'XGROUP SETID s g 0',
  'XREADGROUP GROUP g bob STREAMS s >',
  'XDEL s 1-1',
  'XREADGROUP GROUP g bob STREAMS s 0',
  'XREADGROUP GROUP g bob COUNT 1 STREAMS s 1-1',
  'XPENDING s g',
  '?XPENDING s g - + 10 bob',
  'XPENDING s g - + 10 nobody',
  '?XPENDING s g (1-1 + 1',
  'XCLAIM s g carol 0 2-1 JUSTID',
  'XCLAIM s g carol 0 2-1 RETRYCOUNT 7 JUSTID',
  'XCLAIM s g carol 0 9-9 FORCE',
  'XCLAIM s g carol 0 3-1 FORCE JUSTID',
  'XPENDING s g',
  'XAUTOCLAIM s g dave 0 0 JUSTID',
  'XAUTOCLAIM s g dave 0 0 COUNT 1 JUSTID',
  'XACK s g 2-1 1-1 9-9',
  'XACK s nog 1-1',
  'XACK nokey g 1-1',
  'XACK s g abc',
  'XPENDING s g',
  'XINFO CONSUMERS s nog',
  'XINFO GROUPS s',
  'XGROUP DELCONSUMER s g dave',
  'XGROUP DESTROY s g',
  'XINFO GROUPS s',
  'XREADGROUP GROUP g c STREAMS s >',
  'XGROUP CREATE s g 0 ENTRIESREAD 2',
  'XINFO GROUPS s',
  'XREADGROUP GROUP g c STREAMS s $',
  'XREADGROUP GROUP g c STREAMS s',
  'XREADGROUP GROUP g c STREAMS s > >',
  'XREADGROUP GROUP g c COUNT -1 STREAMS s >',
  'XREADGROUP GROUP g c BLOCK -1 STREAMS s >',
  'XREADGROUP GROUP g c BLOCK abc STREAMS s >',
  'XREADGROUP GROUP g c FOO STREAMS s >',
  'XREADGROUP GROUP g c NOACK STREAMS s nokey > >',
  'XINFO GROUPS s',
];

const PEL_ERRORS = [
  'XGROUP CREATE s g $ MKSTREAM',
  'XADD s 1-1 a 1',
  'XPENDING s nog',
  'XPENDING nokey g',
  'XPENDING s g - + abc',
  'XPENDING s g - +',
  'XPENDING s g IDLE 10',
  'XPENDING s g IDLE abc - + 10',
  'XPENDING s g - + -1',
  'XPENDING s g - + 10 c extra',
  'XPENDING s g ( + 10',
  'XPENDING s g - (0-0 10',
  'XCLAIM s nog c 0 1-1',
  'XCLAIM s g c abc 1-1',
  'XCLAIM s g c -1 1-1',
  'XCLAIM s g c 0 abc',
  'XCLAIM s g c 0 1-1 FOO',
  'XCLAIM s g c 0 1-1 IDLE abc',
  'XCLAIM s g c 0 1-1 RETRYCOUNT abc',
  'XCLAIM s g c 0 1-1 LASTID abc',
  'XCLAIM s g c 0 1-1 TIME abc',
  'XCLAIM nokey g c 0 1-1',
  'XAUTOCLAIM s nog c 0 0',
  'XAUTOCLAIM s g c 0 0 COUNT 0',
  'XAUTOCLAIM s g c 0 0 COUNT abc',
  'XAUTOCLAIM s g c 0 0 COUNT 576460752303423488',
  'XAUTOCLAIM s g c abc 0',
  'XAUTOCLAIM s g c 0 abc',
  'XAUTOCLAIM s g c 0 (18446744073709551615-18446744073709551615',
  'XAUTOCLAIM s g c 0 0 FOO',
  'XAUTOCLAIM s g c 0 0',
  'XAUTOCLAIM nokey g c 0 0',
  'XINFO STREAM nokey',
  'XINFO GROUPS nokey',
  'XINFO CONSUMERS nokey g',
  'XINFO STREAM s FULL COUNT abc',
  'XINFO STREAM s FOO',
  'XINFO STREAM s FULL FOO',
  'XINFO FOO',
  'XINFO HELP',
  'XINFO HELP x',
  'SET str x',
  'XINFO STREAM str',
  'XGROUP CREATE str g $',
  'XREADGROUP GROUP g c STREAMS str >',
  'XCLAIM str g c 0 1-1',
];

const XREAD = [
  'XADD a 1-1 f 1',
  'XADD a 2-1 f 2',
  'XADD b 1-5 g 1',
  'XREAD STREAMS a 0',
  'XREAD COUNT 1 STREAMS a b 0 0',
  'XREAD STREAMS a b 1-1 1-5',
  'XREAD STREAMS a b $ $',
  'XREAD STREAMS a nokey 0 0',
  'XREAD STREAMS nokey 0',
  'XREAD STREAMS a >',
  'XREAD STREAMS a 0 1',
  'XREAD COUNT 1 BLOCK 1 STREAMS',
  'XREAD NOACK STREAMS a 0',
  'XREAD GROUP g c STREAMS a 0',
  'XREAD COUNT abc STREAMS a 0',
  'XREAD BLOCK abc STREAMS a 0',
  'XREAD BLOCK -1 STREAMS a 0',
  'XREAD STREAMS a abc',
  'XREAD FOO STREAMS a 0',
  'XREAD STREAMS a (0',
  'XREAD STREAMS a 18446744073709551615-18446744073709551615',
  'SET str x',
  'XREAD STREAMS str 0',
];

describe.skipIf(!haveRedis)('stream replies, as redis-server 7.0.15 sends them', () => {
  it('XADD, XLEN, XRANGE, XREVRANGE, XDEL, XSETID and their errors', async () => {
    await compare(BASICS);
  });
  it('the same in RESP3', async () => {
    await compare(BASICS, true);
  });
  it('trimming options and their errors', async () => {
    await compare(TRIMMING);
  });
  it('approximate trimming removes the same whole nodes as Redis', async () => {
    await compare(nodesScript());
    expect(ours.server.keyspace.usedBytes).toBe(ours.server.keyspace.recount());
  });
  it('consumer groups: XGROUP, XREADGROUP, XPENDING, XCLAIM, XAUTOCLAIM, XACK, XINFO', async () => {
    await compare(GROUPS);
  });
  it('consumer groups in RESP3', async () => {
    await compare(GROUPS, true);
    // Every change re-priced its key: the incremental memory count equals a recount.
    expect(ours.server.keyspace.usedBytes).toBe(ours.server.keyspace.recount());
  });
  it('PEL and XINFO errors', async () => {
    await compare(PEL_ERRORS);
  });
  it('XREAD without blocking', async () => {
    await compare(XREAD);
    await compare(XREAD, true);
  });
});

// --- Blocking reads: the same scenario on both servers, the waiter's bytes compared ---

interface Scenario {
  readonly setup: readonly string[];
  /** What the waiting client sends. */
  readonly block: string;
  /** What another client then runs. */
  readonly writes: readonly string[];
  /** Read afterwards by the other client. */
  readonly after?: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function playScenario(port: number, scenario: Scenario): Promise<string[]> {
  const main = await RawClient.connect(port);
  const waiter = await RawClient.connect(port);
  try {
    const out: string[] = [];
    await rawReply(main, 'FLUSHALL');
    for (const line of scenario.setup) await rawReply(main, ...words(line));
    waiter.write(resp(...words(scenario.block)));
    await sleep(60);
    for (const line of scenario.writes) out.push(await rawReply(main, ...words(line)));
    await sleep(60);
    out.push((await waiter.readBytes(1, 400)).toString('latin1'));
    for (const line of scenario.after ?? []) out.push(await rawReply(main, ...words(line)));
    return out;
  } finally {
    main.close();
    waiter.close();
  }
}

const BLOCKING: Record<string, Scenario> = {
  'XREAD BLOCK on $ is served the next XADD': {
    setup: ['XADD s 1-1 a 1'], block: 'XREAD BLOCK 0 STREAMS s $', writes: ['XADD s 2-1 b 2'],
  },
  'XREAD BLOCK on a missing key waits for its creation': {
    setup: [], block: 'XREAD BLOCK 0 STREAMS s1 s2 $ 0', writes: ['SET other x', 'XADD s2 5-5 c 3'],
  },
  'XREAD BLOCK times out with a null array': {
    setup: ['XADD s 1-1 a 1'], block: 'XREAD BLOCK 100 STREAMS s $', writes: [],
  },
  'XDEL and XTRIM do not serve a blocked XREAD': {
    setup: ['XADD s 1-1 a 1', 'XADD s 2-1 a 2'], block: 'XREAD BLOCK 300 STREAMS s 2-1', writes: ['XDEL s 1-1', 'XTRIM s MAXLEN 0'],
  },
  'XREAD BLOCK with COUNT gets at most COUNT of a burst': {
    setup: ['XADD s 1-1 a 1'], block: 'XREAD COUNT 2 BLOCK 0 STREAMS s 1-1',
    writes: [`EVAL "redis.call('XADD','s','2-1','b','2') redis.call('XADD','s','3-1','c','3') redis.call('XADD','s','4-1','d','4')" 0`],
  },
  'XREADGROUP BLOCK > is served and the entry becomes pending': {
    setup: ['XGROUP CREATE s g $ MKSTREAM'], block: 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >',
    writes: ['XADD s 7-7 k v'], after: ['XPENDING s g', 'XINFO GROUPS s'],
  },
  'XREADGROUP BLOCK NOACK leaves nothing pending': {
    setup: ['XGROUP CREATE s g $ MKSTREAM'], block: 'XREADGROUP GROUP g alice NOACK BLOCK 0 STREAMS s >',
    writes: ['XADD s 7-7 k v'], after: ['XPENDING s g'],
  },
  'a blocked XREADGROUP learns its group was destroyed at the next XADD': {
    setup: ['XGROUP CREATE s g $ MKSTREAM'], block: 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >',
    writes: ['XGROUP DESTROY s g', 'XADD s 1-1 a 1'],
  },
};

describe.skipIf(!haveRedis)('blocking XREAD and XREADGROUP, as redis-server 7.0.15 serves them', () => {
  for (const [name, scenario] of Object.entries(BLOCKING)) {
    it(name, async () => {
      const [mine, theirsOut] = await Promise.all([playScenario(ours.port, scenario), playScenario(real.port, scenario)]);
      expect(mine).toEqual(theirsOut);
    });
  }

  it('inside MULTI, XREAD BLOCK answers a null array at once', async () => {
    for (const port of [ours.port, real.port]) {
      const c = await RawClient.connect(port);
      try {
        await rawReply(c, 'DEL', 'm');
        c.write(Buffer.concat([resp('MULTI'), resp('XREAD', 'BLOCK', '0', 'STREAMS', 'm', '$'), resp('EXEC')]));
        expect((await c.readUntil('*1\r\n*-1\r\n')).toString('latin1')).toBe('+OK\r\n+QUEUED\r\n*1\r\n*-1\r\n');
      } finally {
        c.close();
      }
    }
  });
});

// --- What else stream writes do: keyspace events, WATCH, generic key commands ---

/** Run `lines` on one server with every keyspace event on; returns the replies and the events. */
async function eventsOf(port: number, lines: readonly string[]): Promise<{ replies: string[]; events: string }> {
  const main = await RawClient.connect(port);
  const sub = await RawClient.connect(port);
  try {
    await rawReply(main, 'FLUSHALL');
    await rawReply(main, 'CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    sub.write(resp('PSUBSCRIBE', '__keyevent@*'));
    await sub.readUntil('\r\n:1\r\n');
    const replies: string[] = [];
    for (const line of lines) replies.push(await rawReply(main, ...words(line)));
    await rawReply(main, 'PUBLISH', 'done', 'x');
    await sleep(50);
    const events = (await sub.readBytes(1, 300)).toString('latin1');
    await rawReply(main, 'CONFIG', 'SET', 'notify-keyspace-events', '');
    return { replies, events };
  } finally {
    main.close();
    sub.close();
  }
}

const EVENTS = [
  'XADD s 1-1 a 1', 'XADD s 2-1 a 2', 'XADD s MAXLEN 1 3-1 a 3', 'XADD s NOMKSTREAM 4-1 a 4', 'XADD none NOMKSTREAM 1-1 a 1',
  'XTRIM s MAXLEN 0', 'XTRIM s MAXLEN 0', 'XADD s 5-1 a 5', 'XDEL s 5-1', 'XDEL s 5-1', 'XSETID s 9-9',
  'XGROUP CREATE s g $', 'XGROUP CREATE t g $ MKSTREAM', 'XGROUP SETID s g 0', 'XADD s 10-1 a 1',
  'XREADGROUP GROUP g alice STREAMS s >', 'XREADGROUP GROUP g bob STREAMS s >', 'XGROUP CREATECONSUMER s g carol',
  'XCLAIM s g dave 0 10-1', 'XAUTOCLAIM s g erin 0 0', 'XACK s g 10-1', 'XGROUP DELCONSUMER s g carol', 'XGROUP DESTROY s g',
  'TYPE s', 'OBJECT ENCODING s', 'COPY s s2', 'XRANGE s2 - +', 'RENAME s2 s3', 'MOVE s3 1', 'EXPIRE s 100', 'TTL s',
  'DEL t', 'SCAN 0 TYPE stream', 'DEL s', 'EXISTS s',
];

describe.skipIf(!haveRedis)('stream writes beside their replies, as in redis-server 7.0.15', () => {
  it('publish the same keyspace events and replies (XADD, XTRIM, XDEL, XSETID, XGROUP ..., COPY, RENAME, MOVE)', async () => {
    const [mine, theirsOut] = await Promise.all([eventsOf(ours.port, EVENTS), eventsOf(real.port, EVENTS)]);
    expect(mine.replies).toEqual(theirsOut.replies);
    expect(mine.events).toBe(theirsOut.events);
  });

  it('XADD, XDEL and XTRIM abort a transaction watching the key; XSETID and XACK do not', async () => {
    const script = (write: string): readonly string[] => ['XADD w 1-1 a 1', 'XGROUP CREATE w g 0', 'XREADGROUP GROUP g c STREAMS w >', write];
    for (const [write, aborted] of [
      ['XADD w 2-1 a 2', true], ['XDEL w 1-1', true], ['XTRIM w MAXLEN 0', true], ['XSETID w 5-5', false], ['XACK w g 1-1', false],
    ] as const) {
      for (const port of [ours.port, real.port]) {
        const a = await RawClient.connect(port);
        const b = await RawClient.connect(port);
        try {
          await rawReply(a, 'FLUSHALL');
          for (const line of script(write).slice(0, 3)) await rawReply(a, ...words(line));
          await rawReply(a, 'WATCH', 'w');
          await rawReply(b, ...words(write));
          a.write(Buffer.concat([resp('MULTI'), resp('PING'), resp('EXEC')]));
          const reply = (await a.readUntil(aborted ? '*-1\r\n' : '+PONG\r\n')).toString('latin1');
          expect(reply, `${write} on port ${port}`).toBe(aborted ? '+OK\r\n+QUEUED\r\n*-1\r\n' : '+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n');
        } finally {
          a.close();
          b.close();
        }
      }
    }
  });
});

describe('streams through ioredis, as a job queue uses them', () => {
  it('XADD * with MAXLEN ~, a consumer group reader blocked until the next job, XACK, XPENDING', async () => {
    const { Redis } = await import('ioredis');
    const producer = new Redis({ port: ours.port, host: '127.0.0.1', lazyConnect: false });
    const worker = new Redis({ port: ours.port, host: '127.0.0.1', lazyConnect: false });
    try {
      await producer.del('jobs');
      await producer.xgroup('CREATE', 'jobs', 'workers', '$', 'MKSTREAM');
      const read = worker.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', 10, 'BLOCK', 2000, 'STREAMS', 'jobs', '>');
      await sleep(50);
      const id = await producer.xadd('jobs', 'MAXLEN', '~', 1000, '*', 'name', 'email', 'data', '{"to":"a@b"}');
      expect(id).toMatch(/^\d+-\d+$/);
      const got = (await read) as Array<[string, Array<[string, string[]]>]>;
      expect(got).toEqual([['jobs', [[id, ['name', 'email', 'data', '{"to":"a@b"}']]]]]);
      expect(await producer.xpending('jobs', 'workers')).toEqual([1, id, id, [['w1', '1']]]);
      expect(await worker.xack('jobs', 'workers', id as string)).toBe(1);
      expect(await producer.xlen('jobs')).toBe(1);
      expect(await producer.call('TYPE', 'jobs')).toBe('stream');
    } finally {
      producer.disconnect();
      worker.disconnect();
    }
  });
});

describe.skipIf(!haveRedis)('MEMORY USAGE of a stream', () => {
  it('is within 5% of redis-server 7.0.15 (nodes, preallocated tail, rax and PEL overheads)', async () => {
    const usage = async (c: RawClient): Promise<number[]> => {
      await rawReply(c, 'FLUSHALL');
      const out: number[] = [];
      for (const [key, n] of [['small', 10], ['mid', 600]] as const) {
        const parts: Buffer[] = [];
        for (let i = 0; i < n; i++) parts.push(resp('XADD', key, `${1700000000000 + i}-0`, 'field', `value${i}`, 'n', String(i)));
        c.write(Buffer.concat(parts));
        await c.readUntil(`$15\r\n${1700000000000 + n - 1}-0\r\n`);
        await rawReply(c, 'XGROUP', 'CREATE', key, 'g', '0');
        await rawReply(c, 'XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '50', 'STREAMS', key, '>');
        out.push(Number((await rawReply(c, 'MEMORY', 'USAGE', key)).slice(1)));
      }
      return out;
    };
    const mine = await usage(ours.raw);
    const theirsOut = await usage(real.raw);
    for (let i = 0; i < mine.length; i++) {
      expect(Math.abs((mine[i] as number) / (theirsOut[i] as number) - 1), `${mine[i]} vs ${theirsOut[i]}`).toBeLessThan(0.05);
    }
  });
});
