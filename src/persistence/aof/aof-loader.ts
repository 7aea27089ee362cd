// Loading the append-only files at start-up: the base (an RDB preamble or AOF commands), then
// every incr file in manifest order, each command replayed through its handler.
// Mirrors: redis src/aof.c (loadAppendOnlyFiles, loadSingleAppendOnlyFile, aofUpgradePrepare,
// aofFileExist) and redis-check-aof's notion of a truncated tail.
//
// The file is parsed as RESP multibulk, command by command; `validUpTo` is the offset after the
// last complete command (outside a MULTI: a MULTI with no EXEC counts as unfinished, as Redis
// reverts it). Three endings:
//   complete  — the file ends on a command boundary;
//   truncated — the last command is cut short (a crash mid-write). Only the last file may end so:
//               with aof-load-truncated yes the file is cut back to `validUpTo` and loading goes
//               on; with no, the server refuses to start;
//   corrupt   — bytes that are not RESP where a command should start: refuse to start, naming
//               the file and the offset.

import { existsSync, mkdirSync, readFileSync, renameSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { DataLoadError } from '../startup.js';
import { emptyManifest, ManifestError, persistManifest, readManifest, type AofFileInfo, type AofManifest } from './manifest.js';

/** The server refuses to start (cli exits 1, startServer rejects); the reason was logged. */
export class AofLoadError extends DataLoadError {}

export interface AofLoadHooks {
  /** Run one command with the loading client; throws AofLoadError for an unknown command. */
  execute(argv: Buffer[], fileName: string): void;
  /** Load an RDB image at the start of `data`; returns the bytes it used. Undefined: no RDB reader. */
  loadRdb: ((data: Buffer) => number) | undefined;
  log(level: 'notice' | 'warning', message: string): void;
}

export interface AofLoadOptions {
  readonly dir: string;
  readonly appendDirname: string;
  readonly appendFilename: string;
  readonly loadTruncated: boolean;
}

type ParseEnd = { kind: 'complete' } | { kind: 'truncated'; validUpTo: number; inMulti: boolean } | { kind: 'corrupt'; offset: number };

const STAR = 0x2a;
const DOLLAR = 0x24;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
/** Redis reads at most this much of a header line (AOF_ANNOTATION_LINE_MAX_LEN / fgets buffer). */
const MAX_HEADER_LINE = 1024;

/** Read "<digits>\r\n" at `at`; undefined if the line is not complete yet, NaN if it is not a number. */
function readHeaderNumber(data: Buffer, at: number): { value: number; next: number } | undefined {
  const lf = data.indexOf(LF, at);
  if (lf === -1 || lf - at > MAX_HEADER_LINE) return undefined;
  const end = lf > at && data[lf - 1] === CR ? lf - 1 : lf;
  const text = data.latin1Slice(at, end);
  return { value: /^-?\d+$/.test(text) ? Number(text) : Number.NaN, next: lf + 1 };
}

/**
 * Parse commands from `start`, calling onCommand for each complete one (MULTI ... EXEC is handed
 * over only once its EXEC has been read, as one batch).
 */
export function parseAofCommands(data: Buffer, start: number, onCommand: (argv: Buffer[]) => void): ParseEnd {
  let at = start;
  let validUpTo = start;
  let multi: Buffer[][] | undefined;
  while (at < data.length) {
    const first = data[at] as number;
    if (first === HASH) {
      // An annotation line (aof-timestamp-enabled's "#TS:..."): skipped.
      const lf = data.indexOf(LF, at);
      if (lf === -1) return { kind: 'truncated', validUpTo, inMulti: multi !== undefined };
      at = lf + 1;
      if (multi === undefined) validUpTo = at;
      continue;
    }
    if (first !== STAR) return { kind: 'corrupt', offset: at };
    const argc = readHeaderNumber(data, at + 1);
    if (argc === undefined) return { kind: 'truncated', validUpTo, inMulti: multi !== undefined };
    if (!(argc.value >= 1)) return { kind: 'corrupt', offset: at };
    at = argc.next;
    const argv: Buffer[] = [];
    for (let i = 0; i < argc.value; i++) {
      if (at >= data.length) return { kind: 'truncated', validUpTo, inMulti: multi !== undefined };
      if (data[at] !== DOLLAR) return { kind: 'corrupt', offset: at };
      const len = readHeaderNumber(data, at + 1);
      if (len === undefined) return { kind: 'truncated', validUpTo, inMulti: multi !== undefined };
      if (!(len.value >= 0)) return { kind: 'corrupt', offset: at };
      at = len.next;
      // The argument and its CRLF must both be there.
      if (at + len.value + 2 > data.length) return { kind: 'truncated', validUpTo, inMulti: multi !== undefined };
      argv.push(data.subarray(at, at + len.value));
      at += len.value + 2;
    }
    const name = (argv[0] as Buffer).latin1Slice(0, (argv[0] as Buffer).length).toLowerCase();
    if (name === 'multi' && argv.length === 1) {
      multi = [];
    } else if (name === 'exec' && argv.length === 1 && multi !== undefined) {
      for (const queued of multi) onCommand(queued);
      multi = undefined;
    } else if (multi !== undefined) {
      multi.push(argv);
    } else {
      onCommand(argv);
    }
    if (multi === undefined) validUpTo = at;
  }
  if (multi !== undefined) return { kind: 'truncated', validUpTo, inMulti: true };
  return { kind: 'complete' };
}

/** "REDIS" at the start: the base (or an upgraded old-style file) begins with an RDB image. */
function hasRdbPreamble(data: Buffer): boolean {
  return data.length >= 5 && data.latin1Slice(0, 5) === 'REDIS';
}

/**
 * Load one file (loadSingleAppendOnlyFile). `isLast`: the only file allowed a truncated tail.
 * Returns false if the file is empty.
 */
function loadFile(dirPath: string, info: AofFileInfo, isLast: boolean, options: AofLoadOptions, hooks: AofLoadHooks): boolean {
  const path = join(dirPath, info.name);
  const data = readFileSync(path);
  if (data.length === 0) return false;
  let start = 0;
  if (hasRdbPreamble(data)) {
    if (hooks.loadRdb === undefined) throw new AofLoadError(`Error reading the RDB base file ${info.name}, AOF loading aborted`);
    try {
      start = hooks.loadRdb(data);
    } catch (err) {
      throw new AofLoadError(`Error reading the RDB base file ${info.name}, AOF loading aborted: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const end = parseAofCommands(data, start, (argv) => hooks.execute(argv, info.name));
  if (end.kind === 'complete') return true;
  if (end.kind === 'corrupt') {
    hooks.log(
      'warning',
      `Bad file format reading the append only file ${info.name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`,
    );
    throw new AofLoadError(`Bad file format reading the append only file ${info.name} at offset ${end.offset}`);
  }
  // Truncated.
  if (end.inMulti) hooks.log('warning', `Revert incomplete MULTI/EXEC transaction in AOF file ${info.name}`);
  if (!isLast) {
    hooks.log('warning', 'Fatal error: the truncated file is not the last file');
    throw new AofLoadError(`the truncated file ${info.name} is not the last file (offset ${end.validUpTo})`);
  }
  if (!options.loadTruncated) {
    const message = `Unexpected end of file reading the append only file ${info.name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`;
    hooks.log('warning', message);
    throw new AofLoadError(`${message} (last valid command ends at offset ${end.validUpTo})`);
  }
  hooks.log('warning', `!!! Warning: short read while loading the AOF file ${info.name}!!!`);
  hooks.log('warning', `!!! Truncating the AOF ${info.name} at offset ${end.validUpTo} !!!`);
  truncateSync(path, end.validUpTo);
  hooks.log('warning', `AOF ${info.name} loaded anyway because aof-load-truncated is enabled`);
  return true;
}

/**
 * An old-style single AOF in `dir` and no manifest (aofUpgradePrepare): move it into the AOF
 * directory as the base and write a manifest naming it, so the next steps see a 7.0 layout.
 */
function upgradeOldStyleAof(options: AofLoadOptions, dirPath: string, hooks: AofLoadHooks): AofManifest | undefined {
  const oldPath = join(options.dir, options.appendFilename);
  if (!existsSync(oldPath) || !statSync(oldPath).isFile()) return undefined;
  mkdirSync(dirPath, { recursive: true });
  const manifest = emptyManifest();
  manifest.base = { name: options.appendFilename, seq: 1, type: 'b' };
  manifest.baseSeq = 1;
  // The manifest first, then the move: a crash in between leaves the old file where it was and a
  // manifest naming a file not there yet, which the next start-up repairs by moving it again.
  persistManifest(dirPath, options.appendFilename, manifest);
  renameSync(oldPath, join(dirPath, options.appendFilename));
  hooks.log(
    'notice',
    `Successfully migrated an old-style AOF file (${options.appendFilename}) into the AOF directory (${options.appendDirname}).`,
  );
  return manifest;
}

export interface AofLoadResult {
  /** The manifest found (or created by an upgrade); empty when there was nothing. */
  readonly manifest: AofManifest;
  /** Were there any files with data? */
  readonly loadedAny: boolean;
}

/** loadAppendOnlyFiles: everything the manifest lists, in order. Throws AofLoadError to refuse to start. */
export function loadAppendOnlyFiles(options: AofLoadOptions, hooks: AofLoadHooks): AofLoadResult {
  const dirPath = join(options.dir, options.appendDirname);
  let manifest: AofManifest | undefined;
  try {
    manifest = readManifest(dirPath, options.appendFilename);
  } catch (err) {
    if (err instanceof ManifestError) {
      // As Redis reports it: where, the line itself, then why.
      if (err.line !== undefined) {
        hooks.log('warning', `Reading the manifest file, at line ${err.line}`);
        hooks.log('warning', `>>> '${err.text ?? ''}'`);
      }
      hooks.log('warning', err.message);
      throw new AofLoadError(err.message);
    }
    throw err;
  }
  if (manifest === undefined) {
    manifest = upgradeOldStyleAof(options, dirPath, hooks);
    if (manifest === undefined) return { manifest: emptyManifest(), loadedAny: false };
  }
  // The upgrade's crash window: the manifest names the old file but the move did not happen.
  if (manifest.base !== undefined && !existsSync(join(dirPath, manifest.base.name))) {
    const oldPath = join(options.dir, manifest.base.name);
    if (manifest.base.name === options.appendFilename && existsSync(oldPath)) renameSync(oldPath, join(dirPath, manifest.base.name));
  }
  const files: AofFileInfo[] = [...(manifest.base !== undefined ? [manifest.base] : []), ...manifest.incrs];
  for (const info of files) {
    if (!existsSync(join(dirPath, info.name))) {
      throw new AofLoadError(`Unable to obtain the AOF file ${info.name} length. stat: No such file or directory`);
    }
  }
  const started = performance.now();
  let loadedAny = false;
  files.forEach((info, i) => {
    const fileStart = performance.now();
    if (loadFile(dirPath, info, i === files.length - 1, options, hooks)) {
      loadedAny = true;
      const kind = info.type === 'b' ? 'base' : 'incr';
      hooks.log('notice', `DB loaded from ${kind} file ${info.name}: ${((performance.now() - fileStart) / 1000).toFixed(3)} seconds`);
    }
  });
  if (loadedAny) hooks.log('notice', `DB loaded from append only file: ${((performance.now() - started) / 1000).toFixed(3)} seconds`);
  return { manifest, loadedAny };
}
