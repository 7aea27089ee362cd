// The stream type without a server: IDs (parsing as string2ull/strtoull do, order up to 2^64-1),
// node boundaries (stream-node-max-entries / -bytes), trims, deletions, ranges, lag bookkeeping,
// and the RDB node codec round trip.

import { describe, expect, it } from 'vitest';
import {
  compareIds, decrId, formatId, incrId, MAX_ID, nextAutoId, parseStreamId, parseUint64, UINT64_MAX, ZERO_ID,
} from '../../../src/datatypes/stream/stream-id.js';
import {
  createStream, duplicateStream, streamAppend, streamDelete, streamLookup, streamRange, streamTrim, type StreamObject,
} from '../../../src/datatypes/stream/stream-type.js';
import {
  ackId, advanceGroup, createConsumer, createGroup, estimateEntriesRead, groupLag, pelInsert, type Consumer,
} from '../../../src/datatypes/stream/consumer-group.js';
import { chunkEntries, idKey } from '../../../src/datatypes/stream/stream-node.js';
import { decodeStreamNode } from '../../../src/persistence/rdb/stream-reader.js';
import { encodeStreamNode } from '../../../src/persistence/rdb/stream-writer.js';

const LIMITS = { maxBytes: 4096, maxEntries: 100 };
const id = (ms: number | bigint, seq: number | bigint = 0) => ({ ms: BigInt(ms), seq: BigInt(seq) });
const u64 = (text: string) => parseUint64(Buffer.from(text, 'latin1'));

function filled(n: number, limits = LIMITS): StreamObject {
  const s = createStream();
  for (let i = 1; i <= n; i++) streamAppend(s, ['f', 'v'], id(i), true, 0, limits);
  return s;
}

describe('stream IDs', () => {
  it('parse numbers as string2ull: strict first, then strtoull (blanks, +, wrapping -), whole text, no overflow', () => {
    expect(u64('0')).toBe(0n);
    expect(u64('18446744073709551615')).toBe(UINT64_MAX);
    expect(u64('18446744073709551616')).toBeUndefined();
    expect(u64('+5')).toBe(5n);
    expect(u64(' 7')).toBe(7n);
    expect(u64('-5')).toBeUndefined();
    expect(u64('-0')).toBe(0n);
    expect(u64('-18446744073709551615')).toBe(1n);
    expect(u64('')).toBeUndefined();
    expect(u64('5 ')).toBeUndefined();
    expect(u64('0x10')).toBeUndefined();
  });

  it('parse -, +, <ms>, <ms>-<seq> and <ms>-* with the missing sequence the caller asks for', () => {
    const p = (text: string, strict = false, auto = false) => parseStreamId(Buffer.from(text), 7n, strict, auto);
    expect(p('-')?.id).toEqual(ZERO_ID);
    expect(p('+')?.id).toEqual(MAX_ID);
    expect(p('-', true)).toBeUndefined();
    expect(p('5')?.id).toEqual(id(5, 7));
    expect(p('5-3')?.id).toEqual(id(5, 3));
    expect(p('5-*')).toBeUndefined();
    expect(p('5-*', true, true)).toEqual({ id: id(5, 0), seqGiven: false });
    expect(p('5-3-1')).toBeUndefined();
    expect(p('x'.repeat(128))).toBeUndefined();
  });

  it('order as one 128-bit number and step across the 64-bit edges', () => {
    expect(compareIds(id(UINT64_MAX - 1n, UINT64_MAX), id(UINT64_MAX, 0))).toBe(-1);
    expect(compareIds(id(3, 2), id(3, 2))).toBe(0);
    expect(incrId(id(1, UINT64_MAX))).toEqual(id(2, 0));
    expect(incrId(MAX_ID)).toBeUndefined();
    expect(decrId(id(2, 0))).toEqual(id(1, UINT64_MAX));
    expect(decrId(ZERO_ID)).toBeUndefined();
    expect(formatId(MAX_ID)).toBe('18446744073709551615-18446744073709551615');
  });

  it('generate `*` from the clock, or the last ID + 1 when the clock is not ahead', () => {
    expect(nextAutoId(id(5, 9), 10)).toEqual(id(10, 0));
    expect(nextAutoId(id(50, 9), 10)).toEqual(id(50, 10));
    expect(nextAutoId(MAX_ID, 10)).toBeUndefined();
  });
});

describe('stream entries and nodes', () => {
  it('appends only above the last ID; <ms>-* continues the sequence of the same ms', () => {
    const s = createStream();
    expect(streamAppend(s, ['a', '1'], id(5, 5), true, 0, LIMITS)).toEqual(id(5, 5));
    expect(streamAppend(s, ['a', '1'], id(5, 5), true, 0, LIMITS)).toBe('id-too-small');
    expect(streamAppend(s, ['a', '1'], id(5), false, 0, LIMITS)).toEqual(id(5, 6));
    expect(streamAppend(s, ['a', '1'], id(6), false, 0, LIMITS)).toEqual(id(6, 0));
    expect(s.length).toBe(3);
    expect(s.entriesAdded).toBe(3n);
  });

  it('opens a new node at stream-node-max-entries (live + deleted) entries', () => {
    const s = filled(250);
    expect(s.chunks.map((c) => c.count)).toEqual([100, 100, 50]);
    streamDelete(s, id(250));
    for (let i = 251; i <= 302; i++) streamAppend(s, ['f', 'v'], id(i), true, 0, LIMITS);
    // 49 live + 1 deleted fill the third node to 100 entries.
    expect(s.chunks.map((c) => c.count + c.deleted)).toEqual([100, 100, 100, 2]);
  });

  it('opens a new node when the listpack would reach stream-node-max-bytes', () => {
    const s = createStream();
    for (let i = 1; i <= 20; i++) streamAppend(s, ['f', 'y'.repeat(300)], id(i), true, 0, LIMITS);
    expect(s.chunks.length).toBeGreaterThan(1);
    for (const c of s.chunks) expect(c.bytes).toBeLessThan(4096 + 310);
  });

  it('trims approximately by whole nodes only, exactly inside the first node', () => {
    const s = filled(250);
    expect(streamTrim(s, { strategy: 'maxlen', maxlen: 120, minid: ZERO_ID, approx: true, limit: 10000 })).toBe(100);
    expect(streamTrim(s, { strategy: 'maxlen', maxlen: 120, minid: ZERO_ID, approx: true, limit: 10000 })).toBe(0);
    expect(streamTrim(s, { strategy: 'maxlen', maxlen: 120, minid: ZERO_ID, approx: false, limit: 0 })).toBe(30);
    expect(s.firstId).toEqual(id(131));
    expect(s.chunks[0]?.deleted).toBe(30);
    expect(streamTrim(s, { strategy: 'minid', maxlen: 0, minid: id(240), approx: false, limit: 0 })).toBe(109);
    expect(s.length).toBe(11);
  });

  it('an approximate trim stops at LIMIT', () => {
    const s = filled(250);
    expect(streamTrim(s, { strategy: 'maxlen', maxlen: 0, minid: ZERO_ID, approx: true, limit: 150 })).toBe(100);
  });

  it('deletes keep max_deleted_entry_id and the first ID; ranges walk both ways with bounds', () => {
    const s = filled(10);
    expect(streamDelete(s, id(1))).toBe(true);
    expect(streamDelete(s, id(1))).toBe(false);
    expect(streamDelete(s, id(5))).toBe(true);
    expect(s.firstId).toEqual(id(2));
    expect(s.maxDeletedId).toEqual(id(5));
    expect(streamRange(s, id(3), id(7), false, 0).map((e) => formatId(e.id))).toEqual(['3-0', '4-0', '6-0', '7-0']);
    expect(streamRange(s, id(3), id(7), true, 2).map((e) => formatId(e.id))).toEqual(['7-0', '6-0']);
    expect(streamRange(s, ZERO_ID, MAX_ID, true, 1).map((e) => formatId(e.id))).toEqual(['10-0']);
    expect(streamLookup(s, id(5))).toBeUndefined();
    expect(streamLookup(s, id(6))?.fields).toEqual(['f', 'v']);
  });
});

describe('consumer group bookkeeping', () => {
  it('counts entries read and lag while no XDEL fragments the stream, and gives up (null lag) after one', () => {
    const s = filled(5);
    const g = createGroup(s, 'g', ZERO_ID, 0n);
    if (g === undefined) throw new Error('group');
    expect(groupLag(s, g)).toBe(5n);
    advanceGroup(s, g, id(1));
    advanceGroup(s, g, id(2));
    expect(g.entriesRead).toBe(2n);
    expect(groupLag(s, g)).toBe(3n);
    streamDelete(s, id(4));
    expect(groupLag(s, g)).toBeUndefined();
    expect(estimateEntriesRead(s, id(5))).toBe(5n);
  });

  it('acknowledging removes the entry from the group and consumer PELs', () => {
    const s = filled(3);
    const g = createGroup(s, 'g', ZERO_ID, 0n);
    if (g === undefined) throw new Error('group');
    const c = createConsumer(g, 'alice', 0) as Consumer;
    for (const n of [2, 1, 3]) {
      const nack = { id: id(n), consumer: c, deliveryTime: 0, deliveryCount: 1 };
      pelInsert(g.pel, nack);
      pelInsert(c.pel, nack);
    }
    expect(g.pel.map((n) => formatId(n.id))).toEqual(['1-0', '2-0', '3-0']);
    expect(ackId(g, id(2))).toBe(true);
    expect(ackId(g, id(2))).toBe(false);
    expect(c.pel.map((n) => formatId(n.id))).toEqual(['1-0', '3-0']);
  });
});

describe('one big node', () => {
  it('with node limits off, a node grows past 64 KB (appends left as a rope longer) and reads stay right', () => {
    const s = createStream();
    const open = { maxBytes: 0, maxEntries: 0 };
    for (let i = 1; i <= 6000; i++) streamAppend(s, ['field', `value-${i}-${'x'.repeat(i % 40)}`], id(i), true, 0, open);
    expect(s.chunks).toHaveLength(1);
    expect((s.chunks[0] as { lp: string }).lp.length).toBeGreaterThan(3 * 65536);
    expect(streamRange(s, ZERO_ID, MAX_ID, false, 0).map((e) => e.id.ms)).toEqual(Array.from({ length: 6000 }, (_, i) => BigInt(i + 1)));
    expect(streamRange(s, id(5990), MAX_ID, true, 3).map((e) => formatId(e.id))).toEqual(['6000-0', '5999-0', '5998-0']);
    expect(streamLookup(s, id(4321))?.fields).toEqual(['field', `value-4321-${'x'.repeat(4321 % 40)}`]);
  });
});

describe('copies', () => {
  it('COPY\'s duplicate shares node strings but not nodes: writes to one leave the other alone', () => {
    const s = filled(150);
    const copy = duplicateStream(s, (g) => g);
    streamDelete(copy, id(150));
    streamDelete(copy, id(3));
    streamAppend(copy, ['g', 'w'], id(151), true, 0, LIMITS);
    streamTrim(copy, { strategy: 'maxlen', maxlen: 100, minid: ZERO_ID, approx: false, limit: 0 });
    expect(streamRange(s, ZERO_ID, MAX_ID, false, 0).map((e) => formatId(e.id))).toEqual(
      Array.from({ length: 150 }, (_, i) => `${i + 1}-0`),
    );
    expect(s.chunks.map((c) => [c.count, c.deleted])).toEqual([[100, 0], [50, 0]]);
    expect(copy.length).toBe(100);
    expect(streamLookup(copy, id(151))?.fields).toEqual(['g', 'w']);
    expect(streamLookup(s, id(151))).toBeUndefined();
  });
});

describe('the RDB node codec', () => {
  it('round-trips a node: master fields, same-field entries, other fields, big ID deltas', () => {
    const s = createStream();
    streamAppend(s, ['a', '1', 'b', '2'], id(5, 1), true, 0, LIMITS);
    streamAppend(s, ['a', '3', 'b', '4'], id(5, 9), true, 0, LIMITS);
    streamAppend(s, ['x', '-7'], id(UINT64_MAX, 0), true, 0, LIMITS);
    const chunk = s.chunks[0];
    if (chunk === undefined) throw new Error('chunk');
    const blob = encodeStreamNode(chunk);
    const back = decodeStreamNode(chunk.masterId, blob);
    expect(chunkEntries(back)).toEqual(chunkEntries(chunk));
    expect(chunkEntries(back)).toEqual([
      { id: id(5, 1), fields: ['a', '1', 'b', '2'] }, { id: id(5, 9), fields: ['a', '3', 'b', '4'] },
      { id: id(UINT64_MAX, 0), fields: ['x', '-7'] },
    ]);
    expect(back.lp).toBe(chunk.lp);
    expect(back.payload).toBe(chunk.payload);
    expect(back.masterFields).toEqual(['a', 'b']);
    expect(back.bytes).toBe(chunk.bytes);
  });
});

describe('node sizes', () => {
  it('a node\'s byte count is its listpack\'s exact size (what stream-node-max-bytes compares)', async () => {
    const { listpackEntrySize } = await import('../../../src/persistence/rdb/listpack.js');
    const { lpElementBytes } = await import('../../../src/datatypes/stream/stream-type.js');
    const samples = ['', '0', '127', '128', '-1', '4095', '-4096', '4096', '32767', '-32769', '8388607', '8388608',
      '2147483647', '2147483648', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '007', '+1',
      'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(127), 'x'.repeat(4095), 'x'.repeat(4096), 'x'.repeat(20000)];
    for (const text of samples) expect(lpElementBytes(text), JSON.stringify(text.slice(0, 20))).toBe(listpackEntrySize(text));
    const s = createStream();
    const big = { maxBytes: 1 << 20, maxEntries: 1000 };
    let i = 0;
    for (const fields of [['a', '1'], ['a', '2'], ['b', 'x'.repeat(70)], ['a', '-5', 'c', '300'], ['a', 'y'.repeat(200)]]) {
      for (let k = 0; k < 30; k++) streamAppend(s, fields, id(1000 + i * 977, i % 5), true, 0, big), i++;
    }
    const chunk = s.chunks[0];
    if (chunk === undefined) throw new Error('chunk');
    const { streamNodeBytes } = await import('../../../src/datatypes/stream/stream-type.js');
    expect(streamNodeBytes(chunk)).toBe(encodeStreamNode(chunk).length);
  });
});

describe('corrupt stream payloads', () => {
  it('are refused as format errors, never as crashes (each byte of a DUMP body flipped, checksum fixed)', async () => {
    const { dumpPayload, restorePayload } = await import('../../../src/persistence/rdb/dump.js');
    const { RdbFormatError } = await import('../../../src/persistence/rdb/rdb-reader.js');
    const { crc64 } = await import('../../../src/persistence/rdb/crc64.js');
    const s = filled(150);
    const g = createGroup(s, 'g', id(3), 3n);
    if (g === undefined) throw new Error('group');
    const c = createConsumer(g, 'alice', 5) as Consumer;
    const nack = { id: id(2), consumer: c, deliveryTime: 7, deliveryCount: 2 };
    pelInsert(g.pel, nack);
    pelInsert(c.pel, nack);
    const good = dumpPayload(s, false);
    expect(restorePayload(good).type).toBe('stream');
    let refused = 0;
    for (let i = 1; i < good.length - 10; i++) {
      const bad = Buffer.from(good);
      bad[i] = (bad[i] as number) ^ 0x5a;
      bad.writeBigUInt64LE(crc64(bad, 0, bad.length - 8), bad.length - 8);
      try {
        restorePayload(bad);
      } catch (err) {
        expect(err instanceof RdbFormatError, `byte ${i}: ${String(err)}`).toBe(true);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });
});

describe('packed nodes against a plain array of entries', () => {
  it('compare a bound that leaves the prefix a node\'s keys share at the char where it leaves it', () => {
    // Keys of ms 256..300 share their first 7 bytes; bounds of ms 1 and 512 differ from them at byte 6.
    const s = createStream();
    for (let ms = 256; ms <= 300; ms++) streamAppend(s, ['f', String(ms)], id(ms), true, 0, LIMITS);
    expect(streamRange(s, id(1), MAX_ID, false, 0)).toHaveLength(45);
    expect(streamRange(s, ZERO_ID, id(512), false, 0)).toHaveLength(45);
    expect(streamRange(s, id(1), id(512), true, 0)).toHaveLength(45);
    expect(streamRange(s, id(257), id(512), false, 2).map((e) => formatId(e.id))).toEqual(['257-0', '258-0']);
  });

  /** A seeded LCG, so a failure replays. */
  function rng(seed: number): (n: number) => number {
    let x = seed;
    return (n) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
  }

  it('appends, deletes, exact trims, ranges both ways, lookups and payload agree with the model (big IDs, big nodes)', () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const s = createStream();
      const model: Array<{ id: ReturnType<typeof id>; fields: string[] }> = [];
      // IDs around 2^53 and 2^64 - 1 exercise both key encodings; big values make rope-mode (2 KB+) nodes.
      let ms = seed === 3 ? UINT64_MAX - 5000n : seed === 2 ? 9007199254740000n : 1764000000000n;
      const limits = seed === 1 ? LIMITS : { maxBytes: 1 << 16, maxEntries: 0 };
      const value = (): string => 'v'.repeat(r(3) === 0 ? 70 + r(200) : r(20));
      const fieldsOf = (): string[] => {
        if (r(4) === 0) return ['other', value(), 'x', value(), 'y', ''];
        return r(2) === 0 ? ['a', value(), 'b', value()] : ['a', value()];
      };
      for (let step = 0; step < 1500; step++) {
        const op = r(20);
        if (op < 12) {
          ms += BigInt(r(3));
          const last = model[model.length - 1]?.id;
          const seq = last !== undefined && last.ms === ms ? last.seq + 1n : BigInt(r(2) * 7);
          const fields = fieldsOf();
          expect(streamAppend(s, fields, id(ms, seq), true, 0, limits)).toEqual(id(ms, seq));
          model.push({ id: id(ms, seq), fields });
        } else if (op < 15 && model.length > 0) {
          const i = r(model.length);
          expect(streamDelete(s, (model[i] as { id: ReturnType<typeof id> }).id)).toBe(true);
          model.splice(i, 1);
        } else if (op === 15 && model.length > 0) {
          const maxlen = Math.max(0, model.length - r(40));
          const removed = streamTrim(s, { strategy: 'maxlen', maxlen, minid: ZERO_ID, approx: false, limit: 0 });
          expect(removed).toBe(model.length - maxlen);
          model.splice(0, removed);
        } else {
          const a = model[r(model.length + 1)]?.id ?? ZERO_ID;
          const b = model[r(model.length + 1)]?.id ?? MAX_ID;
          const [lo, hi] = compareIds(a, b) <= 0 ? [a, b] : [b, a];
          const count = r(3) === 0 ? 0 : 1 + r(30);
          const inRange = model.filter((e) => compareIds(e.id, lo) >= 0 && compareIds(e.id, hi) <= 0);
          const rev = r(2) === 0;
          const expected = rev ? inRange.reverse() : inRange;
          expect(streamRange(s, lo, hi, rev, count)).toEqual(count === 0 ? expected : expected.slice(0, count));
          const probe = model[r(model.length + 1)];
          if (probe !== undefined) expect(streamLookup(s, probe.id)).toEqual(probe);
        }
        expect(s.length).toBe(model.length);
      }
      expect(s.firstId).toEqual(model[0]?.id ?? ZERO_ID);
      let payload = 0;
      for (const e of model) for (const f of e.fields) payload += f.length;
      expect(s.payloadBytes).toBe(payload);
      expect(s.chunks.reduce((n, c) => n + c.payload, 0)).toBe(payload);
      expect(s.chunks.flatMap((c) => chunkEntries(c))).toEqual(model);
      // Each node's last key is its last live entry's.
      for (const c of s.chunks) {
        const entries = chunkEntries(c);
        expect(c.count).toBe(entries.length);
        expect(c.lastKey).toBe(idKey((entries[entries.length - 1] as { id: ReturnType<typeof id> }).id));
      }
    }
  });
});
