// Reading: LLEN, LRANGE, LINDEX and LPOS.
// Mirrors: redis src/t_list.c (llenCommand, lrangeCommand, lindexCommand, lposCommand).

import { listIndex, listLength, listPositions, listRange } from '../../datatypes/list/list-type.js';
import { lposCountNegativeError, lposMaxlenNegativeError, lposRankZeroError, syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, intArg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asList, nonNegativeArg } from './common.js';

// --- Commands: reading ---

/**
 * The length of a list; 0 when the key does not exist.
 * Format: LLEN key
 */
export function llenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  return found === undefined ? 0 : listLength(asList(found));
}

/**
 * The elements from start to stop inclusive; negative indexes count from the end.
 * Format: LRANGE key start stop
 */
export function lrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = intArg(argv[2] as Buffer);
  const end = intArg(argv[3] as Buffer);
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return [];
  return listRange(asList(found), start, end);
}

/**
 * The element at an index (negative from the end); nil when out of range or missing.
 * Format: LINDEX key index
 */
export function lindexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return null;
  const list = asList(found);
  return listIndex(list, intArg(argv[2] as Buffer)) ?? null;
}

/** C's LONG_MIN, for LPOS's RANK quirk. */
const LONG_MIN = -(2n ** 63n);

/**
 * Indexes of the elements equal to element: the first one, or with COUNT an array. RANK picks the
 * n-th match (negative: from the tail), MAXLEN limits how many elements are compared.
 * Format: LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
 */
export function lposCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let rank = 1;
  let rankIsLongMin = false;
  let count: number | undefined;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const word = optionWord(argv[j] as Buffer);
    const moreArgs = j < argv.length - 1;
    if (word === 'RANK' && moreArgs) {
      const exact = int64Arg(argv[++j] as Buffer);
      if (exact === 0) throw lposRankZeroError();
      rankIsLongMin = exact === LONG_MIN;
      rank = Number(exact);
    } else if (word === 'COUNT' && moreArgs) {
      count = nonNegativeArg(argv[++j] as Buffer, lposCountNegativeError);
    } else if (word === 'MAXLEN' && moreArgs) {
      maxlen = nonNegativeArg(argv[++j] as Buffer, lposMaxlenNegativeError);
    } else {
      throw syntaxError();
    }
  }
  if (rankIsLongMin) {
    // Redis quirk kept: lposCommand negates a negative rank, and -LONG_MIN overflows back to
    // LONG_MIN, so every match counts as reached and COUNT never ends the scan. That is rank -1
    // with every match: without COUNT the last match, with any COUNT all matches from the tail.
    rank = -1;
    if (count !== undefined) count = 0;
  }
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return count === undefined ? null : [];
  const positions = listPositions(asList(found), keyOf(argv[2] as Buffer), { rank, count, maxlen });
  return count === undefined ? (positions[0] ?? null) : positions;
}
