// The bytes a replica reads from its master, in the three shapes they come in: reply lines during
// the handshake, the RDB payload (`$<len>` or disk-less `$EOF:<mark>`), then the command stream.
// Mirrors: redis src/replication.c (receiveSynchronousResponse, readSyncBulkPayload) and
// src/networking.c (processMultibulkBuffer as run for the master client).
//
// Unlike the server's request parser, this one tells how many bytes each command took: the replica's
// replication offset is the count of stream bytes it has applied, and it must equal the master's
// to the byte for a partial resync (PSYNC <replid> <offset>) to be accepted.

/** A command of the stream and its size on the wire. */
export interface StreamCommand {
  readonly argv: Buffer[];
  readonly bytes: number;
}

/** The master sent something that is not a multibulk command (Redis drops the link). */
export class ReplicationProtocolError extends Error {}

export class ReplicaInput {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  get available(): number {
    return this.buffer.length;
  }

  /** One `\n`-terminated line without its `\r\n`, or undefined until it has arrived whole. */
  line(): string | undefined {
    const end = this.buffer.indexOf(10);
    if (end < 0) return undefined;
    const stop = end > 0 && this.buffer[end - 1] === 13 ? end - 1 : end;
    const text = this.buffer.latin1Slice(0, stop);
    this.buffer = this.buffer.subarray(end + 1);
    return text;
  }

  /** Everything buffered, handed over and forgotten (RDB payload bytes). */
  takeAll(): Buffer {
    const all = this.buffer;
    this.buffer = Buffer.alloc(0);
    return all;
  }

  /** Up to `count` bytes from the front. */
  take(count: number): Buffer {
    const taken = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(taken.length);
    return taken;
  }

  /**
   * The next whole command of the stream, or undefined until it has arrived. Arguments are copied
   * out of the receive buffer, so storing them in the keyspace pins no chunk.
   */
  command(): StreamCommand | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    if (buf[0] !== 0x2a) throw new ReplicationProtocolError(`expected a multibulk command from the master, got byte ${buf[0]}`);
    let pos = 0;
    const header = (prefix: number): number | undefined => {
      if (buf[pos] !== prefix) throw new ReplicationProtocolError('malformed multibulk header from the master');
      const end = buf.indexOf(13, pos);
      if (end < 0 || end + 1 >= buf.length) return undefined;
      const value = Number(buf.latin1Slice(pos + 1, end));
      if (!Number.isSafeInteger(value)) throw new ReplicationProtocolError('malformed multibulk length from the master');
      pos = end + 2;
      return value;
    };
    const count = header(0x2a);
    if (count === undefined) return undefined;
    const argv: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      if (pos >= buf.length) return undefined;
      const length = header(0x24);
      if (length === undefined || pos + length + 2 > buf.length) return undefined;
      argv.push(Buffer.from(buf.subarray(pos, pos + length)));
      pos += length + 2;
    }
    this.buffer = buf.subarray(pos);
    return { argv, bytes: pos };
  }
}
