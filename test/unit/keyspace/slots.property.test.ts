// SCAN slots stay right through every way a value changes keys: each key owns a slot in its
// database's KeyTable (src/keyspace/key-table.ts), and RENAME and MOVE store one value under two keys
// for a moment (the slot once lived on the value, which made that the hard case), so after any sequence
// of writes, renames, moves, copies, swaps, flushes and expiries a full SCAN of each database must
// return exactly its keys, each once, and deleting every key must free its slot.
// Commands run through their real handlers (an InternalClient).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { InternalClient } from '../../../src/testing/internal-client.js';
import { Clock, seededRng } from '../../../src/util/clock.js';
import { ReplyError } from '../../../src/errors.js';

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const db = fc.constantFrom('0', '1');

/** One step: a command, or SELECT to the other database, or time moving on (PEXPIRE'd keys go). */
const step: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, fc.string({ maxLength: 4 })).map(([k, v]) => ['SET', k, v]),
  key.map((k) => ['SET', k, '12']),
  key.map((k) => ['DEL', k]),
  key.map((k) => ['GETDEL', k]),
  fc.tuple(key, key).map(([s, d]) => ['RENAME', s, d]),
  fc.tuple(key, key).map(([s, d]) => ['RENAMENX', s, d]),
  fc.tuple(key, db).map(([k, d]) => ['MOVE', k, d]),
  fc.tuple(key, key, db).map(([s, d, n]) => ['COPY', s, d, 'DB', n, 'REPLACE']),
  fc.tuple(key, key).map(([s, d]) => ['COPY', s, d]),
  fc.tuple(key, fc.constantFrom('m1', 'm2', '3')).map(([k, m]) => ['SADD', k, m]),
  fc.tuple(key, key).map(([d, s]) => ['SINTERSTORE', d, s]),
  fc.tuple(key, key).map(([d, s]) => ['SUNIONSTORE', d, s, s]),
  fc.tuple(key, key).map(([d, s]) => ['ZUNIONSTORE', d, '2', s, s]),
  fc.tuple(key, fc.constantFrom('x', 'y')).map(([k, v]) => ['RPUSH', k, v]),
  fc.tuple(key, key).map(([s, d]) => ['LMOVE', s, d, 'LEFT', 'RIGHT']),
  key.map((k) => ['PEXPIRE', k, '1']),
  fc.constant<string[]>(['ADVANCE']),
  fc.constant<string[]>(['SWAPDB', '0', '1']),
  fc.constant<string[]>(['FLUSHDB']),
  db.map((n) => ['SELECT', n]),
);

function newServer(): { server: Server; client: InternalClient; clock: Clock } {
  // No save points: with Redis's defaults FLUSHALL saves an RDB, here into the working directory.
  const config = Config.fromObject({ databases: 2, save: '' });
  const clock = new Clock();
  clock.freeze();
  clock.set(1_700_000_000_000);
  const server = new Server(config, { clock, rng: seededRng(3), logSink: () => {} });
  return { server, client: new InternalClient(server), clock };
}

/** Every key SCAN returns for the whole walk of the selected database, in order of return. */
function scanAll(client: InternalClient): string[] {
  const seen: string[] = [];
  let cursor = '0';
  do {
    const reply = client.run('SCAN', cursor, 'COUNT', '3') as [Buffer | string, Array<Buffer | string>];
    cursor = String(reply[0]);
    for (const k of reply[1]) seen.push(String(k));
  } while (cursor !== '0');
  return seen;
}

function checkDatabase(client: InternalClient, index: string): void {
  client.run('SELECT', index);
  const keys = (client.run('KEYS', '*') as Array<Buffer | string>).map(String).sort();
  expect(scanAll(client).sort()).toEqual(keys);
}

describe('SCAN slots through RENAME, MOVE, COPY, SWAPDB and FLUSHDB', () => {
  it('a full SCAN returns each key once after random renames, moves, copies, swaps and expiries', () => {
    const { client, clock } = newServer();
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), (steps) => {
        client.run('FLUSHALL');
        client.run('SELECT', '0');
        let selected = '0';
        for (const argv of steps) {
          if (argv[0] === 'ADVANCE') {
            clock.advance(5);
            continue;
          }
          if (argv[0] === 'SELECT') selected = argv[1] as string;
          try {
            client.run(...argv);
          } catch (err) {
            if (!(err instanceof ReplyError)) throw err;
          }
          checkDatabase(client, '0');
          checkDatabase(client, '1');
          client.run('SELECT', selected);
        }
        // Every key gives its slot back: deleting them all leaves both databases scannable and empty.
        for (const index of ['0', '1']) {
          client.run('SELECT', index);
          for (const k of (client.run('KEYS', '*') as Array<Buffer | string>).map(String)) client.run('DEL', k);
          expect(scanAll(client)).toEqual([]);
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it('MOVE of a key whose slot index is the same in both databases leaves both right', () => {
    const { client } = newServer();
    client.run('SET', 'a', 'in-0');
    client.run('SELECT', '1');
    client.run('SET', 'other', 'x');
    client.run('DEL', 'other');
    client.run('SELECT', '0');
    expect(client.run('MOVE', 'a', '1')).toBe(1);
    checkDatabase(client, '0');
    checkDatabase(client, '1');
    // Overwriting and deleting the moved key uses the slot it has in database 1.
    client.run('SET', 'a', 'new');
    expect(client.run('DEL', 'a')).toBe(1);
    checkDatabase(client, '1');
    expect(scanAll(client)).toEqual([]);
  });
});
