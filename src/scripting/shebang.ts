// Redis 7 script flags: an EVAL body may start with `#!lua flags=no-writes,allow-oom`.
// Mirrors: redis src/eval.c (evalExtractShebangFlags) and src/script.c (scripts_flags_def).

import { ReplyError } from '../errors.js';

export interface ScriptFlags {
  /** Bytes of the first line when the script has a shebang (0 without one). */
  readonly shebangLength: number;
  /** `no-writes`: the script runs as EVAL_RO would. */
  readonly noWrites: boolean;
  /** `allow-oom`: the script may start while the server is out of memory. */
  readonly allowOom: boolean;
  /** `allow-stale`: the script may run on a replica whose link is down (replica-serve-stale-data no). */
  readonly allowStale: boolean;
}

/** The flag names Redis 7.0 accepts. no-cluster and allow-cross-slot-keys concern cluster mode only. */
const KNOWN_FLAGS = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);

const NO_SHEBANG: ScriptFlags = { shebangLength: 0, noWrites: false, allowOom: false, allowStale: false };

export function parseShebang(body: Buffer): ScriptFlags {
  if (body.length < 2 || body[0] !== 0x23 || body[1] !== 0x21) return NO_SHEBANG;
  const newline = body.indexOf(0x0a);
  const line = body.latin1Slice(0, newline === -1 ? body.length : newline);
  const parts = line.split(' ').filter((part) => part !== '');
  const engine = parts[0] ?? '';
  if (engine !== '#!lua') throw new ReplyError(`ERR Unexpected engine in script shebang: ${engine}`);
  let noWrites = false;
  let allowOom = false;
  let allowStale = false;
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) throw new ReplyError(`ERR Unknown lua shebang option: ${part}`);
    for (const flag of part.slice('flags='.length).split(',')) {
      if (flag === '') continue;
      if (!KNOWN_FLAGS.has(flag)) throw new ReplyError(`ERR Unexpected flag in script shebang: ${flag}`);
      if (flag === 'no-writes') noWrites = true;
      if (flag === 'allow-oom') allowOom = true;
      if (flag === 'allow-stale') allowStale = true;
    }
  }
  return { shebangLength: line.length, noWrites, allowOom, allowStale };
}
