// SORT and SORT_RO over a raw socket: every reply byte, as transcripts read off redis-server 7.0.15 (each line ran
// there in this order, starting from FLUSHALL). What a transcript cannot show is in sort-effects.test.ts; seeded
// random comparisons with a real redis-server and the partial sort behind LIMIT are in sort-random.test.ts.

import { describe, expect, it } from 'vitest';
import { RawClient, rawReply } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

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
