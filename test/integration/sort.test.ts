// SORT and SORT_RO over a raw socket: every reply byte, as transcripts read off redis-server 7.0.15 (each line ran
// there in this order, starting from FLUSHALL), then what a transcript cannot show: keyspace events, keyspace
// hits and misses of the BY/GET lookups, the dirty count, WATCH, denyoom, RESP3 nulls, MULTI, the AOF record and
// memory accounting after SORT converts a sorted set. Each expectation was observed on redis-server 7.0.15.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { partialSort } from '../../src/datatypes/geo/partial-sort.js';
import { PointInTimeView, type FrozenDb } from '../../src/persistence/point-in-time.js';
import { RawClient, rawReply } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ ioredis: true });

type Transcript = ReadonlyArray<readonly [readonly string[], string]>;

/** Arguments are written byte for byte (latin1), so '\xff' is one byte as in the transcript. */
const latin1 = (arg: string): Buffer => Buffer.from(arg, 'latin1');

async function replay(transcript: Transcript): Promise<void> {
  for (const [argv, expected] of transcript) {
    expect(await rawReply(ours.raw, ...argv.map(latin1)), argv.join(' ')).toBe(expected);
  }
}

/** Options on a list: ASC/DESC, LIMIT clamping, parse errors before the lookup, BY/GET patterns, STORE. */
const LIST_OPTIONS: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'l', '3', '1', '2', '5', '4'], ':5\r\n'],
  [['SORT', 'l'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'asc'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'desc'], '*5\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'DESC', 'ASC'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'LIMIT', '1', '2'], '*2\r\n$1\r\n2\r\n$1\r\n3\r\n'],
  [['SORT', 'l', 'LIMIT', '0', '-1'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'LIMIT', '-5', '2'], '*2\r\n$1\r\n1\r\n$1\r\n2\r\n'],
  [['SORT', 'l', 'LIMIT', '3', '100'], '*2\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'LIMIT', '5', '1'], '*0\r\n'],
  [['SORT', 'l', 'LIMIT', '100', '1'], '*0\r\n'],
  [['SORT', 'l', 'LIMIT', '2', '0'], '*0\r\n'],
  [['SORT', 'l', 'LIMIT', '-1', '-1'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'LIMIT', '9223372036854775807', '9223372036854775807'], '*0\r\n'],
  [['SORT', 'l', 'LIMIT', '-9223372036854775808', '-9223372036854775808'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'LIMIT', '1', '2', 'DESC'], '*2\r\n$1\r\n4\r\n$1\r\n3\r\n'],
  [['SORT', 'l', 'LIMIT', '1', '2', 'LIMIT', '0', '1'], '*1\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'LIMIT', '1'], '-ERR syntax error\r\n'],
  [['SORT', 'l', 'LIMIT'], '-ERR syntax error\r\n'],
  [['SORT', 'l', 'LIMIT', 'x', '1'], '-ERR value is not an integer or out of range\r\n'],
  [['SORT', 'l', 'LIMIT', '1', 'y'], '-ERR value is not an integer or out of range\r\n'],
  [['SORT', 'l', 'LIMIT', '1.5', '1'], '-ERR value is not an integer or out of range\r\n'],
  [['SORT', 'l', 'LIMIT', '9223372036854775808', '1'], '-ERR value is not an integer or out of range\r\n'],
  [['SORT', 'l', 'FOO'], '-ERR syntax error\r\n'],
  [['SORT', 'l', 'BY'], '-ERR syntax error\r\n'],
  [['SORT', 'l', 'GET'], '-ERR syntax error\r\n'],
  [['SORT', 'l', 'STORE'], '-ERR syntax error\r\n'],
  [['SORT_RO', 'l', 'STORE', 'd'], '-ERR syntax error\r\n'],
  [['SORT_RO', 'l', 'DESC', 'LIMIT', '0', '2'], '*2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
  [['SORT', 'l', 'LIMIT', 'x', '1', 'FOO'], '-ERR value is not an integer or out of range\r\n'],
  [['SORT', 'l', 'FOO', 'LIMIT', 'x', '1'], '-ERR syntax error\r\n'],
  [['SET', 'str', 'v'], '+OK\r\n'],
  [['SORT', 'str'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['SORT', 'str', 'FOO'], '-ERR syntax error\r\n'],
  [['SORT', 'str', 'LIMIT', 'x', '1'], '-ERR value is not an integer or out of range\r\n'],
  [['HSET', 'h', 'f', 'v'], ':1\r\n'],
  [['SORT', 'h'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['SORT', 'nokey'], '*0\r\n'],
  [['SORT', 'nokey', 'STORE', 'd'], ':0\r\n'],
  [['SORT', 'nokey', 'LIMIT', '0', '5'], '*0\r\n'],
  [['SORT', 'nokey', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '5'], '*0\r\n'],
  [['SORT_RO', 'nokey'], '*0\r\n'],
  [['SORT', 'l', 'BY', 'nosort'], '*5\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'DESC'], '*5\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2'], '*2\r\n$1\r\n1\r\n$1\r\n2\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'], '*2\r\n$1\r\n5\r\n$1\r\n2\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '4', '10'], '*1\r\n$1\r\n3\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'LIMIT', '5', '10'], '*0\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'LIMIT', '-3', '2'], '*2\r\n$1\r\n3\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'ALPHA'], '*5\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
  [['SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'], '*5\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'BY', 'nosort'], '*5\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
  [['MSET', 'w_1', '50', 'w_2', '40', 'w_3', '30', 'w_4', '20', 'w_5', '10'], '+OK\r\n'],
  [['SORT', 'l', 'BY', 'w_*'], '*5\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'DESC'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'LIMIT', '1', '2'], '*2\r\n$1\r\n4\r\n$1\r\n3\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*'], '*10\r\n$1\r\n5\r\n$2\r\n10\r\n$1\r\n4\r\n$2\r\n20\r\n$1\r\n3\r\n$2\r\n30\r\n$1\r\n2\r\n$2\r\n40\r\n$1\r\n1\r\n$2\r\n50\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'GET', 'w_*', 'LIMIT', '0', '2', 'DESC'], '*2\r\n$2\r\n50\r\n$2\r\n40\r\n'],
  [['SORT', 'l', 'GET', 'nope_*'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', '#', 'GET', 'nope_*', 'LIMIT', '0', '2'], '*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'w_'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'w_*_*'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SET', 'w_1_*', 'odd'], '+OK\r\n'],
  [['SORT', 'l', 'GET', 'w_*_*', 'LIMIT', '0', '1'], '*1\r\n$3\r\nodd\r\n'],
  [['SORT', 'l', 'GET', '##'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', '#', 'GET', '#'], '*10\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n5\r\n'],
  [['DEL', 'w_3'], ':1\r\n'],
  [['SORT', 'l', 'BY', 'w_*'], '*5\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA'], '*5\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n3\r\n'],
  [['SET', 'w_2', 'abc'], '+OK\r\n'],
  [['SORT', 'l', 'BY', 'w_*'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA'], '*5\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n'],
  [['RPUSH', 'w_4', 'x'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA'], '*5\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n1\r\n$1\r\n2\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'GET', 'w_*'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['HSET', 'hh_1', 'f', '30', 'g', 'a'], ':2\r\n'],
  [['HSET', 'hh_2', 'f', '10', 'g', 'b'], ':2\r\n'],
  [['HSET', 'hh_3', 'f', '20'], ':1\r\n'],
  [['SORT', 'l', 'BY', 'hh_*->f', 'GET', '#', 'GET', 'hh_*->g', 'GET', 'hh_*->f'], '*15\r\n$1\r\n4\r\n$-1\r\n$-1\r\n$1\r\n5\r\n$-1\r\n$-1\r\n$1\r\n2\r\n$1\r\nb\r\n$2\r\n10\r\n$1\r\n3\r\n$-1\r\n$2\r\n20\r\n$1\r\n1\r\n$1\r\na\r\n$2\r\n30\r\n'],
  [['SORT', 'l', 'BY', 'hh_*->f', 'DESC', 'LIMIT', '0', '3'], '*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n2\r\n'],
  [['SORT', 'l', 'BY', 'hh_*->nofield', 'GET', 'hh_*->'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SET', 'hh_4->', 'k'], '+OK\r\n'],
  [['SORT', 'l', 'GET', 'hh_*->'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\nk\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'hh_*->f->g'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'hh->_*'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'w_*->f'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['SORT', 'l', 'GET', 'hh_*->f', 'STORE', 'dst'], ':5\r\n'],
  [['LRANGE', 'dst', '0', '-1'], '*5\r\n$2\r\n30\r\n$2\r\n10\r\n$2\r\n20\r\n$0\r\n\r\n$0\r\n\r\n'],
  [['TYPE', 'dst'], '+list\r\n'],
  [['SORT', 'l', 'STORE', 'dst'], ':5\r\n'],
  [['LRANGE', 'dst', '0', '-1'], '*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['OBJECT', 'ENCODING', 'dst'], '$9\r\nquicklist\r\n'],
  [['SORT', 'l', 'LIMIT', '9', '9', 'STORE', 'dst'], ':0\r\n'],
  [['EXISTS', 'dst'], ':0\r\n'],
  [['SORT', 'l', 'LIMIT', '9', '9', 'STORE', 'dst'], ':0\r\n'],
  [['SET', 'dst', 'string'], '+OK\r\n'],
  [['SORT', 'l', 'STORE', 'dst', 'LIMIT', '0', '1', 'DESC'], ':1\r\n'],
  [['LRANGE', 'dst', '0', '-1'], '*1\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'GET', '#', 'GET', 'nothere', 'STORE', 'dst'], ':10\r\n'],
  [['LRANGE', 'dst', '0', '-1'], '*10\r\n$1\r\n1\r\n$0\r\n\r\n$1\r\n2\r\n$0\r\n\r\n$1\r\n3\r\n$0\r\n\r\n$1\r\n4\r\n$0\r\n\r\n$1\r\n5\r\n$0\r\n\r\n'],
  [['SORT', 'l', 'STORE', 'l', 'DESC'], ':5\r\n'],
  [['LRANGE', 'l', '0', '-1'], '*5\r\n$1\r\n5\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'l', 'STORE', 'a', 'STORE', 'b'], ':5\r\n'],
  [['EXISTS', 'a', 'b'], ':1\r\n'],];

/** Sets (forced ALPHA when BY nosort meets STORE or a script), sorted sets (BY nosort keeps score order, and SORT
 * converts a listpack sorted set to a skiplist), scripts. */
const SETS_AND_ZSETS: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['ZADD', 'z', '1', 'c', '2', 'b', '3', 'a', '4', 'e', '5', 'd'], ':5\r\n'],
  [['OBJECT', 'ENCODING', 'z'], '$8\r\nlistpack\r\n'],
  [['SORT', 'z', 'ALPHA'], '*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'],
  [['OBJECT', 'ENCODING', 'z'], '$8\r\nskiplist\r\n'],
  [['SORT', 'z'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'z', 'BY', 'nosort'], '*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\ne\r\n$1\r\nd\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'DESC'], '*5\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'], '*2\r\n$1\r\nb\r\n$1\r\na\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'], '*2\r\n$1\r\ne\r\n$1\r\na\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '4', '5'], '*1\r\n$1\r\nc\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'LIMIT', '5', '5'], '*0\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'LIMIT', '-2', '1'], '*1\r\n$1\r\nc\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'GET', '#', 'GET', 'k_*'], '*10\r\n$1\r\nc\r\n$-1\r\n$1\r\nb\r\n$-1\r\n$1\r\na\r\n$-1\r\n$1\r\ne\r\n$-1\r\n$1\r\nd\r\n$-1\r\n'],
  [['SORT', 'z', 'BY', 'nosort', 'STORE', 'zd'], ':5\r\n'],
  [['LRANGE', 'zd', '0', '-1'], '*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\ne\r\n$1\r\nd\r\n'],
  [['SORT', 'z', 'ALPHA', 'DESC', 'LIMIT', '0', '3'], '*3\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n'],
  [['ZADD', 'zn', '3', '10', '2', '9', '1', '100'], ':3\r\n'],
  [['SORT', 'zn'], '*3\r\n$1\r\n9\r\n$2\r\n10\r\n$3\r\n100\r\n'],
  [['SORT', 'zn', 'ALPHA'], '*3\r\n$2\r\n10\r\n$3\r\n100\r\n$1\r\n9\r\n'],
  [['SORT_RO', 'zn', 'BY', 'nosort'], '*3\r\n$3\r\n100\r\n$1\r\n9\r\n$2\r\n10\r\n'],
  [['OBJECT', 'ENCODING', 'zn'], '$8\r\nskiplist\r\n'],
  [['ZADD', 'zerr', '1', 'x'], ':1\r\n'],
  [['SORT', 'zerr'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['OBJECT', 'ENCODING', 'zerr'], '$8\r\nskiplist\r\n'],
  [['ZADD', 'zempty', '1', 'x'], ':1\r\n'],
  [['ZREM', 'zempty', 'x'], ':1\r\n'],
  [['SADD', 'si', '5', '3', '10', '1'], ':4\r\n'],
  [['OBJECT', 'ENCODING', 'si'], '$6\r\nintset\r\n'],
  [['SORT', 'si'], '*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n'],
  [['SORT', 'si', 'DESC', 'LIMIT', '1', '2'], '*2\r\n$1\r\n5\r\n$1\r\n3\r\n'],
  [['SORT', 'si', 'BY', 'nosort'], '*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$2\r\n10\r\n'],
  [['SORT', 'si', 'BY', 'nosort', 'STORE', 'sd'], ':4\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*4\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n5\r\n'],
  [['SORT', 'si', 'BY', 'nosort', 'DESC', 'STORE', 'sd'], ':4\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*4\r\n$1\r\n5\r\n$1\r\n3\r\n$2\r\n10\r\n$1\r\n1\r\n'],
  [['SORT', 'si', 'BY', 'nosort', 'LIMIT', '1', '2', 'STORE', 'sd'], ':2\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*2\r\n$2\r\n10\r\n$1\r\n3\r\n'],
  [['SORT', 'si', 'BY', 'nosort', 'GET', 'w_*', 'STORE', 'sd'], ':4\r\n'],
  [['OBJECT', 'ENCODING', 'si'], '$6\r\nintset\r\n'],
  [['SADD', 'ss', 'b', 'c', 'a', '10', '9'], ':5\r\n'],
  [['SORT', 'ss', 'ALPHA'], '*5\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['SORT', 'ss'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'ss', 'BY', 'nosort', 'STORE', 'sd'], ':5\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*5\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['SORT', 'ss', 'BY', 'nosort', 'DESC', 'STORE', 'sd'], ':5\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\n9\r\n$2\r\n10\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'by\', \'nosort\')', '1', 'ss'], '*5\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['EVAL', 'return redis.call(\'sort_ro\', KEYS[1], \'by\', \'nosort\', \'desc\', \'limit\', \'0\', \'2\')', '1', 'ss'], '*2\r\n$1\r\nc\r\n$1\r\nb\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'by\', \'nosort\')', '1', 'si'], '*4\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n5\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'by\', \'nosort\', \'get\', \'w_*\')', '1', 'ss'], '*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'],
  [['RPUSH', 'l', 'b', 'a'], ':2\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'by\', \'nosort\')', '1', 'l'], '*2\r\n$1\r\nb\r\n$1\r\na\r\n'],
  [['MSET', 'w_a', '2', 'w_b', '1'], '+OK\r\n'],
  [['SORT', 'ss', 'BY', 'nosort', 'GET', 'w_*', 'STORE', 'sd'], ':5\r\n'],
  [['LRANGE', 'sd', '0', '-1'], '*5\r\n$0\r\n\r\n$0\r\n\r\n$1\r\n2\r\n$1\r\n1\r\n$0\r\n\r\n'],
];

/** Weights are read with strtod (spaces, hex, inf, a NUL ends the number; NaN and ERANGE fail); ALPHA is byte
 * order up to a NUL byte, and whole byte strings with STORE. */
const WEIGHTS: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'n', '3', '10', '-1', '2.5', '1e2', '0x10', ' 7', 'inf', '-inf'], ':9\r\n'],
  [['SORT', 'n'], '*9\r\n$4\r\n-inf\r\n$2\r\n-1\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n 7\r\n$2\r\n10\r\n$4\r\n0x10\r\n$3\r\n1e2\r\n$3\r\ninf\r\n'],
  [['SORT', 'n', 'DESC'], '*9\r\n$3\r\ninf\r\n$3\r\n1e2\r\n$4\r\n0x10\r\n$2\r\n10\r\n$2\r\n 7\r\n$1\r\n3\r\n$3\r\n2.5\r\n$2\r\n-1\r\n$4\r\n-inf\r\n'],
  [['SORT', 'n', 'ALPHA'], '*9\r\n$2\r\n 7\r\n$2\r\n-1\r\n$4\r\n-inf\r\n$4\r\n0x10\r\n$2\r\n10\r\n$3\r\n1e2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$3\r\ninf\r\n'],
  [['SORT', 'n', 'ALPHA', 'DESC'], '*9\r\n$3\r\ninf\r\n$1\r\n3\r\n$3\r\n2.5\r\n$3\r\n1e2\r\n$2\r\n10\r\n$4\r\n0x10\r\n$4\r\n-inf\r\n$2\r\n-1\r\n$2\r\n 7\r\n'],
  [['RPUSH', 'bad', '1', 'x'], ':2\r\n'],
  [['SORT', 'bad'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'bad', 'ALPHA'], '*2\r\n$1\r\n1\r\n$1\r\nx\r\n'],
  [['RPUSH', 'e', ''], ':1\r\n'],
  [['SORT', 'e'], '*1\r\n$0\r\n\r\n'],
  [['RPUSH', 't', '1 '], ':1\r\n'],
  [['SORT', 't'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['RPUSH', 'nan', 'nan'], ':1\r\n'],
  [['SORT', 'nan'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['RPUSH', 'nul', '5\x00x', '3'], ':2\r\n'],
  [['SORT', 'nul'], '*2\r\n$1\r\n3\r\n$3\r\n5\x00x\r\n'],
  [['RPUSH', 'infy', 'Infinity', '-INF', '+5'], ':3\r\n'],
  [['SORT', 'infy'], '*3\r\n$4\r\n-INF\r\n$2\r\n+5\r\n$8\r\nInfinity\r\n'],
  [['RPUSH', 'hexf', '0x1p3', '0X1P-1', '1.5e1'], ':3\r\n'],
  [['SORT', 'hexf'], '*3\r\n$6\r\n0X1P-1\r\n$5\r\n0x1p3\r\n$5\r\n1.5e1\r\n'],
  [['RPUSH', 'big', '1e400'], ':1\r\n'],
  [['SORT', 'big'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['RPUSH', 'tiny', '1e-400'], ':1\r\n'],
  [['SORT', 'tiny'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['RPUSH', 'sub', '1e-310'], ':1\r\n'],
  [['SORT', 'sub'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'nul', '5\x00x', '3'], ':2\r\n'],
  [['SORT', 'nul'], '*2\r\n$1\r\n3\r\n$3\r\n5\x00x\r\n'],
  [['RPUSH', 'sp', '\x097', '\n8', '\x0b9', '\x0c1', '\r2'], ':5\r\n'],
  [['SORT', 'sp'], '*5\r\n$2\r\n\x0c1\r\n$2\r\n\r2\r\n$2\r\n\x097\r\n$2\r\n\n8\r\n$2\r\n\x0b9\r\n'],
  [['RPUSH', 'hx', '0x1p-1074', '1'], ':2\r\n'],
  [['SORT', 'hx'], '*2\r\n$9\r\n0x1p-1074\r\n$1\r\n1\r\n'],
  [['SORT', 'nul', 'ALPHA'], '*2\r\n$1\r\n3\r\n$3\r\n5\x00x\r\n'],
  [['RPUSH', 'al', 'b', 'a\x00z', 'a\x00b', 'a', '\xff', '\x80', 'B'], ':7\r\n'],
  [['SORT', 'al', 'ALPHA'], '*7\r\n$1\r\nB\r\n$3\r\na\x00z\r\n$3\r\na\x00b\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n\x80\r\n$1\r\n\xff\r\n'],
  [['SORT', 'al', 'ALPHA', 'STORE', 'alst'], ':7\r\n'],
  [['LRANGE', 'alst', '0', '-1'], '*7\r\n$1\r\nB\r\n$1\r\na\r\n$3\r\na\x00b\r\n$3\r\na\x00z\r\n$1\r\nb\r\n$1\r\n\x80\r\n$1\r\n\xff\r\n'],
  [['RPUSH', 'sub2', '0x1p-1030'], ':1\r\n'],
  [['SORT', 'sub2'], '*1\r\n$9\r\n0x1p-1030\r\n'],
];

/** STORE drops the destination's TTL; ALPHA BY ties keep list order; patterns are C strings for '#', '*' and '->'
 * but whole bytes for the key and field; `*` alone and `#` as BY; repeated and dangling options. */
const EDGES: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'l', 'b', 'a', 'c'], ':3\r\n'],
  [['SET', 'd', 'x', 'EX', '100'], '+OK\r\n'],
  [['SORT', 'l', 'ALPHA', 'STORE', 'd'], ':3\r\n'],
  [['TTL', 'd'], ':-1\r\n'],
  [['MSET', 'w_a', 'x\x00b', 'w_b', 'x\x00a', 'w_c', 'x'], '+OK\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA'], '*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC'], '*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'STORE', 'd'], ':3\r\n'],
  [['LRANGE', 'd', '0', '-1'], '*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'],
  [['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC', 'STORE', 'd'], ':3\r\n'],
  [['LRANGE', 'd', '0', '-1'], '*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['SORT', 'l', 'BY', 'w_*\x00x', 'ALPHA'], '*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n'],
  [['SET', 'w_a\x00x', '3'], '+OK\r\n'],
  [['SET', 'w_b\x00x', '2'], '+OK\r\n'],
  [['SET', 'w_c\x00x', '1'], '+OK\r\n'],
  [['SORT', 'l', 'BY', 'w_*\x00x'], '*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'],
  [['SORT', 'l', 'GET', 'w_*\x00x'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'l', 'GET', '#\x00junk', 'ALPHA'], '*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'],
  [['SORT', 'l', 'BY', '\x00*', 'GET', '#'], '*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n'],
  [['RPUSH', 'st', 'a*b', 'c'], ':2\r\n'],
  [['SET', 'p_a*b', '1'], '+OK\r\n'],
  [['SORT', 'st', 'GET', 'p_*', 'ALPHA'], '*2\r\n$1\r\n1\r\n$-1\r\n'],
  [['HSET', 'hf', 'f\x00g', 'v1', 'f', 'v2'], ':2\r\n'],
  [['RPUSH', 'one', 'f'], ':1\r\n'],
  [['SORT', 'one', 'GET', 'h*->\x00g', 'BY', 'nosort'], '*1\r\n$-1\r\n'],
  [['SORT', 'one', 'GET', 'h*->\x00g\x00'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['RPUSH', 'two', 'hf'], ':1\r\n'],
  [['SORT', 'two', 'GET', '*->f\x00g', 'GET', '*->f', 'GET', '*->', 'GET', '*->f\x00'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['HSET', 'big_1', 'f', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx2'], ':1\r\n'],
  [['HSET', 'big_2', 'f', '1'], ':1\r\n'],
  [['OBJECT', 'ENCODING', 'big_1'], '$9\r\nhashtable\r\n'],
  [['RPUSH', 'nums', '2', '1'], ':2\r\n'],
  [['SORT', 'nums', 'BY', 'big_*->f', 'ALPHA'], '*2\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'nums', 'BY', 'big_*->f'], '-ERR One or more scores can\'t be converted into double\r\n'],
  [['SORT', 'nums', 'BY', '#'], '*2\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'nums', 'BY', '*'], '*2\r\n$1\r\n1\r\n$1\r\n2\r\n'],
  [['SET', '1', '5'], '+OK\r\n'],
  [['SET', '2', '3'], '+OK\r\n'],
  [['SORT', 'nums', 'BY', '*'], '*2\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['SORT', 'nums', 'BY', '*', 'GET', '*'], '*2\r\n$1\r\n3\r\n$1\r\n5\r\n'],
  [['SORT', 'nums', 'LIMIT', '0', '1', 'BY', 'nosort', 'DESC'], '*1\r\n$1\r\n1\r\n'],
  [['SORT', 'nums', 'limit', '0', '1', 'by', '*', 'desc', 'alpha', 'get', '#', 'get', '*'], '*2\r\n$1\r\n1\r\n$1\r\n5\r\n'],
  [['SORT', 'nums', 'STORE', 'x', 'STORE'], '-ERR syntax error\r\n'],
  [['SORT', 'nums', 'GET'], '-ERR syntax error\r\n'],
  [['SORT', 'nums', 'ALPHA', 'x'], '-ERR syntax error\r\n'],
  [['SORT_RO', 'nums', 'BY', '*', 'STORE'], '-ERR syntax error\r\n'],
];

/** Ties: a full sort keeps list order (glibc's qsort is a stable merge sort); BY with a cutting LIMIT uses Redis's
 * partial quicksort, whose order for ties (12 first) only the same algorithm gives. */
const TIES: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'], ':12\r\n'],
  [['SORT', 'l', 'BY', 'nokey_*', 'ALPHA'], '*12\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n11\r\n$2\r\n12\r\n'],
  [['SORT', 'l', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '0', '12'], '*12\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n11\r\n$2\r\n12\r\n'],
  [['SORT', 'l', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '0', '5'], '*5\r\n$2\r\n12\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n'],
  [['SORT', 'l', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '3', '4'], '*4\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n'],
  [['SORT', 'l', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '3', '4', 'DESC'], '*4\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n'],
  [['RPUSH', 's', '1', '2', '3', '4', '5', '6'], ':6\r\n'],
  [['SORT', 's', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '0', '3'], '*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'],
  [['SORT', 's', 'BY', 'nokey_*', 'ALPHA', 'LIMIT', '1', '3'], '*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n'],
  // An already partitioned input: 7.0.15's pqsort has no "no swaps: insertion sort" shortcut (NetBSD's has).
  [['RPUSH', 'l7', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'], ':7\r\n'],
  [['MSET', 'w_e1', '1', 'w_e2', '1', 'w_e3', '2', 'w_e4', '3', 'w_e5', '4', 'w_e6', '4', 'w_e7', '5'], '+OK\r\n'],
  [['SORT', 'l7', 'BY', 'w_*', 'ALPHA', 'LIMIT', '0', '6'], '*6\r\n$2\r\ne1\r\n$2\r\ne2\r\n$2\r\ne3\r\n$2\r\ne4\r\n$2\r\ne5\r\n$2\r\ne6\r\n'],
  [['SORT', 'l7', 'BY', 'w_*', 'ALPHA', 'LIMIT', '1', '5', 'DESC'], '*5\r\n$2\r\ne5\r\n$2\r\ne6\r\n$2\r\ne4\r\n$2\r\ne3\r\n$2\r\ne1\r\n'],
  [['SORT', 'l7', 'BY', 'w_*', 'ALPHA', 'LIMIT', '0', '6', 'STORE', 'd7'], ':6\r\n'],
  [['LRANGE', 'd7', '0', '-1'], '*6\r\n$2\r\ne1\r\n$2\r\ne2\r\n$2\r\ne3\r\n$2\r\ne4\r\n$2\r\ne5\r\n$2\r\ne6\r\n'],
];

/** From scripts: SORT is a write command (refused by EVAL_RO even without STORE), SORT_RO is not; errors. */
const SCRIPTS: Transcript = [
  [['FLUSHALL'], '+OK\r\n'],
  [['RPUSH', 'l', '2', '1'], ':2\r\n'],
  [['EVAL_RO', 'return redis.call(\'sort\', KEYS[1], \'store\', \'x\')', '1', 'l'], '-ERR Write commands are not allowed from read-only scripts. script: fe55d9d79a5c57572e7967518c73be6ba33d1787, on @user_script:1.\r\n'],
  [['EVAL_RO', 'return redis.call(\'sort\', KEYS[1])', '1', 'l'], '-ERR Write commands are not allowed from read-only scripts. script: 54aaf8b4a00b15e03478aeb5e5e2add0726c398a, on @user_script:1.\r\n'],
  [['EVAL_RO', 'return redis.call(\'sort_ro\', KEYS[1], \'desc\')', '1', 'l'], '*2\r\n$1\r\n2\r\n$1\r\n1\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'limit\', \'a\', \'b\')', '1', 'l'], '-ERR value is not an integer or out of range script: a71a60378f955e0365c79899bd8dea968d0a5085, on @user_script:1.\r\n'],
  [['EVAL', 'return redis.call(\'sort\', KEYS[1], \'store\', KEYS[2])', '2', 'l', 'x'], ':2\r\n'],
  [['EVAL', 'return redis.pcall(\'sort\', KEYS[1], \'by\', \'nosort\', \'alpha\', \'foo\')', '1', 'l'], '-ERR syntax error\r\n'],
  [['SET', 's', 'v'], '+OK\r\n'],
  [['EVAL', 'return redis.pcall(\'sort_ro\', KEYS[1])', '1', 's'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['LRANGE', 'x', '0', '-1'], '*2\r\n$1\r\n1\r\n$1\r\n2\r\n'],
];

/** COMMAND GETKEYS finds the key and the last STORE destination, skipping option arguments (sortGetKeys). */
const GETKEYS: Transcript = [
  [['COMMAND', 'GETKEYS', 'SORT', 'l', 'LIMIT', '0', '1', 'STORE', 'd', 'GET', 'x', 'BY', 'store'], '*2\r\n$1\r\nl\r\n$1\r\nd\r\n'],
  [['COMMAND', 'GETKEYS', 'SORT', 'l', 'STORE', 'a', 'STORE', 'b'], '*2\r\n$1\r\nl\r\n$1\r\nb\r\n'],
  [['COMMAND', 'GETKEYS', 'SORT', 'l', 'LIMIT', 'store', 'd'], '*1\r\n$1\r\nl\r\n'],
  [['COMMAND', 'GETKEYS', 'SORT_RO', 'l', 'STORE', 'd'], '*1\r\n$1\r\nl\r\n'],
  [['COMMAND', 'GETKEYSANDFLAGS', 'SORT_RO', 'l', 'BY', 'x'], '*1\r\n*2\r\n$1\r\nl\r\n*2\r\n+RO\r\n+access\r\n'],
  [['COMMAND', 'GETKEYS', 'SORT', 'l', 'STORE'], '*1\r\n$1\r\nl\r\n'],
];

describe('SORT / SORT_RO replies, as redis-server 7.0.15 sends them', () => {
  it('options on a list: order, LIMIT clamping, syntax and integer errors, BY/GET patterns and hash fields, STORE', async () => {
    await replay(LIST_OPTIONS);
  });

  it('sets, sorted sets (BY nosort keeps score order; SORT converts listpack to skiplist) and scripts', async () => {
    await replay(SETS_AND_ZSETS);
  });

  it('numeric weights follow strtod; ALPHA is byte order, up to a NUL byte unless STORE', async () => {
    await replay(WEIGHTS);
  });

  it('edge cases: TTL dropped by STORE, NUL bytes in patterns and weights, BY * and BY #, dangling options', async () => {
    await replay(EDGES);
  });

  it('ties keep list order in a full sort, and pqsort\'s order with BY and a cutting LIMIT', async () => {
    await replay(TIES);
  });

  it('from scripts: EVAL_RO refuses SORT (a write command) but runs SORT_RO; errors as redis.call raises them', async () => {
    await replay(SCRIPTS);
  });

  it('COMMAND GETKEYS: the key and the last STORE destination, option arguments skipped', async () => {
    await replay(GETKEYS);
  });

  it('RESP3: a missing GET value is a null', async () => {
    const c = await RawClient.connect(ours.port);
    try {
      await rawReply(c, 'HELLO', '3');
      await rawReply(c, 'DEL', 'l3');
      await rawReply(c, 'RPUSH', 'l3', '2', '1');
      expect(await rawReply(c, 'SORT', 'l3', 'GET', '#', 'GET', 'nokey_*')).toBe('*4\r\n$1\r\n1\r\n_\r\n$1\r\n2\r\n_\r\n');
    } finally {
      c.close();
    }
  });

  it('inside MULTI: queued, then run in order; an option error fills only its own slot', async () => {
    await ours.client.del('ml', 'md');
    await ours.client.rpush('ml', '2', '1');
    const replies = await ours.client.multi().sort('ml', 'DESC', 'STORE', 'md').call('SORT', 'ml', 'foo').lrange('md', 0, -1).exec();
    expect(replies?.map(([err, value]) => (err === null ? value : (err as Error).message))).toEqual([2, 'ERR syntax error', ['2', '1']]);
  });
});

describe('what SORT does besides replying', () => {
  it('STORE sends sortstore on the destination; an empty result deletes it (del); reading sends nothing', async () => {
    await ours.client.config('SET', 'notify-keyspace-events', 'KEA');
    const sub = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    const events: string[] = [];
    try {
      sub.on('pmessage', (_p: string, channel: string, message: string) => events.push(`${channel} ${message}`));
      await sub.psubscribe('__keyevent@0__:*');
      await ours.client.del('el', 'ez', 'ed');
      await ours.client.rpush('el', '3', '1', '2');
      await ours.client.zadd('ez', 1, 'a');
      await ours.client.sort('ez', 'ALPHA');
      await ours.client.sort('el', 'STORE', 'ed');
      await ours.client.sort('el', 'LIMIT', 9, 9, 'STORE', 'ed');
      await ours.client.sort('el', 'LIMIT', 9, 9, 'STORE', 'ed');
      await ours.client.sort('el', 'BY', 'w_*', 'GET', 'h_*->f');
      await ours.client.publish('__keyevent@0__:marker', 'end');
      await expect.poll(() => events.at(-1)).toBe('__keyevent@0__:marker end');
      expect(events).toEqual([
        '__keyevent@0__:rpush el', '__keyevent@0__:zadd ez', '__keyevent@0__:sortstore ed',
        '__keyevent@0__:del ed', '__keyevent@0__:marker end',
      ]);
    } finally {
      sub.disconnect();
      await ours.client.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('a missing BY or GET key sends keymiss, in lookup order (BY in load order, GET in output order)', async () => {
    await ours.client.config('SET', 'notify-keyspace-events', 'Em');
    const sub = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    const events: string[] = [];
    try {
      sub.on('pmessage', (_p: string, channel: string, message: string) => events.push(`${channel} ${message}`));
      await sub.psubscribe('__keyevent@0__:*');
      await ours.client.del('ml2');
      await ours.client.rpush('ml2', '2', '1');
      await ours.client.sort('ml2', 'BY', 'mw_*', 'GET', 'mg_*');
      await ours.client.sort('mnokey');
      await ours.client.publish('__keyevent@0__:marker', 'end');
      await expect.poll(() => events.at(-1)).toBe('__keyevent@0__:marker end');
      expect(events).toEqual([
        '__keyevent@0__:keymiss mw_2', '__keyevent@0__:keymiss mw_1', '__keyevent@0__:keymiss mg_1',
        '__keyevent@0__:keymiss mg_2', '__keyevent@0__:keymiss mnokey', '__keyevent@0__:marker end',
      ]);
    } finally {
      sub.disconnect();
      await ours.client.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('the key and every BY/GET key are read lookups: keyspace hits and misses', async () => {
    await ours.client.del('hl');
    await ours.client.rpush('hl', '3', '1', '2');
    await ours.client.config('RESETSTAT');
    const stats = async (): Promise<string> => (await ours.client.info('stats')).split('\r\n').filter((l) => l.startsWith('keyspace_')).join(' ');
    await ours.client.sort('hl');
    expect(await stats()).toBe('keyspace_hits:1 keyspace_misses:0');
    await ours.client.sort('hl', 'STORE', 'hd');
    expect(await stats()).toBe('keyspace_hits:2 keyspace_misses:0');
    await ours.client.sort('hl', 'BY', 'w_*', 'GET', 'g_*', 'GET', '#');
    expect(await stats()).toBe('keyspace_hits:3 keyspace_misses:6');
    await ours.client.sort('hl', 'BY', 'nosort', 'GET', 'hd');
    expect(await stats()).toBe('keyspace_hits:4 keyspace_misses:6');
    await ours.client.sort('nokey');
    expect(await stats()).toBe('keyspace_hits:4 keyspace_misses:7');
  });

  it('BY and GET lookups touch their keys\' LRU clock, as a GET would (OBJECT IDLETIME)', async () => {
    await ours.client.del('il', 'iw_1', 'ig_1', 'iother');
    await ours.client.rpush('il', '1');
    await ours.client.set('iw_1', '5');
    await ours.client.set('ig_1', 'x');
    await ours.client.set('iother', 'y');
    ours.clock.freeze();
    try {
      ours.clock.advance(20_000);
      expect(await ours.client.object('IDLETIME', 'iw_1')).toBeGreaterThanOrEqual(20);
      await ours.client.sort('il', 'BY', 'iw_*', 'GET', 'ig_*');
      expect(await ours.client.object('IDLETIME', 'iw_1')).toBe(0);
      expect(await ours.client.object('IDLETIME', 'ig_1')).toBe(0);
      expect(await ours.client.object('IDLETIME', 'iother')).toBeGreaterThanOrEqual(20);
    } finally {
      ours.clock.real();
    }
  });

  it('STORE counts each stored element as a change (rdb_changes_since_last_save), a deletion as one', async () => {
    await ours.client.del('cl', 'cd');
    await ours.client.rpush('cl', '3', '1', '2');
    const changes = async (): Promise<number> => Number(/rdb_changes_since_last_save:(\d+)/.exec(await ours.client.info('persistence'))?.[1]);
    const before = await changes();
    await ours.client.sort('cl', 'STORE', 'cd');
    expect(await changes()).toBe(before + 3);
    await ours.client.sort('cl', 'LIMIT', 0, 0, 'STORE', 'cd');
    expect(await changes()).toBe(before + 4);
    await ours.client.sort('cl', 'LIMIT', 0, 0, 'STORE', 'cd');
    expect(await changes()).toBe(before + 4);
    await ours.client.sort('cl', 'GET', 'x', 'GET', 'y', 'STORE', 'cd');
    expect(await changes()).toBe(before + 10);
    await ours.client.sort('cl');
    expect(await changes()).toBe(before + 10);
  });

  it('WATCH: STORE touches the destination (even replacing it); converting a sorted set touches nothing', async () => {
    await ours.client.del('wz', 'wl', 'wd', 'wn');
    await ours.client.zadd('wz', 1, 'a', 2, 'b');
    await ours.client.rpush('wl', '2', '1');
    await ours.client.watch('wz');
    await ours.client.sort('wz', 'ALPHA');
    expect(await ours.client.multi().ping().exec()).toEqual([[null, 'PONG']]);
    expect(await ours.client.object('ENCODING', 'wz')).toBe('skiplist');
    await ours.client.watch('wd');
    await ours.client.sort('wl', 'STORE', 'wd');
    expect(await ours.client.multi().ping().exec()).toBeNull();
    await ours.client.watch('wn');
    await ours.client.sort('wl', 'LIMIT', 5, 5, 'STORE', 'wn');
    expect(await ours.client.multi().ping().exec()).toEqual([[null, 'PONG']]);
  });

  it('a client blocked in BLPOP on the destination is served once SORT ... STORE creates it', async () => {
    await ours.client.del('bl', 'bd');
    await ours.client.rpush('bl', '2', '1');
    const waiter = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      const popped = waiter.blpop('bd', 2);
      await expect.poll(async () => Number(/blocked_clients:(\d+)/.exec(await ours.client.info('clients'))?.[1])).toBe(1);
      expect(await ours.client.sort('bl', 'STORE', 'bd')).toBe(2);
      expect(await popped).toEqual(['bd', '1']);
      expect(await ours.client.lrange('bd', 0, -1)).toEqual(['2']);
    } finally {
      waiter.disconnect();
    }
  });

  it('inside a function, as inside EVAL, BY nosort on a set sorts ALPHA (Redis forces it for scripts)', async () => {
    await ours.client.del('fs');
    await ours.client.sadd('fs', 'c', 'b', 'a', '10', '9');
    await ours.client.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=sortlib\nredis.register_function('sortnosort', function(keys) return redis.call('sort', keys[1], 'by', 'nosort') end)");
    expect(await ours.client.call('FCALL', 'sortnosort', '1', 'fs')).toEqual(['10', '9', 'a', 'b', 'c']);
    await ours.client.call('FUNCTION', 'DELETE', 'sortlib');
  });

  it('SORT is denyoom over maxmemory, even without STORE; SORT_RO is not', async () => {
    await ours.client.del('ol');
    await ours.client.rpush('ol', '2', '1');
    await ours.client.config('SET', 'maxmemory', '1');
    try {
      expect(await rawReply(ours.raw, 'SORT', 'ol')).toBe("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
      expect(await rawReply(ours.raw, 'SORT', 'ol', 'STORE', 'od')).toBe("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
      expect(await rawReply(ours.raw, 'SORT_RO', 'ol')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n');
    } finally {
      await ours.client.config('SET', 'maxmemory', '0');
    }
  });

  it('memory accounting stays exact when SORT converts a sorted set and stores a list', async () => {
    await ours.client.del('mz', 'md');
    await ours.client.zadd('mz', 3, 'c', 1, 'a', 2, 'b');
    expect(await ours.client.object('ENCODING', 'mz')).toBe('listpack');
    const before = ours.server.keyspace.usedBytes;
    expect(await ours.client.sort('mz', 'BY', 'nosort', 'DESC', 'STORE', 'md')).toBe(3);
    expect(await ours.client.lrange('md', 0, -1)).toEqual(['c', 'b', 'a']);
    expect(await ours.client.object('ENCODING', 'mz')).toBe('skiplist');
    expect(ours.server.keyspace.usedBytes).toBeGreaterThan(before);
    expect(ours.server.keyspace.usedBytes).toBe(ours.server.keyspace.recount());
  });

  it('a BGSAVE running meanwhile keeps the sorted set as it was (listpack): the conversion is copy-on-write', async () => {
    await ours.client.del('pz');
    await ours.client.zadd('pz', 2, 'b', 1, 'a');
    const view = new PointInTimeView(ours.server.keyspace);
    try {
      await ours.client.sort('pz', 'ALPHA');
      expect(await ours.client.object('ENCODING', 'pz')).toBe('skiplist');
      const db = view.dbs.find((d) => d.index === 0) as FrozenDb;
      expect(view.take(db, db.keys.indexOf('pz')).encoding).toBe('listpack');
    } finally {
      view.release();
    }
  });

  it('the AOF logs SORT ... STORE as sent when it changed something, and no read-only SORT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-sort-aof-'));
    const aofServer = await startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning', dir, appendonly: 'yes', appendfsync: 'always' });
    const c = await RawClient.connect(aofServer.port);
    try {
      for (const argv of [
        ['rpush', 'l', '3', '1', '2'], ['sadd', 's', 'b', 'a', 'c'], ['sort', 'l', 'store', 'd'],
        ['sort', 's', 'by', 'nosort', 'store', 'd2'], ['sort', 'l', 'limit', '5', '5', 'store', 'd'],
        ['sort', 'l', 'limit', '5', '5', 'store', 'd'], ['sort_ro', 'l'], ['sort', 'l'],
      ]) {
        await rawReply(c, ...argv);
      }
      expect(await rawReply(c, 'LRANGE', 'd2', '0', '-1')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n');
      // Read off redis-server 7.0.15's appendonly.aof.1.incr.aof after the same commands.
      const logged = readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1');
      expect(logged).toBe(
        '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n' +
          '*5\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n' +
          '*5\r\n$4\r\nsadd\r\n$1\r\ns\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n' +
          '*4\r\n$4\r\nsort\r\n$1\r\nl\r\n$5\r\nstore\r\n$1\r\nd\r\n' +
          '*6\r\n$4\r\nsort\r\n$1\r\ns\r\n$2\r\nby\r\n$6\r\nnosort\r\n$5\r\nstore\r\n$2\r\nd2\r\n' +
          '*7\r\n$4\r\nsort\r\n$1\r\nl\r\n$5\r\nlimit\r\n$1\r\n5\r\n$1\r\n5\r\n$5\r\nstore\r\n$1\r\nd\r\n',
      );
    } finally {
      c.close();
      await aofServer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('partial sort (pqsort)', () => {
  it('puts positions lo..hi where a full sort would, for any range, size and data with or without ties', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const byValue = (a: number, b: number): number => a - b;
    for (let round = 0; round < 400; round++) {
      const n = 1 + rnd(round < 200 ? 12 : 500);
      const values = Array.from({ length: n }, () => rnd(round % 2 === 0 ? 5 : 1_000_000));
      const lo = rnd(n);
      const hi = Math.min(n - 1, lo + rnd(n));
      const sorted = [...values].sort(byValue);
      const partial = [...values];
      partialSort(partial, byValue, lo, hi);
      expect(partial.slice(lo, hi + 1), `n=${n} lo=${lo} hi=${hi}`).toEqual(sorted.slice(lo, hi + 1));
      expect([...partial].sort(byValue)).toEqual(sorted);
    }
  });
});

describe.skipIf(!haveRedisServer())('SORT against a real redis-server 7.0', () => {
  const real = useRealRedis();

  it('equal weights come out in the same order (lists of up to 300 elements, many ties)', { timeout: 20_000 }, async () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    for (let round = 0; round < 60; round++) {
      const n = 1 + rnd(round < 20 ? 20 : 300);
      const elements = Array.from({ length: n }, (_, i) => `e${i}_${rnd(5)}`);
      const setup: string[][] = [['FLUSHALL'], ['RPUSH', 'tl', ...elements]];
      for (const e of elements) if (rnd(3) > 0) setup.push(['SET', `tw_${e}`, String(rnd(4))]);
      for (const argv of setup) {
        await rawReply(real.raw, ...argv);
        await rawReply(ours.raw, ...argv);
      }
      for (let q = 0; q < 5; q++) {
        const argv = [
          'SORT', 'tl', 'BY', 'tw_*', 'LIMIT', String(rnd(n + 2) - 1), String(rnd(n + 2) - 1),
          ...(rnd(2) === 1 ? ['ALPHA'] : []), ...(rnd(2) === 1 ? ['DESC'] : []),
        ];
        expect(await rawReply(ours.raw, ...argv), argv.join(' ')).toBe(await rawReply(real.raw, ...argv));
      }
    }
  });

  it('random lists, sets and sorted sets, with weights, hash fields and every option, reply alike', { timeout: 30_000 }, async () => {
    let seed = 99;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const ELEMENTS = ['1', '2', '3', '10', '-1', '0', '2.5', 'a', 'b', 'B', '', ' 7', '0x10', 'inf', '1e2', 'x\x00y', '\xff'];
    const WEIGHTS = ['1', '5', '-3', '2.5', '', 'abc', 'inf', ' 4', '0x1f', 'x\x00', 'b', 'A'];
    /** Sort a reply's lines when its order is a hash table's in Redis (see docs/differences.md). */
    const lines = (reply: string): string => reply.split('\r\n').sort().join('|');
    for (let round = 0; round < 40; round++) {
      const type = pick(['list', 'list', 'set', 'zset']);
      const numeric = rnd(2) === 0;
      const pool = numeric ? ELEMENTS.filter((e) => /^-?\d+$/.test(e)) : ELEMENTS;
      // Never a literal strtod finds out of range ('1e2' + '199'): Redis would keep errno at ERANGE and fail every
      // numeric SORT after it on this connection (docs/differences.md, SORT).
      const members = Array.from({ length: 1 + rnd(type === 'zset' && rnd(2) === 0 ? 200 : 12) }, (_, i) => (rnd(3) === 0 ? `${pick(pool)}${numeric ? '' : '_'}${i}` : pick(pool)));
      const setup: string[][] = [['FLUSHALL']];
      if (type === 'list') setup.push(['RPUSH', 'rk', ...members]);
      else if (type === 'set') setup.push(['SADD', 'rk', ...members]);
      else setup.push(['ZADD', 'rk', ...members.flatMap((m) => [String(rnd(5)), m])]);
      for (const m of new Set(members)) {
        if (rnd(3) > 0) setup.push(['SET', `rw_${m}`, numeric ? String(rnd(50) - 10) : pick(WEIGHTS)]);
        if (rnd(3) > 0) setup.push(['HSET', `rh_${m}`, 'f', numeric ? String(rnd(7)) : pick(WEIGHTS)]);
      }
      for (const argv of setup) {
        await rawReply(real.raw, ...argv.map(latin1));
        await rawReply(ours.raw, ...argv.map(latin1));
      }
      for (let q = 0; q < 10; q++) {
        const by = pick([undefined, undefined, 'nosort', 'rw_*', 'rh_*->f', 'rh_*->g']);
        const alpha = rnd(2) === 0;
        const store = rnd(3) === 0;
        const limit = rnd(2) === 0 ? [String(rnd(members.length + 3) - 2), String(rnd(members.length + 3) - 2)] : undefined;
        const gets = Array.from({ length: rnd(3) }, () => pick(['#', 'rw_*', 'rh_*->f', 'none_*']));
        const argv = [
          'SORT', 'rk', ...(by !== undefined ? ['BY', by] : []), ...(limit !== undefined ? ['LIMIT', ...limit] : []),
          ...gets.flatMap((g) => ['GET', g]), ...(rnd(2) === 0 ? ['DESC'] : []), ...(alpha ? ['ALPHA'] : []),
          ...(store ? ['STORE', 'rd'] : []),
        ];
        // A destination left by an earlier query compared unordered (or not at all) must not leak into this one.
        await rawReply(real.raw, 'DEL', 'rd');
        await rawReply(ours.raw, 'DEL', 'rd');
        let a = await rawReply(real.raw, ...argv.map(latin1));
        let b = await rawReply(ours.raw, ...argv.map(latin1));
        if (store) {
          a += await rawReply(real.raw, 'LRANGE', 'rd', '0', '-1');
          b += await rawReply(ours.raw, 'LRANGE', 'rd', '0', '-1');
        }
        // Orders Redis takes from a hash table: an unsorted set, or ALPHA ties in a set or sorted set.
        const hashOrder = type !== 'list' && ((by === 'nosort' && type === 'set' && !store) || (alpha && (by !== undefined || !store)));
        if (hashOrder && limit === undefined) expect(lines(b), argv.join(' ')).toBe(lines(a));
        else if (!hashOrder) expect(b, argv.join(' ')).toBe(a);
      }
    }
  });
});
