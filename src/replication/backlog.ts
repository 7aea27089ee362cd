// The replication backlog: the last `repl-backlog-size` bytes of the replication stream, so a
// replica that lost its link for a moment can resume where it stopped (PSYNC → +CONTINUE).
// Mirrors: redis src/replication.c (createReplicationBacklog, resizeReplicationBacklog,
// feedReplicationBacklog, addReplyReplicationBacklog).
//
// The stream is numbered by byte: the master replication offset is the number of stream bytes
// ever produced, and byte number N (1-based, as Redis counts) is the one that brought the offset
// to N. The backlog keeps a window of the latest bytes in a ring buffer: `firstByteOffset` is the
// number of the oldest byte it still holds, `histlen` how many it holds. A replica that processed
// the stream up to its offset R says "PSYNC <replid> <R+1>": the number of the first byte it wants.
// That is possible when R+1 lies in [firstByteOffset, masterOffset+1].
//
// SIMPLIFIED: Redis 7.0 shares one list of reference-counted blocks between the backlog and every
// replica's output buffer; we keep a plain ring of bytes and write to each replica's socket.

export class ReplicationBacklog {
  private ring: Buffer;
  /** Where the next byte goes in `ring`. */
  private writeIndex = 0;
  /** How many valid bytes the ring holds (repl_backlog_histlen). */
  histlen = 0;

  /** `masterOffset`: the stream's offset when the backlog is created (nothing older can be served). */
  constructor(size: number, private masterOffset: number) {
    this.ring = Buffer.alloc(Math.max(1, size));
  }

  get size(): number {
    return this.ring.length;
  }

  /** The offset of the oldest byte held (repl_backlog_first_byte_offset): masterOffset + 1 when empty. */
  get firstByteOffset(): number {
    return this.masterOffset - this.histlen + 1;
  }

  /** Append stream bytes (the master offset grows by their length). */
  append(bytes: Buffer): void {
    this.masterOffset += bytes.length;
    const size = this.ring.length;
    // Only the last `size` bytes can survive: skip the rest of a larger write.
    let data = bytes;
    if (data.length > size) data = data.subarray(data.length - size);
    const first = Math.min(data.length, size - this.writeIndex);
    data.copy(this.ring, this.writeIndex, 0, first);
    if (first < data.length) data.copy(this.ring, 0, first);
    this.writeIndex = (this.writeIndex + data.length) % size;
    this.histlen = Math.min(size, this.histlen + bytes.length);
  }

  /** Can a replica whose next wanted byte is `psyncOffset` continue from here? */
  canContinueFrom(psyncOffset: number): boolean {
    return psyncOffset >= this.firstByteOffset && psyncOffset <= this.masterOffset + 1;
  }

  /** The bytes from number `psyncOffset` on (one or two slices of the ring); call canContinueFrom first. */
  bytesFrom(psyncOffset: number): Buffer[] {
    const count = this.masterOffset - psyncOffset + 1;
    if (count <= 0) return [];
    const size = this.ring.length;
    const start = (this.writeIndex - count + size) % size;
    if (start + count <= size) return [Buffer.from(this.ring.subarray(start, start + count))];
    return [Buffer.from(this.ring.subarray(start)), Buffer.from(this.ring.subarray(0, this.writeIndex))];
  }

  /** CONFIG SET repl-backlog-size: keep the newest bytes that fit (resizeReplicationBacklog). */
  resize(size: number): void {
    const newSize = Math.max(1, size);
    if (newSize === this.ring.length) return;
    const keep = Math.min(this.histlen, newSize);
    const tail = Buffer.concat(this.bytesFrom(this.masterOffset - keep + 1));
    this.ring = Buffer.alloc(newSize);
    tail.copy(this.ring, 0);
    this.writeIndex = keep % newSize;
    this.histlen = keep;
  }
}
