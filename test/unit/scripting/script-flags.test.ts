// A script's declared flags as command flags (src/scripting/script-flags.ts, Redis's scriptFlagsToCmdFlags).

import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../../src/commands/table.js';
import type { Command } from '../../../src/commands/types.js';
import { commandWithScriptFlags, declaredFlagsOf } from '../../../src/scripting/script-flags.js';

const table = buildCommandTable();
const command = (name: string): Command => table.get(name) as Command;
const NONE = { noWrites: false, allowOom: false, allowStale: false };

describe('commandWithScriptFlags', () => {
  it('a script without no-writes is a denyoom write, not stale, not may_replicate', () => {
    const evalCommand = command('eval');
    expect([evalCommand.isWrite, evalCommand.isDenyOom, evalCommand.isMayReplicate]).toEqual([false, false, true]);
    const flagged = commandWithScriptFlags(evalCommand, NONE);
    expect([flagged.isWrite, flagged.isDenyOom, flagged.isMayReplicate]).toEqual([true, true, false]);
    expect(flagged.spec.flags).not.toContain('stale');
    expect(flagged.spec.flags).toEqual(expect.arrayContaining(['write', 'denyoom', 'noscript', 'skip_monitor']));
    expect(flagged.flagsOf).toBe(evalCommand);
    expect([flagged.fullName, flagged.handler]).toEqual([evalCommand.fullName, evalCommand.handler]);
  });

  it('no-writes implies allow-oom; allow-oom drops denyoom only; allow-stale keeps stale', () => {
    const noWrites = commandWithScriptFlags(command('eval'), { ...NONE, noWrites: true });
    expect([noWrites.isWrite, noWrites.isDenyOom]).toEqual([false, false]);
    const allowOom = commandWithScriptFlags(command('fcall'), { ...NONE, allowOom: true });
    expect([allowOom.isWrite, allowOom.isDenyOom]).toEqual([true, false]);
    const stale = commandWithScriptFlags(command('eval_ro'), { ...NONE, noWrites: true, allowStale: true });
    expect(stale.spec.flags).toContain('stale');
    expect(stale.isReadonly).toBe(true);
    expect(declaredFlagsOf(['no-writes', 'allow-stale'])).toEqual({ noWrites: true, allowOom: false, allowStale: true });
  });

  it('one object per command and flag set, counting into the table command\'s current stats', () => {
    const evalCommand = command('evalsha');
    const flagged = commandWithScriptFlags(evalCommand, NONE);
    expect(commandWithScriptFlags(evalCommand, NONE)).toBe(flagged);
    expect(commandWithScriptFlags(flagged, NONE)).toBe(flagged);
    // CONFIG RESETSTAT replaces the table command's stats object: the variant follows it.
    evalCommand.stats = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined };
    flagged.stats.rejectedCalls++;
    expect(evalCommand.stats.rejectedCalls).toBe(1);
  });
});
