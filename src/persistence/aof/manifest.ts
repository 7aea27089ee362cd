// The AOF manifest: which files make up the append-only log, in which order.
// Mirrors: redis src/aof.c (aofInfoFormat, getAofManifestAsString, aofLoadManifestFromFile,
// getNewBaseFileNameAndMarkPreAsHistory, getNewIncrAofName, persistAofManifest).
//
// Since 7.0 the log is a directory (`appenddirname`) of one base file (a snapshot: RDB, or AOF
// commands with aof-use-rdb-preamble no), any number of incr files (the commands since), and the
// manifest naming them, one line each:
//
//   file appendonly.aof.1.base.rdb seq 1 type b
//   file appendonly.aof.1.incr.aof seq 1 type i
//
// `type` is b (base), i (incr) or h (history: replaced by a rewrite, waiting to be deleted).
// The manifest is the commit point: a rewrite writes new files first, then swaps the manifest in
// with write-temp / fsync / rename, so a crash at any moment leaves either the old or the new set.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type AofFileType = 'b' | 'h' | 'i';

export interface AofFileInfo {
  readonly name: string;
  readonly seq: number;
  readonly type: AofFileType;
}

export interface AofManifest {
  base: AofFileInfo | undefined;
  incrs: AofFileInfo[];
  history: AofFileInfo[];
  /** The highest seq handed out to a base / an incr file (the next one gets +1). */
  baseSeq: number;
  incrSeq: number;
}

export const BASE_FILE_SUFFIX = '.base';
export const INCR_FILE_SUFFIX = '.incr';
export const RDB_FORMAT_SUFFIX = '.rdb';
export const AOF_FORMAT_SUFFIX = '.aof';
export const MANIFEST_NAME_SUFFIX = '.manifest';
export const TEMP_FILE_NAME_PREFIX = 'temp-';

export function emptyManifest(): AofManifest {
  return { base: undefined, incrs: [], history: [], baseSeq: 0, incrSeq: 0 };
}

export function manifestFileName(appendFilename: string): string {
  return `${appendFilename}${MANIFEST_NAME_SUFFIX}`;
}

/** `appendonly.aof.2.base.rdb` (or `.base.aof` without the RDB preamble). */
export function baseFileName(appendFilename: string, seq: number, rdbPreamble: boolean): string {
  return `${appendFilename}.${seq}${BASE_FILE_SUFFIX}${rdbPreamble ? RDB_FORMAT_SUFFIX : AOF_FORMAT_SUFFIX}`;
}

export function incrFileName(appendFilename: string, seq: number): string {
  return `${appendFilename}.${seq}${INCR_FILE_SUFFIX}${AOF_FORMAT_SUFFIX}`;
}

/** A manifest Redis would refuse; `line` (1-based) and `text` locate it when a line is at fault. */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly text?: string,
  ) {
    super(message);
  }
}

// --- Text form ---

/** A file name as Redis writes it: bare, or quoted with escapes when it has spaces or odd bytes (sdscatrepr). */
function quoteName(name: string): string {
  if (/^[\x21-\x7e]+$/.test(name) && !/["'\\]/.test(name)) return name;
  let out = '"';
  for (const ch of name) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

function formatLine(info: AofFileInfo): string {
  return `file ${quoteName(info.name)} seq ${info.seq} type ${info.type}\n`;
}

/** The manifest's bytes: base, then history, then incr files in order (getAofManifestAsString). */
export function formatManifest(manifest: AofManifest): string {
  let text = '';
  if (manifest.base !== undefined) text += formatLine(manifest.base);
  for (const info of manifest.history) text += formatLine(info);
  for (const info of manifest.incrs) text += formatLine(info);
  return text;
}

/** Split a line into words, honouring "double" and 'single' quotes (sds.c sdssplitargs). */
function splitWords(line: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    let word = '';
    const quote = line[i];
    if (quote === '"' || quote === "'") {
      i++;
      let closed = false;
      while (i < line.length) {
        const ch = line[i] as string;
        if (quote === '"' && ch === '\\' && i + 1 < line.length) {
          const next = line[i + 1] as string;
          if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          word += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (ch === quote) {
          closed = true;
          i++;
          break;
        }
        word += ch;
        i++;
      }
      if (!closed) return undefined;
      if (i < line.length && !/\s/.test(line[i] as string)) return undefined;
    } else {
      while (i < line.length && !/\s/.test(line[i] as string)) word += line[i++];
    }
    words.push(word);
  }
  return words;
}

/**
 * Parse a manifest (aofLoadManifestFromFile): `#` lines are comments, each other line is
 * key/value pairs with at least file, seq and type. Throws ManifestError with Redis's wording.
 */
export function parseManifest(text: string): AofManifest {
  const manifest = emptyManifest();
  const lines = text.split('\n');
  // A manifest always ends with a newline; text after the last one is a torn write.
  if (lines[lines.length - 1] !== '') throw new ManifestError('The AOF manifest file is invalid format');
  lines.pop();
  let entries = 0;
  for (const [index, line] of lines.entries()) {
    if (line.startsWith('#')) continue;
    const fail = (message: string): ManifestError => new ManifestError(message, index + 1, line);
    const words = splitWords(line);
    if (words === undefined || words.length < 6 || words.length % 2 !== 0) throw fail('Invalid AOF manifest file format');
    let name: string | undefined;
    let seq: number | undefined;
    let type: string | undefined;
    for (let i = 0; i < words.length; i += 2) {
      const key = words[i] as string;
      const value = words[i + 1] as string;
      if (key === 'file') name = value;
      else if (key === 'seq') seq = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
      else if (key === 'type') type = value;
    }
    // Redis reads seq with atoll: anything that is not a non-zero number counts as missing.
    if (name === undefined || seq === undefined || Number.isNaN(seq) || seq === 0 || type === undefined || type.length !== 1) {
      throw fail('Invalid AOF manifest file format');
    }
    if (type !== 'b' && type !== 'h' && type !== 'i') throw fail('Unknown AOF file type');
    const info: AofFileInfo = { name, seq, type };
    entries++;
    if (type === 'b') {
      if (manifest.base !== undefined) throw fail('Found duplicate base file information');
      manifest.base = info;
      manifest.baseSeq = seq;
    } else if (type === 'h') {
      manifest.history.push(info);
    } else {
      if (seq <= manifest.incrSeq) throw fail('Found a non-monotonic sequence number');
      manifest.incrs.push(info);
      manifest.incrSeq = seq;
    }
  }
  if (entries === 0) throw new ManifestError('Found an empty AOF manifest');
  return manifest;
}

// --- Files ---

/** Read `<dir>/<appendfilename>.manifest`; undefined when it does not exist. */
export function readManifest(aofDir: string, appendFilename: string): AofManifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(aofDir, manifestFileName(appendFilename)), 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseManifest(text);
}

/** Write a file so that after return it is durable: temp name, fsync, rename, fsync the directory. */
export function writeFileDurably(dir: string, name: string, data: string | Buffer): void {
  const temp = join(dir, `${TEMP_FILE_NAME_PREFIX}${name}`);
  const fd = openSync(temp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  fsyncDirectory(dir);
}

/** Make a rename or a newly created file durable (the directory entry itself must reach the disk). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** persistAofManifest: the manifest switch, crash-safe. */
export function persistManifest(aofDir: string, appendFilename: string, manifest: AofManifest): void {
  writeFileDurably(aofDir, manifestFileName(appendFilename), formatManifest(manifest));
}

/** aof_current_size: the base and every incr file the manifest names (getBaseAndIncrAppendOnlyFilesSize). */
export function manifestFilesSize(aofDir: string, manifest: AofManifest): number {
  const names = [...(manifest.base !== undefined ? [manifest.base.name] : []), ...manifest.incrs.map((i) => i.name)];
  let total = 0;
  for (const name of names) {
    const path = join(aofDir, name);
    if (existsSync(path)) total += statSync(path).size;
  }
  return total;
}

/** Delete a file that may already be gone (old AOF files after a rewrite). */
export function removeFileQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
