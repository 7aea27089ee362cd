// lookupCommand's short-name cache (src/server/dispatch.ts): names of up to 6 bytes are looked up by
// their bytes packed into a number. It must answer exactly as the table does: any case, unknown
// names with Redis's error, a name one byte away from a cached one, names past the cache's length.

import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../../src/commands/table.js';
import { lookupCommand } from '../../../src/server/dispatch.js';
import { ReplyError } from '../../../src/errors.js';

const argv = (...args: string[]): Buffer[] => args.map((a) => Buffer.from(a, 'latin1'));

function nameOf(found: unknown): string {
  if (found instanceof ReplyError) return `error: ${found.message}`;
  return (found as { fullName: string }).fullName;
}

describe('lookupCommand', () => {
  it('finds short and long names in any case, before and after they are cached', () => {
    const table = buildCommandTable();
    for (let round = 0; round < 2; round++) {
      expect(nameOf(lookupCommand(table, argv('get', 'k')))).toBe('get');
      expect(nameOf(lookupCommand(table, argv('GET', 'k')))).toBe('get');
      expect(nameOf(lookupCommand(table, argv('gEt', 'k')))).toBe('get');
      expect(nameOf(lookupCommand(table, argv('lrange', 'k', '0', '1')))).toBe('lrange');
      expect(nameOf(lookupCommand(table, argv('GETRANGE', 'k', '0', '1')))).toBe('getrange');
      expect(nameOf(lookupCommand(table, argv('config', 'get', 'port')))).toBe('config|get');
      expect(nameOf(lookupCommand(table, argv('CONFIG', 'GET', 'port')))).toBe('config|get');
    }
  });

  it('a name one byte away from a cached one is still unknown, with the exact error', () => {
    const table = buildCommandTable();
    lookupCommand(table, argv('get', 'k'));
    lookupCommand(table, argv('set', 'k', 'v'));
    expect(nameOf(lookupCommand(table, argv('gex', 'k')))).toBe("error: ERR unknown command 'gex', with args beginning with: 'k' ");
    expect(nameOf(lookupCommand(table, argv('ge', 'k')))).toBe("error: ERR unknown command 'ge', with args beginning with: 'k' ");
    expect(nameOf(lookupCommand(table, argv('get\u0000', 'k')))).toMatch(/^error: ERR unknown command/);
    expect(nameOf(lookupCommand(table, argv('\u0000get', 'k')))).toMatch(/^error: ERR unknown command/);
    expect(nameOf(lookupCommand(table, argv('', 'k')))).toMatch(/^error: ERR unknown command/);
    expect(nameOf(lookupCommand(table, argv('get', 'k')))).toBe('get');
  });
});
