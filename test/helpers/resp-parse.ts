// A small incremental RESP2/RESP3 *reply* parser for tests: finds where one complete reply ends in a byte
// buffer and builds a tree that still points at the exact bytes of every node, so a test can compare raw
// replies byte for byte and normalise only where it has to (sorting the elements of an unordered set).
// The `redis-parser` devDependency decodes RESP2 values but reports neither byte spans nor RESP3 types.

/** One reply (or one element of an aggregate reply), with the exact bytes it was sent as. */
export interface RespNode {
  /** The type byte as a character: + - : $ * _ , # ! = ( % ~ > (an attribute `|` is kept in `attribute`). */
  readonly type: string;
  /** The node's complete wire bytes, attribute included. */
  readonly raw: Buffer;
  /** Payload of a simple/blob/verbatim string, error, number, double, big number or boolean; undefined for null. */
  readonly payload?: Buffer;
  /** True for RESP2 null bulk `$-1`, null array `*-1` and RESP3 `_`. */
  readonly isNull: boolean;
  /** Elements of an aggregate; a map (`%`) or attribute lists key, value, key, value… */
  readonly children?: readonly RespNode[];
  /** A RESP3 attribute (`|`) that preceded this reply. */
  readonly attribute?: RespNode;
}

/** The bytes are not a RESP reply (a server bug or a desynchronised connection). */
export class RespFormatError extends Error {
  override readonly name = 'RespFormatError';
}

const CRLF = Buffer.from('\r\n', 'latin1');

function parseLength(text: string, what: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespFormatError(`bad ${what} length ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * Parse one complete reply starting at `offset`. Returns the node and the offset just past it, or
 * undefined when the buffer holds only part of a reply so far. Throws RespFormatError on bytes that can
 * never become a valid reply. Streamed RESP3 strings and aggregates (`$?`) are not supported: Redis never
 * sends them.
 */
export function parseReply(buf: Buffer, offset = 0): { node: RespNode; end: number } | undefined {
  if (offset >= buf.length) return undefined;
  const type = String.fromCharCode(buf[offset] as number);
  // The header line (type byte, then a length or a simple payload) ends at the first CR LF.
  const eol = buf.indexOf(CRLF, offset + 1);
  if (eol < 0) return undefined;
  const header = buf.toString('latin1', offset + 1, eol);
  const afterHeader = eol + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case ',':
    case '(':
    case '#':
      return { node: { type, raw: buf.subarray(offset, afterHeader), payload: buf.subarray(offset + 1, eol), isNull: false }, end: afterHeader };
    case '_':
      if (header !== '') throw new RespFormatError(`null with payload ${JSON.stringify(header)}`);
      return { node: { type, raw: buf.subarray(offset, afterHeader), isNull: true }, end: afterHeader };
    case '$':
    case '!':
    case '=': {
      const len = parseLength(header, 'blob');
      if (len < 0) {
        if (len !== -1 || type !== '$') throw new RespFormatError(`bad blob length ${len}`);
        return { node: { type, raw: buf.subarray(offset, afterHeader), isNull: true }, end: afterHeader };
      }
      const end = afterHeader + len + 2;
      if (buf.length < end) return undefined;
      if (buf[end - 2] !== 0x0d || buf[end - 1] !== 0x0a) throw new RespFormatError('blob not followed by \\r\\n');
      return { node: { type, raw: buf.subarray(offset, end), payload: buf.subarray(afterHeader, end - 2), isNull: false }, end };
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const count = parseLength(header, 'aggregate');
      if (count < 0) {
        if (count !== -1 || type !== '*') throw new RespFormatError(`bad aggregate length ${count}`);
        return { node: { type, raw: buf.subarray(offset, afterHeader), isNull: true }, end: afterHeader };
      }
      const elements = type === '%' || type === '|' ? count * 2 : count;
      const children: RespNode[] = [];
      let at = afterHeader;
      for (let i = 0; i < elements; i++) {
        const child = parseReply(buf, at);
        if (child === undefined) return undefined;
        children.push(child.node);
        at = child.end;
      }
      const node: RespNode = { type, raw: buf.subarray(offset, at), isNull: false, children };
      if (type !== '|') return { node, end: at };
      // An attribute decorates the reply that follows it; the two travel as one unit.
      const decorated = parseReply(buf, at);
      if (decorated === undefined) return undefined;
      return { node: { ...decorated.node, raw: buf.subarray(offset, decorated.end), attribute: node }, end: decorated.end };
    }
    default:
      throw new RespFormatError(`unknown reply type byte 0x${(buf[offset] as number).toString(16)}`);
  }
}

/** Offset just past the one complete reply that starts at `offset`, or -1 if it is not complete yet. */
export function replySpan(buf: Buffer, offset = 0): number {
  return parseReply(buf, offset)?.end ?? -1;
}

/** Escape bytes for a one-line, human-readable message: printable ASCII as is, the rest as \r \n \xNN. */
export function escapeBytes(bytes: Buffer, max = 400): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (out.length >= max) return `${out}… (${bytes.length} bytes)`;
    const b = bytes[i] as number;
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}
