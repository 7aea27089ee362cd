// A growable output buffer for the RDB writer: small writes land in one working buffer, which is
// cut into chunks the caller drains (takeChunks) and streams to a file, so a big keyspace is never
// held as one Buffer. An optional running CRC-64 covers every byte that leaves the sink.
// Mirrors: redis src/rio.c (the buffered rio target and its update_cksum hook).

import type { Crc64 } from './crc64.js';

/** Size of the working buffer; writes bigger than this go out as their own chunk. */
const WORK_BUFFER_BYTES = 64 * 1024;

export class ByteSink {
  private buf = Buffer.allocUnsafe(WORK_BUFFER_BYTES);
  private pos = 0;
  private readonly chunks: Buffer[] = [];

  constructor(private readonly crc: Crc64 | undefined) {}

  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  bytes(data: Uint8Array): void {
    if (data.length > WORK_BUFFER_BYTES / 4) {
      this.flush();
      this.emit(Buffer.from(data.buffer, data.byteOffset, data.length));
      return;
    }
    this.room(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** The bytes of a latin1 string (one char per byte). */
  latin1(text: string): void {
    if (text.length > WORK_BUFFER_BYTES / 4) {
      this.flush();
      this.emit(Buffer.from(text, 'latin1'));
      return;
    }
    this.room(text.length);
    this.pos += this.buf.latin1Write(text, this.pos, text.length);
  }

  u32BE(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  u32LE(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }

  u64BE(v: bigint): void {
    this.room(8);
    this.buf.writeBigUInt64BE(v, this.pos);
    this.pos += 8;
  }

  i64LE(v: number | bigint): void {
    this.room(8);
    this.buf.writeBigInt64LE(BigInt(v), this.pos);
    this.pos += 8;
  }

  doubleLE(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  private emit(chunk: Buffer): void {
    this.crc?.update(chunk);
    this.chunks.push(chunk);
  }

  /** Move the working buffer's content out as a chunk (it is copied, the buffer is reused). */
  flush(): void {
    if (this.pos === 0) return;
    this.emit(Buffer.from(this.buf.subarray(0, this.pos)));
    this.pos = 0;
  }

  /** Everything written since the last call, in order. */
  take(): Buffer[] {
    this.flush();
    return this.chunks.splice(0, this.chunks.length);
  }
}
