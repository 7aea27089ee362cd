// The SCAN family's arguments: the cursor (an unsigned 64-bit number, strictly parsed) and the
// MATCH / COUNT / TYPE options, shared by SCAN, HSCAN, SSCAN and ZSCAN.
// Mirrors: redis src/db.c (parseScanCursorOrReply and the option loop of scanGenericCommand).

import { invalidCursorError, syntaxError } from '../errors.js';
import { globMatch, isMatchAll } from '../util/glob.js';
import { intArg, optionOf } from './args.js';

/** The complexity line Redis 7.0's HSCAN, SSCAN and ZSCAN specs share (with its doubled period). */
export const ELEMENT_SCAN_COMPLEXITY =
  'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..';

function isCSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * A SCAN cursor, parsed as Redis's parseScanCursorOrReply parses it with strtoul: an unsigned
 * 64-bit decimal with an optional sign ("-1" wraps to 2^64-1, as in C), no leading space, no
 * trailing garbage, and the empty string reads as 0. The argument ends at a NUL byte, as a C
 * string would. HSCAN, SSCAN and ZSCAN parse their cursor the same way.
 */
export function parseScanCursor(arg: Buffer): bigint {
  const nul = arg.indexOf(0);
  const text = (nul === -1 ? arg : arg.subarray(0, nul)).toString('latin1');
  if (text.length === 0) return 0n;
  if (isCSpace(text.charCodeAt(0))) throw invalidCursorError();
  const match = /^([+-]?)([0-9]+)$/.exec(text);
  if (match === null) throw invalidCursorError();
  const magnitude = BigInt(match[2] as string);
  if (magnitude > ULONG_MAX) throw invalidCursorError();
  return match[1] === '-' && magnitude !== 0n ? ULONG_MAX + 1n - magnitude : magnitude;
}

/** SCAN's options (scanGenericCommand step 1); the key-family scans have no TYPE. */
export interface ScanOptions {
  count: number;
  /** undefined when there is no pattern or it is exactly "*" (which matches everything). */
  pattern: Buffer | undefined;
  type: string | undefined;
}

/** Parse `[MATCH pattern] [COUNT count] [TYPE type]` starting at argv[from]. */
export function parseScanOptions(argv: readonly Buffer[], from: number, allowType: boolean): ScanOptions {
  const options: ScanOptions = { count: 10, pattern: undefined, type: undefined };
  for (let i = from; i < argv.length; i += 2) {
    const option = optionOf(argv[i] as Buffer);
    const value = argv[i + 1];
    if (value === undefined) throw syntaxError();
    if (option === 'COUNT') {
      const count = intArg(value);
      if (count < 1) throw syntaxError();
      options.count = count;
    } else if (option === 'MATCH') {
      options.pattern = isMatchAll(value) ? undefined : value;
    } else if (option === 'TYPE' && allowType) {
      options.type = value.toString('latin1');
    } else {
      throw syntaxError();
    }
  }
  return options;
}

/**
 * The MATCH filter of HSCAN and ZSCAN: keep the [name, value] pairs of a flat [name, value, ...]
 * array whose name matches `pattern` (all of them without one). Like Redis's scanGenericCommand,
 * it runs after the step, so a call may return fewer than COUNT elements, even none.
 */
export function matchingPairs(pairs: string[], pattern: Buffer | undefined): string[] {
  if (pattern === undefined) return pairs;
  const kept: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i] as string;
    if (globMatch(pattern, Buffer.from(name, 'latin1'))) kept.push(name, pairs[i + 1] as string);
  }
  return kept;
}
