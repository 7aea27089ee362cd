// BGREWRITEAOF's new base, written in the background from a point-in-time view, a batch of keys
// per event-loop turn, as BGSAVE writes its RDB file.
// Mirrors: redis src/aof.c (rewriteAppendOnlyFileBackground's child: rewriteAppendOnlyFile,
// rewriteAppendOnlyFileRio) and src/rdb.c (rdbSaveRio with the aof-base AUX field).
//
// Redis's child writes temp-rewriteaof-bg-<pid>.aof from its copy-on-write image, fsyncs it and
// exits; the parent renames it to the new base name and swaps the manifest. Here the "child" is
// this class reading a PointInTimeView (point-in-time.ts): the base is an RDB image through
// RdbEncoder (aof-use-rdb-preamble yes) or the dataset as commands (aof-rewrite.ts), written to a
// temp file, fsynced, then renamed to its final name. The manifest swap is the caller's (aof.ts).

import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keyspace } from '../../keyspace/keyspace.js';
import type { ExpireTime } from '../../keyspace/database.js';
import { PointInTimeView, writeViewInBatches } from '../point-in-time.js';
import { errnoMessage, removeQuietly, writeChunks, type AuxFields } from '../rdb-save.js';
import { RdbEncoder } from '../rdb/rdb-writer.js';
import { commandsForValue, encodeCommand } from './aof-rewrite.js';

export interface BaseWriteOptions {
  readonly dir: string;
  readonly tempName: string;
  readonly finalName: string;
  readonly useRdb: boolean;
  readonly compression: boolean;
  readonly checksum: boolean;
  readonly aux: AuxFields;
  /** FUNCTION RESTORE of the libraries as they were at the start, or undefined when there are none. */
  readonly restoreFunctions: Buffer | undefined;
  /** aof-timestamp-enabled: the "#TS:" second a command base opens with. */
  readonly timestampSec: number | undefined;
  /** The start time: keys whose TTL had passed by then are left out of a command base. */
  readonly nowMs: number;
}

export type BaseWriteResult = { readonly ok: true } | { readonly ok: false; readonly aborted: boolean; readonly message: string };

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A batch of encoded output: RDB chunks or RESP commands. */
interface BaseEncoder {
  selectDb(index: number, keys: number, expires: number): void;
  key(key: string, value: Parameters<typeof commandsForValue>[1], expireAtMs: ExpireTime | undefined): void;
  take(): Buffer[];
  finish(): void;
}

function rdbEncoder(options: BaseWriteOptions): BaseEncoder {
  const encoder = new RdbEncoder({ compression: options.compression, checksum: options.checksum });
  encoder.header(options.aux);
  let tail: Buffer[] = [];
  return {
    selectDb: (index, keys, expires) => encoder.selectDb(index, keys, expires),
    key: (key, value, expireAtMs) => encoder.key(key, value, expireAtMs),
    take: () => {
      const chunks = [...encoder.takeChunks(), ...tail];
      tail = [];
      return chunks;
    },
    finish: () => {
      encoder.finish();
      // Commands may follow an RDB preamble: Redis loads them as the AOF tail.
      if (options.restoreFunctions !== undefined) tail = [options.restoreFunctions];
    },
  };
}

function commandEncoder(options: BaseWriteOptions): BaseEncoder {
  let out: Buffer[] = [];
  if (options.timestampSec !== undefined) out.push(Buffer.from(`#TS:${options.timestampSec}\r\n`));
  if (options.restoreFunctions !== undefined) out.push(options.restoreFunctions);
  return {
    selectDb: (index) => out.push(encodeCommand([latin1('SELECT'), latin1(String(index))])),
    key: (key, value, expireAtMs) => {
      if (expireAtMs !== undefined && expireAtMs <= options.nowMs) return;
      for (const argv of commandsForValue(key, value)) out.push(encodeCommand(argv));
      if (expireAtMs !== undefined) out.push(encodeCommand([latin1('PEXPIREAT'), latin1(key), latin1(String(expireAtMs))]));
    },
    // Many small commands: one buffer per batch, so writev gets a few large pieces.
    take: () => {
      const chunks = out.length === 0 ? [] : [Buffer.concat(out)];
      out = [];
      return chunks;
    },
    finish: () => undefined,
  };
}

export class BackgroundBaseWrite {
  private readonly view: PointInTimeView;
  private aborted = false;
  private tempPath: string | undefined;
  readonly done: Promise<BaseWriteResult>;

  constructor(
    keyspace: Keyspace,
    private readonly options: BaseWriteOptions,
  ) {
    this.view = new PointInTimeView(keyspace);
    this.done = this.run().finally(() => this.view.release());
  }

  get keysProcessed(): number {
    return this.view.keysProcessed;
  }

  get keysTotal(): number {
    return this.view.keysTotal;
  }

  /** Stop at the next batch; the temp file goes at once (shutdown exits right after). */
  abort(): void {
    this.aborted = true;
    this.view.release();
    if (this.tempPath !== undefined) removeQuietly(this.tempPath);
  }

  private async run(): Promise<BaseWriteResult> {
    const { dir, tempName } = this.options;
    const temp = join(dir, tempName);
    let file: FileHandle;
    try {
      file = await open(temp, 'w');
      this.tempPath = temp;
    } catch (err) {
      return { ok: false, aborted: this.aborted, message: `Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): ${errnoMessage(err)}` };
    }
    try {
      const encoder = this.options.useRdb ? rdbEncoder(this.options) : commandEncoder(this.options);
      await writeViewInBatches(this.view, {
        selectDb: (db) => encoder.selectDb(db.index, db.keys.length, db.expires.size),
        key: (key, value, expireAt) => encoder.key(key, value, expireAt),
        flush: () => writeChunks(file, encoder.take()),
        isAborted: () => this.aborted,
      });
      if (this.aborted) {
        removeQuietly(temp);
        await file.close();
        return { ok: false, aborted: true, message: 'AOF rewrite aborted' };
      }
      encoder.finish();
      await writeChunks(file, encoder.take());
      await file.sync();
      await file.close();
      if (this.aborted) {
        removeQuietly(temp);
        return { ok: false, aborted: true, message: 'AOF rewrite aborted' };
      }
      await rename(temp, join(dir, this.options.finalName));
      return { ok: true };
    } catch (err) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      return { ok: false, aborted: this.aborted, message: `Error writing the AOF base ${tempName} (as ${this.options.finalName}): ${errnoMessage(err)}` };
    }
  }
}
