// The chunked slot array behind SCAN cursors (src/keyspace/slots.ts SlotArray), checked against a
// plain JS array across chunk boundaries (8,192 slots a chunk), and a database's SCAN over enough
// keys to span several chunks while keys come and go.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotArray } from '../../../src/keyspace/slots.js';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { createString } from '../../../src/datatypes/string/string-type.js';

const CHUNK = 8192;

describe('SlotArray', () => {
  it('reads, writes and truncates like a plain array across chunk boundaries', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 3 * CHUNK }) }),
      fc.record({ kind: fc.constant('free' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const slots = new SlotArray();
        const model: Array<string | undefined> = [];
        for (const o of ops) {
          if (o.kind === 'push') {
            for (let i = 0; i < o.count; i++) {
              const key = `k${model.length}`;
              slots.set(model.length, key);
              model.push(key);
            }
          } else if (model.length > 0) {
            const at = o.at % model.length;
            if (o.kind === 'free') {
              slots.set(at, undefined);
              model[at] = undefined;
            } else {
              // The table only truncates past free slots: free them first, as release() does.
              for (let i = at; i < model.length; i++) slots.set(i, undefined);
              slots.truncate(at);
              model.length = at;
            }
          }
          expect(slots.length).toBe(model.length);
        }
        for (const i of [0, CHUNK - 1, CHUNK, 2 * CHUNK + 5, model.length - 1, model.length, model.length + CHUNK]) {
          if (i >= 0) expect(slots.get(i)).toBe(model[i]);
        }
        for (let i = 0; i < model.length; i += 997) expect(slots.get(i)).toBe(model[i]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('SCAN over several chunks of slots', () => {
  it('returns every key present for the whole scan, with keys deleted and added on the way', () => {
    const server = new Server(Config.fromObject({ port: 0, save: '' }), { logSink: () => {} });
    const db = server.keyspace.db(0);
    const n = 3 * CHUNK + 100;
    for (let i = 0; i < n; i++) db.add(`key:${i}`, createString(`v${i}`));
    // Free the tail (trimmed off the end) and a stripe in the middle (reused by new keys).
    for (let i = n - 2 * CHUNK; i < n; i++) db.delete(`key:${i}`);
    for (let i = 100; i < 200; i++) db.delete(`key:${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let steps = 0;
    do {
      const step = db.scan(cursor, 500);
      for (const key of step.keys) seen.add(key);
      cursor = step.cursor;
      if (steps++ === 3) for (let i = 0; i < 300; i++) db.add(`late:${i}`, createString('x'));
    } while (cursor !== 0);
    for (let i = 0; i < n - 2 * CHUNK; i++) {
      if (i >= 100 && i < 200) continue;
      expect(seen.has(`key:${i}`)).toBe(true);
    }
    expect(seen.has(`key:${n - 1}`)).toBe(false);
    expect(db.size).toBe(n - 2 * CHUNK - 100 + 300);
    expect(db.randomSlotKey()).toBeDefined();
  });
});
