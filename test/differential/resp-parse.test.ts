// The reply parser the differential harness reads both servers with: it must find exactly where one reply
// ends, for every RESP2 and RESP3 type, however the bytes are split, and keep the exact bytes of each node.

import { describe, expect, it } from 'vitest';
import { parseReply, replySpan, RespFormatError } from '../helpers/resp-parse.js';

const b = (text: string): Buffer => Buffer.from(text, 'latin1');

const REPLIES: Array<[string, string]> = [
  ['simple string', '+OK\r\n'],
  ['error', '-ERR syntax error\r\n'],
  ['integer', ':-9223372036854775808\r\n'],
  ['bulk with CR LF and NUL inside', '$5\r\na\r\n\x00b\r\n'],
  ['empty bulk', '$0\r\n\r\n'],
  ['null bulk', '$-1\r\n'],
  ['null array', '*-1\r\n'],
  ['nested array', '*3\r\n:1\r\n*2\r\n$1\r\na\r\n_\r\n*0\r\n'],
  ['RESP3 null', '_\r\n'],
  ['RESP3 double', ',-inf\r\n'],
  ['RESP3 boolean', '#t\r\n'],
  ['RESP3 big number', '(3492890328409238509324850943850943825024385\r\n'],
  ['RESP3 blob error', '!21\r\nSYNTAX invalid syntax\r\n'],
  ['RESP3 verbatim string', '=15\r\ntxt:Some string\r\n'],
  ['RESP3 map', '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n%1\r\n+x\r\n,1.5\r\n'],
  ['RESP3 set', '~2\r\n$1\r\na\r\n$1\r\nb\r\n'],
  ['RESP3 push', '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n'],
  ['RESP3 attribute before a reply', '|1\r\n+ttl\r\n:3\r\n*1\r\n:7\r\n'],
];

describe('parseReply finds where one reply ends', () => {
  for (const [name, wire] of REPLIES) {
    it(`${name}: incomplete at every split, complete at the end, nothing consumed past it`, () => {
      const bytes = b(wire);
      for (let cut = 0; cut < bytes.length; cut++) expect(parseReply(bytes.subarray(0, cut))).toBeUndefined();
      const trailing = Buffer.concat([bytes, b('+NEXT\r\n')]);
      const parsed = parseReply(trailing);
      expect(parsed?.end).toBe(bytes.length);
      expect(parsed?.node.raw.equals(bytes)).toBe(true);
      expect(replySpan(trailing, bytes.length)).toBe(trailing.length);
    });
  }

  it('exposes payloads and children, maps as key, value, key, value', () => {
    const map = parseReply(b('%1\r\n$1\r\nk\r\n,2.5\r\n'))?.node;
    expect(map?.type).toBe('%');
    expect(map?.children?.map((c) => c.payload?.toString())).toEqual(['k', '2.5']);
    expect(parseReply(b('$-1\r\n'))?.node.isNull).toBe(true);
    expect(parseReply(b('|1\r\n+a\r\n+b\r\n+OK\r\n'))?.node.attribute?.children?.length).toBe(2);
  });

  it('rejects bytes that can never be a reply', () => {
    expect(() => parseReply(b('?x\r\n'))).toThrow(RespFormatError);
    expect(() => parseReply(b('$abc\r\n'))).toThrow(RespFormatError);
    expect(() => parseReply(b('$1\r\nabc'))).toThrow(RespFormatError);
    expect(() => parseReply(b('~-1\r\n'))).toThrow(RespFormatError);
  });
});
