import { describe, expect, it } from 'vitest';
import { encodeCommand, rewriteDataset, AOF_REWRITE_ITEMS_PER_CMD } from '../../../../src/persistence/aof/aof-rewrite.js';
import { parseAofCommands } from '../../../../src/persistence/aof/aof-loader.js';
import { Keyspace } from '../../../../src/keyspace/keyspace.js';
import { Clock, defaultRng } from '../../../../src/util/clock.js';
import { createString } from '../../../../src/datatypes/string/string-type.js';
import { createListFrom } from '../../../../src/datatypes/list/list-type.js';

const b = (...args: string[]): Buffer[] => args.map((a) => Buffer.from(a, 'latin1'));
const text = (argvs: Buffer[][]): string[][] => argvs.map((argv) => argv.map((a) => a.toString('latin1')));

function parseAll(data: Buffer): { commands: string[][]; end: ReturnType<typeof parseAofCommands> } {
  const commands: Buffer[][] = [];
  const end = parseAofCommands(data, 0, (argv) => commands.push(argv));
  return { commands: text(commands), end };
}

describe('AOF command encoding', () => {
  it('encodes a command as RESP multibulk, binary-safe', () => {
    expect(encodeCommand(b('SET', 'k', 'v')).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
    const binary = encodeCommand([Buffer.from('SET'), Buffer.from([0, 13, 10, 255]), Buffer.alloc(0)]);
    expect(binary.toString('hex')).toBe(Buffer.from('*3\r\n$3\r\nSET\r\n$4\r\n\x00\r\n\xff\r\n$0\r\n\r\n', 'latin1').toString('hex'));
    const long = Buffer.alloc(12345, 'x');
    expect(parseAll(encodeCommand([Buffer.from('SET'), Buffer.from('k'), long])).commands[0]?.[2]).toBe(long.toString('latin1'));
  });

  it('parses back what it encodes', () => {
    const data = Buffer.concat([encodeCommand(b('SELECT', '0')), encodeCommand(b('SET', 'a', '1')), encodeCommand(b('DEL', 'a'))]);
    expect(parseAll(data)).toEqual({ commands: [['SELECT', '0'], ['SET', 'a', '1'], ['DEL', 'a']], end: { kind: 'complete' } });
  });

  it('cut at every byte offset: the commands before the cut load, the rest is a truncated tail', () => {
    const parts = [encodeCommand(b('SET', 'a', '1')), encodeCommand(b('SET', 'bb', '22')), encodeCommand(b('DEL', 'a'))];
    const data = Buffer.concat(parts);
    const boundaries = [0, parts[0]!.length, parts[0]!.length + parts[1]!.length, data.length];
    for (let cut = 0; cut <= data.length; cut++) {
      const { commands, end } = parseAll(data.subarray(0, cut));
      const whole = boundaries.filter((x) => x <= cut && x > 0).length;
      expect(commands.length).toBe(whole);
      if (boundaries.includes(cut)) expect(end).toEqual({ kind: 'complete' });
      else expect(end).toEqual({ kind: 'truncated', validUpTo: boundaries[whole], inMulti: false });
    }
  });

  it('a MULTI without its EXEC is not applied and counts as truncated before the MULTI', () => {
    const before = encodeCommand(b('SET', 'x', '1'));
    const data = Buffer.concat([before, encodeCommand(b('MULTI')), encodeCommand(b('SREM', 's', 'a'))]);
    expect(parseAll(data)).toEqual({ commands: [['SET', 'x', '1']], end: { kind: 'truncated', validUpTo: before.length, inMulti: true } });
    const complete = Buffer.concat([data, encodeCommand(b('EXEC'))]);
    expect(parseAll(complete)).toEqual({ commands: [['SET', 'x', '1'], ['SREM', 's', 'a']], end: { kind: 'complete' } });
  });

  it('reports corruption with the offset where a command should start', () => {
    const good = encodeCommand(b('SET', 'a', '1'));
    expect(parseAll(Buffer.concat([good, Buffer.from('garbage')])).end).toEqual({ kind: 'corrupt', offset: good.length });
    expect(parseAll(Buffer.from('*2\r\n#3\r\nDEL\r\n$1\r\na\r\n')).end).toEqual({ kind: 'corrupt', offset: 4 });
    expect(parseAll(Buffer.from('*0\r\n')).end).toEqual({ kind: 'corrupt', offset: 0 });
    expect(parseAll(Buffer.from('*x\r\n')).end).toEqual({ kind: 'corrupt', offset: 0 });
  });

  it('skips annotation lines (#TS:...)', () => {
    const data = Buffer.concat([Buffer.from('#TS:1700000000\r\n'), encodeCommand(b('SET', 'a', '1'))]);
    expect(parseAll(data)).toEqual({ commands: [['SET', 'a', '1']], end: { kind: 'complete' } });
  });
});

describe('AOF rewrite (the dataset as commands)', () => {
  it('writes SELECT per non-empty db, one command per value, PEXPIREAT for TTLs, batches of 64', () => {
    const clock = new Clock();
    clock.freeze();
    clock.set(1_000_000);
    const stats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
    const keyspace = new Keyspace(4, clock, defaultRng, stats);
    keyspace.db(0).set('s', createString(Buffer.from('v')));
    keyspace.db(0).setExpire('s', 2_000_000);
    keyspace.db(0).set('gone', createString(Buffer.from('old')));
    keyspace.db(0).setExpire('gone', 999_999);
    const items = Array.from({ length: AOF_REWRITE_ITEMS_PER_CMD + 1 }, (_, i) => `e${i}`);
    keyspace.db(2).set('l', createListFrom(items, -2));
    const commands = parseAll(Buffer.concat([...rewriteDataset(keyspace, clock.now())])).commands;
    expect(commands).toEqual([
      ['SELECT', '0'],
      ['SET', 's', 'v'],
      ['PEXPIREAT', 's', '2000000'],
      ['SELECT', '2'],
      ['RPUSH', 'l', ...items.slice(0, AOF_REWRITE_ITEMS_PER_CMD)],
      ['RPUSH', 'l', items[AOF_REWRITE_ITEMS_PER_CMD]!],
    ]);
  });
});
