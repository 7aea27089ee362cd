// The replication backlog's ring: offsets, wrap-around, what a PSYNC may continue from, resizing.
// (No sockets: the ring alone; the integration with replicas is in replication-master.test.ts.)

import { describe, expect, it } from 'vitest';
import { ReplicationBacklog } from '../../src/replication/backlog.js';

const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('latin1');

describe('ReplicationBacklog', () => {
  it('numbers bytes from the creation offset and serves any byte still held', () => {
    const backlog = new ReplicationBacklog(8, 100);
    expect(backlog.firstByteOffset).toBe(101);
    expect(backlog.histlen).toBe(0);
    // Nothing written yet: continuing from the next byte is possible (and sends nothing).
    expect(backlog.canContinueFrom(101)).toBe(true);
    expect(backlog.bytesFrom(101)).toEqual([]);
    backlog.append(Buffer.from('abcde'));
    expect(backlog.histlen).toBe(5);
    expect(backlog.firstByteOffset).toBe(101);
    expect(text(backlog.bytesFrom(101))).toBe('abcde');
    expect(text(backlog.bytesFrom(104))).toBe('de');
    expect(backlog.canContinueFrom(106)).toBe(true);
    expect(backlog.canContinueFrom(107)).toBe(false);
    expect(backlog.canContinueFrom(100)).toBe(false);
  });

  it('wraps around, keeping only the newest bytes', () => {
    const backlog = new ReplicationBacklog(8, 0);
    backlog.append(Buffer.from('abcdef'));
    backlog.append(Buffer.from('ghij'));
    expect(backlog.histlen).toBe(8);
    expect(backlog.firstByteOffset).toBe(3);
    expect(text(backlog.bytesFrom(3))).toBe('cdefghij');
    expect(text(backlog.bytesFrom(7))).toBe('ghij');
    expect(backlog.canContinueFrom(2)).toBe(false);
    // A write larger than the ring leaves its own tail.
    backlog.append(Buffer.from('0123456789XY'));
    expect(backlog.firstByteOffset).toBe(15);
    expect(text(backlog.bytesFrom(15))).toBe('456789XY');
  });

  it('resizes keeping the newest bytes that fit', () => {
    const backlog = new ReplicationBacklog(8, 0);
    backlog.append(Buffer.from('abcdefghij'));
    backlog.resize(4);
    expect(backlog.size).toBe(4);
    expect(backlog.firstByteOffset).toBe(7);
    expect(text(backlog.bytesFrom(7))).toBe('ghij');
    backlog.resize(16);
    backlog.append(Buffer.from('klm'));
    expect(text(backlog.bytesFrom(7))).toBe('ghijklm');
  });
});
