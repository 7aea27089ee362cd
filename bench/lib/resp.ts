// A tiny RESP2 client for the benchmark harness: encode a command, send it, read one reply.
// Only what the harness needs (COMMAND INFO, INFO, DBSIZE, OBJECT ENCODING, FLUSHALL); it is not
// a client library and is never on a measured path.
//
// It talks to tsredis and real Redis alike over a plain TCP socket, so the checks the harness makes
// ("is LPUSH implemented?", "did the load finish?") ask both servers the same question the same way.

import net from 'node:net';

/** A decoded RESP2 reply. Errors are returned as values (not thrown) so callers can inspect them. */
export type RespValue = null | number | string | RespError | RespValue[];

export class RespError {
  constructor(readonly message: string) {}
}

/** One command as a RESP multibulk frame. */
export function encodeCommand(argv: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'latin1') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

/**
 * Parses one reply starting at `pos`. Returns the value and the offset after it, or undefined when
 * the buffer does not hold a complete reply yet.
 */
export function parseReply(buf: Buffer, pos: number): { value: RespValue; next: number } | undefined {
  const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buf[pos] ?? 0);
  const line = buf.toString('latin1', pos + 1, lineEnd);
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.toString('latin1', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/** A connection that runs one command at a time. */
export class RespConnection {
  private pending: Buffer = Buffer.alloc(0);
  private waiter: ((value: RespValue) => void) | undefined;
  private failer: ((err: Error) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      const parsed = parseReply(this.pending, 0);
      if (parsed === undefined) return;
      this.pending = this.pending.subarray(parsed.next);
      const resolve = this.waiter;
      this.waiter = undefined;
      this.failer = undefined;
      resolve?.(parsed.value);
    });
    socket.on('error', (err) => this.failer?.(err));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RespConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one command and resolves with its reply (an error reply resolves as a RespError). */
  call(...argv: string[]): Promise<RespValue> {
    if (this.waiter !== undefined) throw new Error('RespConnection runs one command at a time');
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failer = reject;
      this.socket.write(encodeCommand(argv));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Runs one command on a fresh connection. */
export async function callOnce(port: number, ...argv: string[]): Promise<RespValue> {
  const conn = await RespConnection.connect(port);
  try {
    return await conn.call(...argv);
  } finally {
    conn.close();
  }
}

/** INFO <section> as a field → value map. */
export async function info(port: number, section: string): Promise<Map<string, string>> {
  const reply = await callOnce(port, 'INFO', section);
  const fields = new Map<string, string>();
  if (typeof reply !== 'string') return fields;
  for (const line of reply.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/**
 * Which of `names` the server does not implement: COMMAND INFO answers nil for an unknown command
 * (in Redis and in tsredis), so a workload whose command is still being written can be skipped
 * instead of making redis-benchmark abort on its first error reply.
 */
export async function missingCommands(port: number, names: readonly string[]): Promise<Set<string>> {
  const missing = new Set<string>();
  if (names.length === 0) return missing;
  const reply = await callOnce(port, 'COMMAND', 'INFO', ...names);
  if (!Array.isArray(reply)) throw new Error(`COMMAND INFO returned ${JSON.stringify(reply)}`);
  names.forEach((name, i) => {
    if (reply[i] === null || reply[i] === undefined) missing.add(name);
  });
  return missing;
}
