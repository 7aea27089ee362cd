// Command shapes the generators must not produce until a known tsredis bug is fixed. Each entry names the
// bug and its minimal repro; delete the entry when the bug is fixed, and the fuzzer covers the shape again.
// An entry here is a debt, not a normalisation: docs/verification.md lists the open ones.
// (Fixed since they were found, and covered again: absolute expiries beyond 2^53 ms, SELECT beyond C's int range, EXEC with arguments,
// NUL/CR/LF in quoted error texts, NUL in a HELLO option, BZMPOP's timeout parsed before its other arguments, a complete inline line past 80KB written at once, BRPOPLPUSH/BLMOVE inside MULTI, HELLO's option order.)

import type { Template } from './command.js';

export interface KnownBug {
  /** A short name, used in reports. */
  readonly id: string;
  /** Minimal repro: the commands, what Redis replies, what tsredis replies. */
  readonly repro: string;
  /** Does this command, sent while its client is (or is not) inside MULTI, have the bug's shape? */
  readonly matches: (argv: readonly Buffer[], inMulti: boolean) => boolean;
}

const word = (arg: Buffer | undefined): string => (arg === undefined ? '' : arg.toString('latin1').toLowerCase());

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'lua-5.4-messages',
    repro: 'EVAL "return (" 0 -> Redis "-ERR Error compiling script (new function): user_script:1: unexpected symbol near \'<eof>\'", tsredis "... near <eof>" (our Lua is 5.4, whose parser and runtime word some messages differ from 5.1\'s; docs/differences.md, Scripting)',
    matches: (argv) => ['eval', 'eval_ro', 'script'].includes(word(argv[0])) && argv.some((a) => LUA_54_DIFFERENT.has(a.toString('latin1'))),
  },
];

/** Script bodies (test/differential/families/scripts.ts) whose reply differs only because our Lua is 5.4. */
const LUA_54_DIFFERENT = new Set<string>(['return (']);

const TTL_STAND_IN = Buffer.from('1000', 'latin1');

/** Is this template free of every known bug's shape? (TTL placeholders never decide a match.) */
export function avoidsKnownBugs(template: Template, inMulti: boolean): boolean {
  const argv = template.argv.map((a) => (Buffer.isBuffer(a) ? a : TTL_STAND_IN));
  return !KNOWN_BUGS.some((bug) => bug.matches(argv, inMulti));
}
