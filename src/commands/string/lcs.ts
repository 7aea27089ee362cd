// LCS: the longest common subsequence of two strings, with LEN, IDX, MINMATCHLEN and WITHMATCHLEN.
// Mirrors: redis src/t_string.c (lcsCommand).

import { longestCommonSubsequence } from '../../datatypes/string/lcs.js';
import { stringValue } from '../../datatypes/string/string-type.js';
import { lcsLenAndIdxError, lcsNotStringError, syntaxError } from '../../errors.js';
import { map, type Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';

// --- LCS ---

/**
 * The longest common subsequence of two string values (missing keys are empty strings), its
 * length (LEN), or the matching ranges (IDX, a map in RESP3).
 * Format: LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
 */
export function lcsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const objA = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  const objB = ctx.db.lookupRead(keyOf(argv[2] as Buffer));
  // Checked before the options: this error wins over a syntax error.
  if ((objA !== undefined && objA.type !== 'string') || (objB !== undefined && objB.type !== 'string')) {
    throw lcsNotStringError();
  }
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionWord(argv[j] as Buffer);
    const moreArgs = argv.length - 1 - j;
    if (opt === 'IDX') {
      getIdx = true;
    } else if (opt === 'LEN') {
      getLen = true;
    } else if (opt === 'WITHMATCHLEN') {
      withMatchLen = true;
    } else if (opt === 'MINMATCHLEN' && moreArgs > 0) {
      const n = int64Arg(argv[j + 1] as Buffer);
      minMatchLen = n < 0 ? 0 : Number(n);
      j++;
    } else {
      throw syntaxError();
    }
  }
  if (getIdx && getLen) throw lcsLenAndIdxError();
  const a = objA === undefined ? '' : stringValue(objA);
  const b = objB === undefined ? '' : stringValue(objB);
  // SIMPLIFIED: Redis refuses strings of 2^32-1 bytes or more ("String too long for LCS"); V8 strings
  // never get that long.
  const result = longestCommonSubsequence(a, b, { walk: getIdx || !getLen, minMatchLen });
  if (getLen) return result.length;
  if (!getIdx) return result.text;
  const matches: Reply[] = result.matches.map((m) =>
    withMatchLen
      ? [[m.aStart, m.aEnd], [m.bStart, m.bEnd], m.length]
      : [[m.aStart, m.aEnd], [m.bStart, m.bEnd]],
  );
  return map(['matches', matches, 'len', result.length]);
}
