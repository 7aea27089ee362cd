// A raw socket that sends one command and reads back exactly one complete reply, with its exact bytes.
// No client library sits in between, so nothing is decoded, retried or reordered before comparing.

import { connect, type Socket } from 'node:net';
import { parseReply, type RespNode } from '../../helpers/resp-parse.js';

export type Reply =
  | { readonly kind: 'reply'; readonly node: RespNode }
  | { readonly kind: 'closed' }
  | { readonly kind: 'timeout' };

/** How long a reply may take before the command counts as unanswered, in ms (no generated command blocks this long). */
export const REPLY_TIMEOUT_MS = 5000;

export function encodeCommand(argv: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const arg of argv) parts.push(Buffer.from(`$${arg.length}\r\n`, 'latin1'), arg, Buffer.from('\r\n', 'latin1'));
  return Buffer.concat(parts);
}

export class ReplyConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<ReplyConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.off('error', reject);
        resolve(new ReplyConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Send one command and wait for its one reply. Anything after the reply stays buffered for the next call. */
  async request(argv: readonly Buffer[], timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    if (!this.closed) this.socket.write(encodeCommand(argv));
    return this.next(timeoutMs);
  }

  async next(timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseReply(this.buffer);
      if (parsed !== undefined) {
        // Copy: the node must not alias a buffer that later chunks are concatenated onto.
        const raw = Buffer.from(this.buffer.subarray(0, parsed.end));
        this.buffer = this.buffer.subarray(parsed.end);
        const reparsed = parseReply(raw);
        if (reparsed === undefined) throw new Error('reply vanished on reparse');
        return { kind: 'reply', node: reparsed.node };
      }
      if (this.closed) return { kind: 'closed' };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
