// The replica's reader of its master's bytes: lines, payload bytes, and stream commands with their
// exact sizes, whatever the chunking.

import { describe, expect, it } from 'vitest';
import { ReplicaInput, ReplicationProtocolError } from '../../../src/replication/replica-input.js';

function bulkCommand(...words: string[]): Buffer {
  return Buffer.from(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`, 'latin1');
}

describe('ReplicaInput', () => {
  const stream = Buffer.concat([
    bulkCommand('SELECT', '0'),
    bulkCommand('SET', 'key', 'a\r\nvalue with CRLF'),
    bulkCommand('PING'),
    bulkCommand('SET', 'empty', ''),
  ]);

  it('gives every command and its size on the wire, split at any byte', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const input = new ReplicaInput();
      const got: Array<[string[], number]> = [];
      for (const part of [stream.subarray(0, cut), stream.subarray(cut)]) {
        input.push(part);
        for (let c = input.command(); c !== undefined; c = input.command()) got.push([c.argv.map((a) => a.toString('latin1')), c.bytes]);
      }
      expect(got).toEqual([
        [['SELECT', '0'], bulkCommand('SELECT', '0').length],
        [['SET', 'key', 'a\r\nvalue with CRLF'], bulkCommand('SET', 'key', 'a\r\nvalue with CRLF').length],
        [['PING'], bulkCommand('PING').length],
        [['SET', 'empty', ''], bulkCommand('SET', 'empty', '').length],
      ]);
      expect(input.available).toBe(0);
    }
  });

  it('fed one byte at a time', () => {
    const input = new ReplicaInput();
    let total = 0;
    let count = 0;
    for (let i = 0; i < stream.length; i++) {
      input.push(stream.subarray(i, i + 1));
      for (let c = input.command(); c !== undefined; c = input.command()) {
        total += c.bytes;
        count++;
      }
    }
    expect([count, total]).toEqual([4, stream.length]);
  });

  it('reads reply lines with or without \\r, and keeps what follows', () => {
    const input = new ReplicaInput();
    input.push(Buffer.from('+FULLRESYNC abc 0\r\n\n$EOF:'));
    expect(input.line()).toBe('+FULLRESYNC abc 0');
    expect(input.line()).toBe('');
    expect(input.line()).toBeUndefined();
    input.push(Buffer.from('xyz\r\nREDIS'));
    expect(input.line()).toBe('$EOF:xyz');
    expect(input.take(3).toString()).toBe('RED');
    expect(input.takeAll().toString()).toBe('IS');
  });

  it('refuses what is not a multibulk command', () => {
    const input = new ReplicaInput();
    input.push(Buffer.from('+OK\r\n'));
    expect(() => input.command()).toThrow(ReplicationProtocolError);
  });
});
