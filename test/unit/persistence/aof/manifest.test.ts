import { describe, expect, it } from 'vitest';
import {
  baseFileName, emptyManifest, formatManifest, incrFileName, ManifestError, parseManifest, type AofManifest,
} from '../../../../src/persistence/aof/manifest.js';

// The exact bytes redis-server 7.0.15 writes after start-up and after one BGREWRITEAOF.
const REDIS_FRESH = 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n';
const REDIS_AFTER_REWRITE = 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n';

describe('AOF manifest', () => {
  it('formats a manifest exactly as Redis 7.0 writes it', () => {
    const m: AofManifest = emptyManifest();
    m.base = { name: baseFileName('appendonly.aof', 1, true), seq: 1, type: 'b' };
    m.incrs.push({ name: incrFileName('appendonly.aof', 1), seq: 1, type: 'i' });
    expect(formatManifest(m)).toBe(REDIS_FRESH);
  });

  it('parses what Redis writes and formats it back byte for byte', () => {
    for (const text of [REDIS_FRESH, REDIS_AFTER_REWRITE]) expect(formatManifest(parseManifest(text))).toBe(text);
    const m = parseManifest(REDIS_AFTER_REWRITE);
    expect(m.baseSeq).toBe(2);
    expect(m.incrSeq).toBe(2);
    expect(m.base?.name).toBe('appendonly.aof.2.base.rdb');
  });

  it('names base files .base.rdb with the RDB preamble and .base.aof without', () => {
    expect(baseFileName('x.aof', 3, true)).toBe('x.aof.3.base.rdb');
    expect(baseFileName('x.aof', 3, false)).toBe('x.aof.3.base.aof');
    expect(incrFileName('x.aof', 7)).toBe('x.aof.7.incr.aof');
  });

  it('keeps history entries between base and incr, several incr files in order', () => {
    const text =
      'file a.2.base.aof seq 2 type b\nfile a.1.base.aof seq 1 type h\nfile a.1.incr.aof seq 1 type i\nfile a.2.incr.aof seq 2 type i\n';
    const m = parseManifest(text);
    expect(m.history.map((h) => h.name)).toEqual(['a.1.base.aof']);
    expect(m.incrs.map((i) => i.name)).toEqual(['a.1.incr.aof', 'a.2.incr.aof']);
    expect(formatManifest(m)).toBe(text);
  });

  it('quotes a file name with spaces and reads it back', () => {
    const m = emptyManifest();
    m.base = { name: 'my file.1.base.rdb', seq: 1, type: 'b' };
    const text = formatManifest(m);
    expect(text).toBe('file "my file.1.base.rdb" seq 1 type b\n');
    expect(parseManifest(text).base?.name).toBe('my file.1.base.rdb');
  });

  it('skips comment lines and accepts the keys in any order', () => {
    const m = parseManifest('# written by hand\ntype b seq 1 file a.base.rdb\n');
    expect(m.base).toEqual({ name: 'a.base.rdb', seq: 1, type: 'b' });
  });

  it('refuses malformed manifests with Redis\'s reasons', () => {
    const reason = (text: string): string => {
      try {
        parseManifest(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ManifestError);
        return (err as Error).message;
      }
      return 'parsed';
    };
    expect(reason('')).toBe('Found an empty AOF manifest');
    expect(reason('# only a comment\n')).toBe('Found an empty AOF manifest');
    expect(reason('file a seq 1 type b')).toBe('The AOF manifest file is invalid format');
    expect(reason('file a seq 1\n')).toBe('Invalid AOF manifest file format');
    expect(reason('file a seq 1 type x\n')).toBe('Unknown AOF file type');
    // redis-server 7.0.15 refuses seq 0 with this reason too.
    expect(reason('file a seq 0 type b\n')).toBe('Invalid AOF manifest file format');
    expect(reason('file a seq one type b\n')).toBe('Invalid AOF manifest file format');
    expect(reason('file a seq 1 type b\nfile b seq 2 type b\n')).toBe('Found duplicate base file information');
    expect(reason('file a seq 2 type i\nfile b seq 1 type i\n')).toBe('Found a non-monotonic sequence number');
  });
});
