// Database and Keyspace without a server: lookups and their side effects, the expiry boundary,
// slot cursors (SCAN's guarantee), random keys, flush/swap hooks. A frozen Clock throughout.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createString, stringValue, type StringObject } from '../../../src/datatypes/string/string-type.js';
import { createHash } from '../../../src/datatypes/hash/hash-type.js';
import { PointInTimeView } from '../../../src/persistence/point-in-time.js';
import { Keyspace, type KeyspaceStats } from '../../../src/keyspace/keyspace.js';
import type { Database } from '../../../src/keyspace/database.js';
import { Clock, seededRng } from '../../../src/util/clock.js';

const T0 = 1_700_000_000_000;

function setup(databases = 4): { keyspace: Keyspace; clock: Clock; stats: KeyspaceStats; db: Database } {
  const clock = new Clock();
  clock.freeze();
  clock.set(T0);
  const stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  const keyspace = new Keyspace(databases, clock, seededRng(7), stats);
  return { keyspace, clock, stats, db: keyspace.db(0) };
}

const value = (text: string) => createString(Buffer.from(text, 'latin1'));

/** Run a whole SCAN, calling `between` after each step; returns every key met. */
function scanAll(db: Database, count: number, between: (step: number) => void = () => undefined): Set<string> {
  const seen = new Set<string>();
  let cursor = 0;
  let step = 0;
  do {
    const result = db.scan(cursor, count);
    for (const key of result.keys) seen.add(key);
    cursor = result.cursor;
    between(step++);
    if (step > 100_000) throw new Error('scan did not terminate');
  } while (cursor !== 0);
  return seen;
}

describe('Database lookups', () => {
  it('lookupRead counts hits and misses and touches the LRU clock', () => {
    const { db, clock, stats } = setup();
    db.add('k', value('v'));
    const obj = db.peek('k');
    expect(obj?.lru).toBe(Math.floor(T0 / 1000) & 0xffffff);
    clock.advance(5000);
    expect(db.lookupRead('k')).toBe(obj);
    expect(db.lookupRead('missing')).toBeUndefined();
    expect(stats).toMatchObject({ keyspaceHits: 1, keyspaceMisses: 1 });
    expect(obj?.lru).toBe(Math.floor((T0 + 5000) / 1000) & 0xffffff);
  });

  it('lookupReadNoTouch counts hits and misses but leaves the access time alone', () => {
    const { db, clock, stats } = setup();
    db.add('k', value('v'));
    const before = db.peek('k')?.lru;
    clock.advance(60_000);
    expect(db.lookupReadNoTouch('k')).toBeDefined();
    expect(db.lookupReadNoTouch('nope')).toBeUndefined();
    expect(db.peek('k')?.lru).toBe(before);
    expect(stats).toMatchObject({ keyspaceHits: 1, keyspaceMisses: 1 });
  });

  it('lookupWrite and lookupNoTouch count no stats', () => {
    const { db, stats } = setup();
    db.add('k', value('v'));
    db.lookupWrite('k');
    db.lookupWrite('nope');
    db.lookupNoTouch('k');
    expect(stats).toMatchObject({ keyspaceHits: 0, keyspaceMisses: 0 });
  });
});

describe('expiry boundary (keyIsExpired: now > when)', () => {
  it('a key is still there at exactly its expiry time and gone 1 ms later', () => {
    const { db, clock, stats } = setup();
    db.add('k', value('v'));
    db.setExpire('k', T0 + 100);
    clock.advance(100);
    expect(db.isExpired('k')).toBe(false);
    expect(db.lookupRead('k')).toBeDefined();
    clock.advance(1);
    expect(db.isExpired('k')).toBe(true);
    expect(db.size).toBe(1);
    expect(db.lookupRead('k')).toBeUndefined();
    expect(db.size).toBe(0);
    expect(stats.expiredKeys).toBe(1);
  });

  it('isExpired never deletes', () => {
    const { db, clock, stats } = setup();
    db.add('k', value('v'));
    db.setExpire('k', T0 + 1);
    clock.advance(10);
    expect(db.isExpired('k')).toBe(true);
    expect(db.isExpired('k')).toBe(true);
    expect(db.size).toBe(1);
    expect(stats.expiredKeys).toBe(0);
    expect(db.isExpired('no-ttl')).toBe(false);
  });

  it('while expiry is suspended an expired key reads as missing but is kept', () => {
    const { keyspace, db, clock, stats } = setup();
    db.add('k', value('v'));
    db.setExpire('k', T0 + 1);
    clock.advance(10);
    keyspace.activeExpiry = false;
    expect(db.lookupRead('k')).toBeUndefined();
    expect(db.size).toBe(1);
    expect(stats.expiredKeys).toBe(0);
  });
});

describe('Database.scan slot cursors', () => {
  it('returns every key exactly once when nothing changes', () => {
    const { db } = setup();
    for (let i = 0; i < 1000; i++) db.add(`key:${i}`, value('v'));
    const seen: string[] = [];
    let cursor = 0;
    do {
      const step = db.scan(cursor, 7);
      seen.push(...step.keys);
      cursor = step.cursor;
    } while (cursor !== 0);
    expect(seen.length).toBe(1000);
    expect(new Set(seen).size).toBe(1000);
  });

  it('a cursor beyond the last slot ends the walk with no keys', () => {
    const { db } = setup();
    db.add('a', value('v'));
    expect(db.scan(5, 10)).toEqual({ cursor: 0, keys: [] });
    expect(db.scan(Number.MAX_SAFE_INTEGER, 10)).toEqual({ cursor: 0, keys: [] });
  });

  it('every key present for the whole scan is returned, whatever is added and deleted between steps', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(1000)), { maxLength: 200 }),
        fc.integer({ min: 1, max: 12 }),
        (initial, ops, count) => {
          const { db } = setup();
          for (const key of initial) db.add(key, value('v'));
          // Keys at even positions of `initial` are stable; the others may be deleted.
          const stable = initial.filter((_, i) => i % 2 === 0);
          const doomed = initial.filter((_, i) => i % 2 === 1);
          let fresh = 0;
          const seen = scanAll(db, count, (step) => {
            // One mutation per step while the op list lasts (unbounded growth would outrun any scan).
            const op = ops[step];
            if (op === undefined) return;
            const [kind, n] = op;
            if (kind === 0 || kind === 1) {
              for (let i = 0; i <= n % 5; i++) db.add(`new:${fresh++}`, value('v'));
            } else if (doomed.length > 0) {
              const victim = doomed.splice(n % doomed.length, 1)[0] as string;
              db.delete(victim);
              if (kind === 3) db.add(victim, value('again'));
            }
          });
          for (const key of stable) expect(seen.has(key)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Database.randomSlotKey', () => {
  it('is undefined when empty and finds the only key of a sparse table', () => {
    const { db } = setup();
    expect(db.randomSlotKey()).toBeUndefined();
    for (let i = 0; i < 500; i++) db.add(`k${i}`, value('v'));
    for (let i = 0; i < 499; i++) if (i !== 250) db.delete(`k${i}`);
    db.delete('k499');
    expect(db.randomSlotKey()).toBe('k250');
  });

  it('reaches every key', () => {
    const { db } = setup();
    for (let i = 0; i < 20; i++) db.add(`k${i}`, value('v'));
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(db.randomSlotKey() as string);
    expect(seen.size).toBe(20);
  });
});

describe('Keyspace flush and swap', () => {
  it('flushDb empties one database, tells the listeners first, and bumps its generation', () => {
    const { keyspace } = setup();
    keyspace.db(0).add('a', value('1'));
    keyspace.db(0).add('b', value('2'));
    keyspace.db(1).add('c', value('3'));
    const seenSizes: number[] = [];
    keyspace.onDatabaseReplaced((db) => seenSizes.push(db.size));
    const generation = keyspace.db(0).generation;
    expect(keyspace.flushDb(0)).toBe(2);
    expect(seenSizes).toEqual([2]);
    expect(keyspace.db(0).size).toBe(0);
    expect(keyspace.db(1).size).toBe(1);
    expect(keyspace.db(0).generation).not.toBe(generation);
  });

  it('flushAll empties every database and reports the total', () => {
    const { keyspace } = setup();
    keyspace.db(0).add('a', value('1'));
    keyspace.db(3).add('b', value('2'));
    keyspace.db(3).setExpire('b', T0 + 1000);
    let flushed = 0;
    keyspace.onDatabaseReplaced(() => flushed++);
    expect(keyspace.flushAll()).toBe(2);
    expect(flushed).toBe(4);
    expect(keyspace.totalKeys).toBe(0);
    expect(keyspace.db(3).expiresSize).toBe(0);
  });

  it('swap exchanges contents and TTLs, keeps indexes, and tells the listeners about both databases', () => {
    const { keyspace } = setup();
    keyspace.db(0).add('a', value('1'));
    keyspace.db(0).setExpire('a', T0 + 5000);
    keyspace.db(2).add('b', value('2'));
    const swaps: Array<[number, number]> = [];
    keyspace.onDatabaseReplaced((x, y) => swaps.push([x.index, y?.index ?? -1]));
    keyspace.swap(0, 2);
    expect(keyspace.db(0).peek('b')).toBeDefined();
    expect(keyspace.db(2).getExpire('a')).toBe(T0 + 5000);
    expect(keyspace.db(0).index).toBe(0);
    expect(swaps).toEqual([[0, 2], [2, 0]]);
    keyspace.swap(1, 1);
    expect(swaps).toEqual([[0, 2], [2, 0]]);
  });
});

describe('Database.setString (SET and MSET over an existing string rewrite it in place)', () => {
  const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

  it('rewrites the stored object: value and encoding as createString gives them, same SCAN slot, TTL dropped', () => {
    const { db, keyspace } = setup();
    db.set('k', value('first'));
    db.setExpire('k', T0 + 10_000);
    const obj = db.peek('k');
    const slot = db.slotOf('k');
    expect(slot).toBeGreaterThanOrEqual(0);
    for (const [text, encoding] of [['12345', 'int'], ['x'.repeat(44), 'embstr'], ['y'.repeat(45), 'raw'], ['-7', 'int'], ['99999999999999999999', 'embstr'], ['abc', 'embstr']] as const) {
      db.setString('k', bytes(text));
      expect(db.peek('k')).toBe(obj);
      expect(obj?.encoding).toBe(encoding);
      expect(String(obj?.type === 'string' ? obj.value : '')).toBe(encoding === 'int' ? String(Number(text)) : text);
      expect(db.slotOf('k')).toBe(slot);
      expect(keyspace.usedBytes).toBe(keyspace.recount());
    }
    expect(db.getExpire('k')).toBeUndefined();
    db.setExpire('k', T0 + 10_000);
    db.setString('k', bytes('kept'), true);
    expect(db.getExpire('k')).toBe(T0 + 10_000);
    expect(keyspace.usedBytes).toBe(keyspace.recount());
  });

  it('settles a value changed in place earlier in the same command (APPEND, then SET before the re-price)', () => {
    const { db, keyspace } = setup();
    db.set('k', value('abc'));
    keyspace.settleMemory();
    const obj = db.peek('k');
    if (obj?.type !== 'string') throw new Error('not a string');
    obj.encoding = 'raw';
    obj.value = 'abc'.repeat(40); // what APPEND does; the keyspace re-prices it after the command
    db.touchWrite('k');
    db.setString('k', bytes('short'));
    expect(db.peek('k')).toBe(obj);
    expect(keyspace.usedBytes).toBe(keyspace.recount());
  });

  it('resets the LRU clock, but under LFU keeps the access counter (as replacing the value does)', () => {
    const { db, keyspace, clock } = setup();
    db.set('k', value('v'));
    clock.advance(7_000);
    keyspace.refreshClocks();
    db.setString('k', bytes('w'));
    expect(db.peek('k')?.lru).toBe(Math.floor((T0 + 7_000) / 1000) & 0xffffff);
    keyspace.lfuMode = true;
    const field = 0x123405; // some LFU time and a counter of 5
    (db.peek('k') as { lru: number }).lru = field;
    db.setString('k', bytes('x'));
    expect(db.peek('k')?.lru).toBe(field);
  });

  it('replaces a value of another type, and a plain object shaped like a string', () => {
    const { db, keyspace } = setup();
    db.set('hash', createHash());
    db.setString('hash', bytes('now a string'));
    expect(db.peek('hash')?.type).toBe('string');
    const plain = { type: 'string' as const, encoding: 'embstr' as const, value: 'plain', lru: 0 };
    db.set('plain', plain);
    db.setString('plain', bytes('new'));
    expect(db.peek('plain')).not.toBe(plain);
    expect(plain.value).toBe('plain');
    expect(keyspace.usedBytes).toBe(keyspace.recount());
  });

  it('replaces the object instead while a background save holds a point-in-time view, so the view keeps the old value', () => {
    const { db, keyspace } = setup();
    db.set('k', value('before'));
    db.set('n', value('12'));
    const view = new PointInTimeView(keyspace);
    // No lookupWrite first (MSETNX stores without one): setString itself must not touch the view's object.
    db.setString('k', bytes('after'));
    db.setString('n', bytes('13'));
    const frozen = view.dbs[0];
    if (frozen === undefined) throw new Error('no frozen database');
    const seen = new Map(frozen.keys.map((key, i) => [key, view.take(frozen, i)]));
    view.release();
    expect(stringValue(seen.get('k') as StringObject)).toBe('before');
    expect(stringValue(seen.get('n') as StringObject)).toBe('12');
    expect(stringValue(db.peek('k') as StringObject)).toBe('after');
    expect(keyspace.usedBytes).toBe(keyspace.recount());
  });

  it('signals each write once and tells the tracking policy, as set() does', () => {
    const { db, keyspace } = setup();
    const modified: string[] = [];
    keyspace.onKeyModified((_db, key) => modified.push(key));
    db.set('k', value('a'));
    db.setString('k', bytes('b'));
    db.setString('new', bytes('c'));
    expect(modified).toEqual(['k', 'k', 'new']);
  });
});
