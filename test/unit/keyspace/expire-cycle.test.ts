// The active expiry cycle with a frozen clock: keys past their TTL are reclaimed without anyone
// reading them, expired_keys counts them, and the cycle samples rather than scanning everything.

import { describe, expect, it } from 'vitest';
import { createString } from '../../../src/datatypes/string/string-type.js';
import { ActiveExpireCycle } from '../../../src/keyspace/expire-cycle.js';
import { Keyspace, type KeyspaceStats } from '../../../src/keyspace/keyspace.js';
import { Clock, seededRng } from '../../../src/util/clock.js';

const T0 = 1_700_000_000_000;
const HZ = 10;

function setup(databases = 2): { keyspace: Keyspace; clock: Clock; stats: KeyspaceStats; cycle: ActiveExpireCycle } {
  const clock = new Clock();
  clock.freeze();
  clock.set(T0);
  const stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  const keyspace = new Keyspace(databases, clock, seededRng(1), stats);
  return { keyspace, clock, stats, cycle: new ActiveExpireCycle(keyspace) };
}

const value = () => createString(Buffer.from('v'));

describe('ActiveExpireCycle', () => {
  it('removes keys past their TTL without a read and counts them in expired_keys', () => {
    const { keyspace, clock, stats, cycle } = setup();
    const db = keyspace.db(0);
    for (let i = 0; i < 100; i++) {
      db.add(`k${i}`, value());
      db.setExpire(`k${i}`, T0 + 1000);
    }
    db.add('persistent', value());
    expect(cycle.run(HZ)).toBe(0);
    clock.advance(1000);
    // At exactly the expiry time the keys are still alive (Redis: now > when).
    expect(cycle.run(HZ)).toBe(0);
    clock.advance(1);
    expect(cycle.run(HZ)).toBe(100);
    expect(db.size).toBe(1);
    expect(db.expiresSize).toBe(0);
    expect(stats.expiredKeys).toBe(100);
    expect(stats.keyspaceHits + stats.keyspaceMisses).toBe(0);
  });

  it('reports each expired key to the keyspace listeners', () => {
    const { keyspace, clock, cycle } = setup();
    const expired: string[] = [];
    keyspace.onKeyExpired((db, key) => expired.push(`${db.index}:${key}`));
    keyspace.db(1).add('a', value());
    keyspace.db(1).setExpire('a', T0 + 10);
    clock.advance(11);
    cycle.run(HZ);
    expect(expired).toEqual(['1:a']);
  });

  it('samples: with few expired keys one run tests a batch and the cursor moves on between runs', () => {
    const { keyspace, clock, stats, cycle } = setup(1);
    const db = keyspace.db(0);
    // 1000 keys with a TTL; only the 500th in insertion order is due.
    for (let i = 0; i < 1000; i++) {
      db.add(`k${i}`, value());
      db.setExpire(`k${i}`, i === 500 ? T0 + 10 : T0 + 3_600_000);
    }
    clock.advance(11);
    let runs = 0;
    while (stats.expiredKeys === 0 && runs < 1000) {
      cycle.run(HZ);
      runs++;
    }
    // 20 keys per batch (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP), stopping after a batch with no
    // expired key: the 501st key is in the 26th batch.
    expect(runs).toBe(26);
    expect(db.has('k500')).toBe(false);
    expect(db.size).toBe(999);
  });

  it('keeps going while a batch is mostly expired', () => {
    const { keyspace, clock, stats, cycle } = setup(1);
    const db = keyspace.db(0);
    for (let i = 0; i < 400; i++) {
      db.add(`k${i}`, value());
      db.setExpire(`k${i}`, T0 + 10);
    }
    clock.advance(11);
    cycle.run(HZ);
    expect(stats.expiredKeys).toBe(400);
  });

  it('does nothing while disabled (DEBUG SET-ACTIVE-EXPIRE 0)', () => {
    const { keyspace, clock, cycle } = setup();
    keyspace.db(0).add('a', value());
    keyspace.db(0).setExpire('a', T0 + 10);
    clock.advance(11);
    cycle.enabled = false;
    expect(cycle.run(HZ)).toBe(0);
    expect(keyspace.db(0).size).toBe(1);
    cycle.enabled = true;
    expect(cycle.run(HZ)).toBe(1);
  });

  it('starts over on a flushed or swapped database instead of walking the old dictionary', () => {
    const { keyspace, clock, stats, cycle } = setup(2);
    const db0 = keyspace.db(0);
    for (let i = 0; i < 100; i++) {
      db0.add(`old${i}`, value());
      db0.setExpire(`old${i}`, T0 + 3_600_000);
    }
    cycle.run(HZ); // leaves a cursor inside db 0's old expires map
    keyspace.flushDb(0);
    db0.add('fresh', value());
    db0.setExpire('fresh', T0 + 10);
    clock.advance(11);
    cycle.run(HZ);
    expect(stats.expiredKeys).toBe(1);
    expect(db0.size).toBe(0);

    // After SWAPDB, db 1 holds what db 0 had: its due key is found.
    keyspace.db(1).add('b', value());
    keyspace.db(1).setExpire('b', T0 + 3_600_000);
    cycle.run(HZ);
    db0.add('c', value());
    db0.setExpire('c', T0 + 20);
    keyspace.swap(0, 1);
    clock.advance(10);
    cycle.run(HZ);
    expect(keyspace.db(1).has('c')).toBe(false);
    expect(stats.expiredKeys).toBe(2);
    expect(keyspace.db(0).size).toBe(1);
  });
});
