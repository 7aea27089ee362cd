// The function library registry without a Lua VM: a fake host "registers" the functions named on
// `-- fn <name>` lines, so metadata parsing, collisions, REPLACE, DELETE, DUMP/RESTORE policies and
// the all-or-nothing rule are checked on their own. Error texts are Redis 7.0.15's.

import { describe, expect, it } from 'vitest';
import { ReplyError } from '../../../src/errors.js';
import type { RegisteredFunction } from '../../../src/scripting/engine.js';
import { FunctionRegistry, parseLibraryMetadata, type FunctionHost } from '../../../src/scripting/functions.js';

class FakeHost implements FunctionHost {
  nextId = 0;
  readonly live = new Set<number>();

  loadLibrary(code: Buffer): RegisteredFunction[] {
    const names = [...code.latin1Slice().matchAll(/^-- fn (\S+)$/gm)].map((match) => match[1] as string);
    return names.map((name) => {
      const id = ++this.nextId;
      this.live.add(id);
      return { id, name, description: null, flags: [] };
    });
  }

  freeFunction(id: number): void {
    this.live.delete(id);
  }
}

const lib = (name: string, ...fns: string[]): Buffer => Buffer.from(`#!lua name=${name}\n${fns.map((fn) => `-- fn ${fn}`).join('\n')}`);

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof ReplyError) return err.message;
    throw err;
  }
  throw new Error('expected a ReplyError');
}

describe('parseLibraryMetadata', () => {
  it('reads the engine and name, in any case, with extra spaces', () => {
    expect(parseLibraryMetadata(Buffer.from('#!LUA   name=abc_1\nreturn'))).toEqual({ engine: 'LUA', name: 'abc_1' });
  });

  it("refuses what Redis refuses, with Redis's texts", () => {
    expect(errorOf(() => parseLibraryMetadata(Buffer.from('return 1')))).toBe('ERR Missing library metadata');
    expect(errorOf(() => parseLibraryMetadata(Buffer.from('#!lua name=x')))).toBe('ERR Invalid library metadata');
    expect(errorOf(() => parseLibraryMetadata(Buffer.from('#!lua\n')))).toBe('ERR Library name was not given');
    expect(errorOf(() => parseLibraryMetadata(Buffer.from('#!lua x\n')))).toBe('ERR Invalid metadata value given: x');
    expect(errorOf(() => parseLibraryMetadata(Buffer.from('#!lua name=a name=b\n')))).toBe(
      'ERR Invalid metadata value, name argument was given multiple times',
    );
  });
});

describe('FunctionRegistry', () => {
  it('loads, finds functions without regard to case, and frees them on DELETE', () => {
    const host = new FakeHost();
    const registry = new FunctionRegistry(host);
    expect(registry.load(lib('one', 'Alpha', 'beta'), false)).toBe('one');
    expect(registry.get('ALPHA')?.fn.name).toBe('Alpha');
    expect([registry.libraryCount, registry.functionCount]).toEqual([1, 2]);
    registry.delete('one');
    expect(registry.get('alpha')).toBeUndefined();
    expect(host.live.size).toBe(0);
    expect(errorOf(() => registry.delete('one'))).toBe('ERR Library not found');
  });

  it('checks the engine, the library name, an existing library and empty libraries in that order', () => {
    const registry = new FunctionRegistry(new FakeHost());
    expect(errorOf(() => registry.load(Buffer.from('#!js name=x\n'), false))).toBe("ERR Engine 'js' not found");
    expect(errorOf(() => registry.load(Buffer.from('#!lua name=a-b\n-- fn f'), false))).toBe(
      'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long',
    );
    registry.load(lib('x', 'f'), false);
    expect(errorOf(() => registry.load(lib('x', 'g'), false))).toBe("ERR Library 'x' already exists");
    expect(errorOf(() => registry.load(lib('y'), false))).toBe('ERR No functions registered');
  });

  it('a colliding load or REPLACE changes nothing and frees what it registered', () => {
    const host = new FakeHost();
    const registry = new FunctionRegistry(host);
    registry.load(lib('x', 'f'), false);
    registry.load(lib('y', 'g'), false);
    expect(errorOf(() => registry.load(lib('z', 'F'), false))).toBe('ERR Function F already exists');
    expect(errorOf(() => registry.load(lib('x', 'f', 'g'), true))).toBe('ERR Function g already exists');
    expect(registry.get('f')?.library.name).toBe('x');
    expect(host.live.size).toBe(2);
    // REPLACE may keep a name the library already had.
    registry.load(lib('x', 'f', 'h'), true);
    expect([registry.functionCount, host.live.size]).toEqual([3, 3]);
  });

  it('DUMP and RESTORE: APPEND refuses a known library, REPLACE swaps it, FLUSH starts over; all or nothing', () => {
    const host = new FakeHost();
    const source = new FunctionRegistry(host);
    source.load(lib('x', 'f'), false);
    source.load(lib('y', 'g'), false);
    const payload = source.dump();
    const target = new FunctionRegistry(host);
    target.load(lib('x', 'old'), false);
    expect(errorOf(() => target.restore(payload, 'APPEND'))).toBe('ERR Library x already exists');
    expect(target.get('g')).toBeUndefined();
    target.restore(payload, 'REPLACE');
    expect([target.get('old'), target.get('f')?.library.name, target.get('g')?.library.name]).toEqual([undefined, 'x', 'y']);
    target.load(lib('z', 'k'), false);
    target.restore(payload, 'FLUSH');
    expect([target.libraryCount, target.get('k')]).toEqual([2, undefined]);
    const corrupt = Buffer.from(payload);
    corrupt[3] = (corrupt[3] ?? 0) ^ 1;
    expect(errorOf(() => target.restore(corrupt, 'FLUSH'))).toBe('ERR DUMP payload version or checksum are wrong');
    expect(target.libraryCount).toBe(2);
  });
});
