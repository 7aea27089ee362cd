// Shared by the ACL suites: read whole RESP replies off a raw socket, and run the same command
// sequence on tsredis and on a real redis-server to compare the bytes.

import { RawClient, resp } from '../helpers/server.js';

/** The end offset of the RESP reply starting at `at`, or -1 when it is not complete yet. */
function replyEnd(buf: Buffer, at: number): number {
  const lineEnd = buf.indexOf('\r\n', at, 'latin1');
  if (lineEnd < 0) return -1;
  const type = String.fromCharCode(buf[at] as number);
  const head = buf.latin1Slice(at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
      return next;
    case '$': case '=': case '!': {
      const len = Number(head);
      if (len < 0) return next;
      return buf.length >= next + len + 2 ? next + len + 2 : -1;
    }
    case '*': case '~': case '>': case '%': case '|': {
      let count = Number(head);
      if (count < 0) return next;
      if (type === '%' || type === '|') count *= 2;
      let pos = next;
      for (let i = 0; i < count; i++) {
        pos = replyEnd(buf, pos);
        if (pos < 0) return -1;
      }
      return pos;
    }
    default:
      throw new Error(`bad RESP type ${type}`);
  }
}

/** A connection that sends one command and returns its whole reply as latin1 text. */
export class ReplyReader {
  private pending = Buffer.alloc(0);
  private constructor(readonly raw: RawClient) {}

  static async connect(port: number): Promise<ReplyReader> {
    return new ReplyReader(await RawClient.connect(port));
  }

  async command(...argv: Array<string | Buffer>): Promise<string> {
    this.raw.write(resp(...argv));
    return this.next();
  }

  async next(): Promise<string> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const end = this.pending.length > 0 ? replyEnd(this.pending, 0) : -1;
      if (end >= 0) {
        const out = this.pending.subarray(0, end).toString('latin1');
        this.pending = this.pending.subarray(end);
        return out;
      }
      if (Date.now() > deadline || this.raw.closed) return this.raw.closed ? '<closed>' : '<timeout>';
      const chunk = await this.raw.readBytes(1, Math.max(1, deadline - Date.now()));
      this.pending = Buffer.concat([this.pending, chunk]);
    }
  }

  close(): void {
    this.raw.close();
  }
}

/** One step: which connection, and the command. */
export type Step = readonly [conn: number, ...argv: string[]];

/** Replace what legitimately differs between two servers: ids, ports, ages, fds, memory fields. */
export function normalize(text: string): string {
  return text
    .replace(/(\$2\r\nid\r\n):\d+/g, '$1:?')
    .replace(/id=\d+ addr=\S+ laddr=\S+ fd=\d+/g, 'id=? addr=? laddr=? fd=?')
    .replace(/age=\d+ idle=\d+/g, 'age=? idle=?')
    .replace(/qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+/g, 'mem=?')
    .replace(/\$(\d+)\r\nid=\?/g, '$?\r\nid=?')
    .replace(/\$\d+\r\n(\d+\.\d+|\d+)\r\n(\$11\r\nclient-info)/g, '$?\r\nAGE\r\n$2')
    .replace(/,(\d+\.\d+|\d+)\r\n(\$11\r\nclient-info)/g, ',AGE\r\n$2');
}

/**
 * Redis prints the single-command rules of ACL LIST / GETUSER in the order of a hash table seeded
 * per process (it differs between two redis-servers too): sort those tokens, keep the rest in place.
 */
export function sortSingleCommands(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      if (!/[+-]@all/.test(line)) return line;
      return line.replace(/[^()]+/g, (segment) => {
        const tokens = segment.split(' ');
        const at = tokens.flatMap((t, i) => (/^[+-][^@]/.test(t) ? [i] : []));
        const sorted = at.map((i) => tokens[i] as string).sort();
        at.forEach((i, k) => (tokens[i] = sorted[k] as string));
        return tokens.join(' ');
      });
    })
    .join('\r\n');
}

/** Run steps over `conns` connections to a server; every reply, normalized. */
export async function transcript(port: number, conns: number, steps: readonly Step[]): Promise<string[]> {
  const clients = await Promise.all(Array.from({ length: conns }, () => ReplyReader.connect(port)));
  const out: string[] = [];
  try {
    for (const [conn, ...argv] of steps) {
      const reply = await (clients[conn] as ReplyReader).command(...argv);
      out.push(`${conn}> ${argv.join(' ')}\n${sortSingleCommands(normalize(reply))}`);
    }
  } finally {
    for (const c of clients) c.close();
  }
  return out;
}
