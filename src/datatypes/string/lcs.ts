// The longest common subsequence of two strings, and the matching ranges LCS ... IDX reports.
// Mirrors: redis src/t_string.c (lcsCommand).
//
// The problem: find the longest sequence of bytes that appears, in order but not necessarily
// contiguously, in both strings. The algorithm is the textbook dynamic program Redis uses: a table
// where cell (i, j) holds the LCS length of the first i bytes of A and the first j bytes of B. A
// diagonal step is taken when the bytes match, otherwise the longer of the two neighbours wins.
// Walking back from the bottom-right corner rebuilds the subsequence from its end, and the runs of
// consecutive diagonal steps are the "matches": ranges of A and B that are equal. The walk must
// break ties exactly as Redis does (prefer moving in B unless A's neighbour is strictly longer), or
// a different (equally long) subsequence and different ranges come out.
// Time and memory are O(N×M): Redis allocates the whole table too, one uint32 per cell.

import { lcsNoMemoryError } from '../../errors.js';

/** One contiguous run of the LCS: inclusive byte ranges in A and B, and its length. */
export interface LcsMatch {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
  readonly length: number;
}

export interface LcsResult {
  /** Length of the longest common subsequence. */
  readonly length: number;
  /** The subsequence itself (latin1 bytes), when asked for. */
  readonly text: string;
  /** The runs from the end of the strings backwards, those at least `minMatchLen` long, when asked for. */
  readonly matches: readonly LcsMatch[];
}

export interface LcsOptions {
  /** Rebuild the subsequence and the matches (Redis skips the walk for plain LEN). */
  readonly walk: boolean;
  /** Report only runs at least this long (0: all). */
  readonly minMatchLen: number;
}

/** The LCS length table, (alen+1) × (blen+1) cells, row-major by A's index. */
function buildTable(a: string, b: string): Uint32Array {
  const width = b.length + 1;
  let table: Uint32Array;
  try {
    table = new Uint32Array((a.length + 1) * width);
  } catch (err) {
    // Redis replies an error when ztrymalloc fails; a too-big typed array throws RangeError.
    if (err instanceof RangeError) throw lcsNoMemoryError();
    throw err;
  }
  // Row 0 and column 0 stay zero: the LCS with an empty prefix is empty.
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * width;
    const prev = row - width;
    for (let j = 1; j <= b.length; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        table[row + j] = (table[prev + j - 1] as number) + 1;
      } else {
        const up = table[prev + j] as number;
        const left = table[row + j - 1] as number;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  return table;
}

/** Compute the LCS of `a` and `b` (latin1 byte strings). */
export function longestCommonSubsequence(a: string, b: string, options: LcsOptions): LcsResult {
  const width = b.length + 1;
  const table = buildTable(a, b);
  const length = table[a.length * width + b.length] as number;
  if (!options.walk) return { length, text: '', matches: [] };

  const chars: string[] = new Array<string>(length);
  const matches: LcsMatch[] = [];
  let k = length;
  // The run being collected; `runActive` false means no run yet.
  let runActive = false;
  let aStart = 0;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  const emit = (): void => {
    const runLength = aEnd - aStart + 1;
    if (options.minMatchLen === 0 || runLength >= options.minMatchLen) {
      matches.push({ aStart, aEnd, bStart, bEnd, length: runLength });
    }
    runActive = false;
  };

  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      chars[--k] = a[i - 1] as string;
      if (!runActive) {
        runActive = true;
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else {
        // Walking backwards, a match right after a match extends the run at its start.
        aStart--;
        bStart--;
      }
      i--;
      j--;
      // The run touches the start of one string: the walk ends here, so report it now.
      if (aStart === 0 || bStart === 0) emit();
    } else {
      const up = table[(i - 1) * width + j] as number;
      const left = table[i * width + j - 1] as number;
      if (up > left) i--;
      else j--;
      if (runActive) emit();
    }
  }
  return { length, text: chars.join(''), matches };
}
