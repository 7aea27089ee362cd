// A script's declared flags (a `#!lua flags=...` shebang, or a function's flags) are read by dispatch
// before its checks, as Redis's processCommand reads them (getCommandFlags → evalGetCommandFlags /
// fcallGetCommandFlags → scriptFlagsToCmdFlags): a script that may write is refused as a write
// (OOM, MISCONF, NOREPLICAS, READONLY, MASTERDOWN, held by CLIENT PAUSE WRITE) and counted as a
// rejected call, and inside MULTI it is refused while queuing (EXEC then replies EXECABORT), while a
// `no-writes` script passes. Transcripts (replies and INFO commandstats) compared with redis-server.

import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RawClient, freePort, rawReply, resp } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, withFreshClients, type Scenario } from '../helpers/side-by-side.js';

const LIB = [
  '#!lua name=flagslib',
  "redis.register_function('w', function() return redis.call('set','k','w') end)",
  "redis.register_function{function_name='r', callback=function() return redis.call('get','k') end, flags={'no-writes'}}",
  "redis.register_function{function_name='o', callback=function() return redis.call('set','k','o') end, flags={'allow-oom'}}",
  "redis.register_function{function_name='s', callback=function() return 1 end, flags={'no-writes','allow-stale'}}",
].join('\n');

const MAY_WRITE = '#!lua\nreturn 1';
const NO_WRITES = '#!lua flags=no-writes\nreturn 1';

/** The commandstats lines of the script commands and EXEC, without the timings, sorted. */
async function scriptStats(c: RawClient): Promise<string[]> {
  const info = await rawReply(c, 'INFO', 'commandstats');
  return info
    .split('\r\n')
    .filter((line) => /^cmdstat_(eval|evalsha|eval_ro|evalsha_ro|fcall|fcall_ro|exec):/.test(line))
    .map((line) => line.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
    .sort();
}

/** One reply while queuing inside MULTI (a single line: +QUEUED or an error). */
const queue = (c: RawClient, ...argv: string[]): Promise<string> => c.roundTrip(resp(...argv));

/** Set up functions and a cached script, reset the counters. */
async function prepare(c: RawClient): Promise<string[]> {
  return [
    await rawReply(c, 'FUNCTION', 'FLUSH'),
    await rawReply(c, 'FUNCTION', 'LOAD', LIB),
    await rawReply(c, 'SCRIPT', 'LOAD', MAY_WRITE),
    await rawReply(c, 'CONFIG', 'RESETSTAT'),
  ];
}

const outOfMemory: Scenario = (port) => withFreshClients(port, 2, async ([c, other]) => {
  const a = c as RawClient;
  const b = other as RawClient;
  const out = await prepare(a);
  const sha = createHash('sha1').update(MAY_WRITE).digest('hex');
  out.push(await rawReply(a, 'CONFIG', 'SET', 'maxmemory', '1'));
  out.push(await rawReply(a, 'EVAL', "#!lua\nreturn redis.call('set','k','v')", '0'));
  out.push(await rawReply(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVALSHA', sha, '0'));
  out.push(await rawReply(a, 'EVAL', "#!lua flags=no-writes\nreturn redis.call('get','k')", '0'));
  out.push(await rawReply(a, 'EVAL', "#!lua flags=allow-oom\nreturn redis.call('set','k','v')", '0'));
  out.push(await rawReply(a, 'EVAL', "return redis.call('set','k2','v')", '0')); // no shebang: fails at the write
  out.push(await rawReply(a, 'EVAL', 'return 1', '0'));
  out.push(await rawReply(a, 'EVAL_RO', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVAL_RO', NO_WRITES, '0'));
  out.push(await rawReply(a, 'FCALL', 'w', '0'));
  out.push(await rawReply(a, 'FCALL', 'r', '0'));
  out.push(await rawReply(a, 'FCALL', 'o', '0'));
  out.push(await rawReply(a, 'FCALL_RO', 'w', '0'));
  // Out of memory, MULTI queues nothing but EXEC/DISCARD/QUIT/RESET.
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await rawReply(a, 'CONFIG', 'SET', 'maxmemory', '0'));
  // Queued while memory was fine: EXEC carries the queued scripts' flags.
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(b, 'CONFIG', 'SET', 'maxmemory', '1'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await rawReply(a, 'CONFIG', 'SET', 'maxmemory', '0'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await queue(a, 'EVAL', 'return 1', '0'));
  out.push(await queue(a, 'FCALL', 'o', '0'));
  out.push(await rawReply(b, 'CONFIG', 'SET', 'maxmemory', '1'));
  out.push(await rawReply(a, 'EXEC'));
  // A shebang that does not parse keeps EVAL's flags: not refused for memory, fails on its shebang.
  out.push(await rawReply(a, 'EVAL', '#!lua flags=bogus\nreturn 1', '0'));
  out.push(await rawReply(a, 'EVAL', '#!python\nreturn 1', '0'));
  out.push(await rawReply(a, 'EVALSHA', sha.toUpperCase(), '0')); // the SHA1 in any case
  out.push(await rawReply(a, 'CONFIG', 'SET', 'maxmemory', '0'));
  out.push(...(await scriptStats(a)));
  return out;
});

/** Make BGSAVE fail (its directory is gone), so that writes get MISCONF. */
async function breakSaving(c: RawClient, port: number): Promise<string[]> {
  const gone = join('/tmp', `tsredis-script-flags-${process.pid}-${port}`);
  mkdirSync(gone, { recursive: true });
  const out = [await rawReply(c, 'CONFIG', 'SET', 'dir', gone)];
  rmSync(gone, { recursive: true, force: true });
  out.push(await rawReply(c, 'BGSAVE'));
  await bgsaveStatus(c, 'err');
  return out;
}

/** Wait until no BGSAVE runs and the last one ended with `status`. */
async function bgsaveStatus(c: RawClient, status: 'ok' | 'err'): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const info = await rawReply(c, 'INFO', 'persistence');
    if (info.includes(`rdb_last_bgsave_status:${status}`) && info.includes('rdb_bgsave_in_progress:0')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`BGSAVE did not end with ${status}`);
}

/** Save to a directory that exists again, so that writes are accepted. */
async function repairSaving(c: RawClient, port: number): Promise<void> {
  const dir = join('/tmp', `tsredis-script-flags-ok-${process.pid}-${port}`);
  mkdirSync(dir, { recursive: true });
  await rawReply(c, 'CONFIG', 'SET', 'dir', dir);
  await rawReply(c, 'BGSAVE');
  await bgsaveStatus(c, 'ok');
  rmSync(dir, { recursive: true, force: true });
}

const misconf: Scenario = (port) => withFreshClients(port, 1, async ([c]) => {
  const a = c as RawClient;
  const out = await prepare(a);
  out.push(...(await breakSaving(a, port)));
  out.push(await rawReply(a, 'CONFIG', 'RESETSTAT'));
  out.push(await rawReply(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EVAL', 'return 1', '0'));
  out.push(await rawReply(a, 'EVAL_RO', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVAL_RO', NO_WRITES, '0'));
  out.push(await rawReply(a, 'FCALL', 'w', '0'));
  out.push(await rawReply(a, 'FCALL', 'r', '0'));
  out.push(await rawReply(a, 'FCALL_RO', 'r', '0'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await queue(a, 'EVAL', 'return 1', '0'));
  out.push(await queue(a, 'FCALL', 'r', '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'FCALL', 'w', '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(...(await scriptStats(a)));
  await repairSaving(a, port);
  return out;
});

const noReplicas: Scenario = (port) => withFreshClients(port, 1, async ([c]) => {
  const a = c as RawClient;
  const out = await prepare(a);
  out.push(await rawReply(a, 'CONFIG', 'SET', 'min-replicas-to-write', '1'));
  out.push(await rawReply(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'FCALL', 'w', '0'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await rawReply(a, 'CONFIG', 'SET', 'min-replicas-to-write', '0'));
  out.push(...(await scriptStats(a)));
  return out;
});

const replica: Scenario = (port) => withFreshClients(port, 1, async ([c]) => {
  const a = c as RawClient;
  const out = await prepare(a);
  // A master nobody listens on: the link stays down.
  out.push(await rawReply(a, 'REPLICAOF', '127.0.0.1', String(await freePort())));
  out.push(await rawReply(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EVAL', 'return 1', '0'));
  out.push(await rawReply(a, 'EVAL_RO', MAY_WRITE, '0'));
  out.push(await rawReply(a, 'FCALL', 'w', '0'));
  out.push(await rawReply(a, 'FCALL', 'r', '0'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EXEC'));
  // replica-serve-stale-data no: only scripts flagged allow-stale run.
  out.push(await rawReply(a, 'CONFIG', 'SET', 'replica-serve-stale-data', 'no'));
  out.push(await rawReply(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EVAL', '#!lua flags=no-writes,allow-stale\nreturn 1', '0'));
  out.push(await rawReply(a, 'EVAL', '#!lua flags=allow-stale\nreturn 1', '0'));
  out.push(await rawReply(a, 'FCALL', 'r', '0'));
  out.push(await rawReply(a, 'FCALL', 's', '0'));
  out.push(await rawReply(a, 'FCALL_RO', 's', '0'));
  out.push(await rawReply(a, 'EVAL', 'return 1', '0')); // no shebang: EVAL's own flags (stale)
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', '#!lua flags=no-writes,allow-stale\nreturn 1', '0'));
  out.push(await queue(a, 'FCALL', 's', '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EXEC'));
  out.push(await rawReply(a, 'CONFIG', 'SET', 'replica-serve-stale-data', 'yes'));
  out.push(await rawReply(a, 'REPLICAOF', 'NO', 'ONE'));
  out.push(...(await scriptStats(a)));
  return out;
});

/** Send a command, wait `ms`, and say what arrived meanwhile ('' when the command is held). */
async function sendAndWait(c: RawClient, ms: number, ...argv: string[]): Promise<string> {
  c.write(resp(...argv));
  return (await c.readBytes(1 << 20, ms)).toString('latin1');
}

const pauseWrite: Scenario = (port) => withFreshClients(port, 2, async ([c, other]) => {
  const a = c as RawClient;
  const b = other as RawClient;
  const out = await prepare(a);
  out.push(await rawReply(b, 'CLIENT', 'PAUSE', '20000', 'WRITE'));
  // Not held: a no-writes script, EVAL_RO of a script without flags, a no-writes function.
  out.push(await rawReply(a, 'EVAL', NO_WRITES, '0'));
  out.push(await rawReply(a, 'EVAL_RO', 'return 1', '0'));
  out.push(await rawReply(a, 'FCALL', 'r', '0'));
  // Held until UNPAUSE: a script that may write.
  out.push(await sendAndWait(a, 150, 'EVAL', MAY_WRITE, '0'));
  out.push(await rawReply(b, 'CLIENT', 'UNPAUSE'));
  out.push((await a.readUntil('\r\n')).toString('latin1'));
  out.push(await rawReply(b, 'CLIENT', 'PAUSE', '20000', 'WRITE'));
  out.push(await sendAndWait(a, 150, 'FCALL', 'w', '0'));
  out.push(await rawReply(b, 'CLIENT', 'UNPAUSE'));
  out.push((await a.readUntil('\r\n')).toString('latin1'));
  return out;
});

/** A user whose rules name EVAL and FCALL: EXEC checks them again for the queued scripts. */
const aclUser: Scenario = (port) => withFreshClients(port, 2, async ([c, admin]) => {
  const a = c as RawClient;
  const out = await prepare(a);
  out.push(await rawReply(a, 'ACL', 'SETUSER', 'flagsuser', 'on', 'nopass', '~*', '&*', '+multi', '+exec', '+eval', '+fcall', '+set'));
  out.push(await a.roundTrip(resp('AUTH', 'flagsuser', 'any'))); // no ECHO after it: not allowed
  out.push(await queue(a, 'MULTI'));
  out.push(await queue(a, 'EVAL', MAY_WRITE, '0'));
  out.push(await queue(a, 'EVAL', NO_WRITES, '0'));
  out.push(await queue(a, 'FCALL', 'w', '0'));
  out.push(await a.roundTrip(resp('EXEC'), '+OK\r\n')); // ends with FCALL's reply (no ECHO: not allowed)
  out.push(await rawReply(admin as RawClient, 'ACL', 'DELUSER', 'flagsuser'));
  return out;
});

// Its own dir: with save points FLUSHALL writes dump.rdb there.
const ours = useTsredis({ config: { save: '3600 1', 'enable-protected-configs': 'yes' }, tempDir: 'tsredis-script-flags-' });

describe('dispatch reads a script\'s declared flags', () => {
  it('out of memory: a script that may write is a rejected call; no-writes and allow-oom run', async () => {
    const out = await outOfMemory(ours.port);
    const oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    expect(out.slice(5, 8)).toEqual([oom, oom, oom]); // EVAL, EVAL of a script that would not write, EVALSHA
    expect(out.slice(8, 10)).toEqual(['$-1\r\n', '+OK\r\n']); // no-writes, allow-oom
    expect(out[12]).toBe(oom); // EVAL_RO of a script that may write
    expect(out[14]).toBe(oom); // FCALL of a function without flags
    expect(out[15]).toBe('$1\r\nv\r\n'); // a no-writes function
    // Queued while memory was fine, EXEC run out of memory: refused for the queued script's flags.
    expect(out[26]).toBe("-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n");
    expect(out[33]).toBe('*3\r\n:1\r\n:1\r\n+OK\r\n'); // no-writes, no shebang, allow-oom
    expect(out.slice(34, 36)).toEqual(['-ERR Unexpected flag in script shebang: bogus\r\n', '-ERR Unexpected engine in script shebang: #!python\r\n']);
    expect(out[36]).toBe(oom);
    expect(out.slice(38)).toEqual([
      'cmdstat_eval:calls=8,rejected_calls=3,failed_calls=3',
      'cmdstat_eval_ro:calls=1,rejected_calls=1,failed_calls=0',
      'cmdstat_evalsha:calls=0,rejected_calls=2,failed_calls=0',
      'cmdstat_exec:calls=2,rejected_calls=1,failed_calls=1',
      'cmdstat_fcall:calls=3,rejected_calls=1,failed_calls=0',
      'cmdstat_fcall_ro:calls=0,rejected_calls=1,failed_calls=0',
    ]);
  });

  it('a failed save: MISCONF refuses a script that may write while queuing, EXEC aborts', async () => {
    const out = await misconf(ours.port);
    expect(out[7]).toMatch(/^-MISCONF Redis is configured to save RDB snapshots/);
    expect(out.slice(8, 10)).toEqual([':1\r\n', ':1\r\n']); // no-writes, no shebang
    expect(out[16]).toBe(out[7]); // refused while queuing
    expect(out[17]).toBe('+QUEUED\r\n');
    expect(out[18]).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(out[23]).toBe('*3\r\n:1\r\n:1\r\n$-1\r\n');
    expect(out.slice(27)).toEqual([
      'cmdstat_eval:calls=4,rejected_calls=2,failed_calls=0',
      'cmdstat_eval_ro:calls=1,rejected_calls=1,failed_calls=0',
      'cmdstat_exec:calls=3,rejected_calls=0,failed_calls=2',
      'cmdstat_fcall:calls=2,rejected_calls=2,failed_calls=0',
      'cmdstat_fcall_ro:calls=1,rejected_calls=0,failed_calls=0',
    ]);
  });

  it('a replica: READONLY and MASTERDOWN for what the script declares', async () => {
    const out = await replica(ours.port);
    const readOnly = "-READONLY You can't write against a read only replica.\r\n";
    const masterDown = "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n";
    expect(out.slice(5, 11)).toEqual([readOnly, ':1\r\n', ':1\r\n', readOnly, readOnly, '$-1\r\n']);
    expect(out[12]).toBe(readOnly); // refused while queuing
    expect(out[14]).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    // no-writes, no-writes + allow-stale, allow-stale (a write), a no-writes function, allow-stale ones,
    // then a script without a shebang: EVAL is flagged stale, but the script does not start.
    expect(out.slice(16, 23)).toEqual([masterDown, ':1\r\n', readOnly, masterDown, ':1\r\n', ':1\r\n', masterDown]);
    expect(out[out.length - 5]).toBe('cmdstat_eval:calls=5,rejected_calls=5,failed_calls=1');
  });

  it('EXEC checks a queued script against the ACL rules of EVAL and FCALL', async () => {
    const out = await aclUser(ours.port);
    expect(out.slice(6)).toEqual([
      '+OK\r\n', '+QUEUED\r\n', '+QUEUED\r\n', '+QUEUED\r\n', '*3\r\n:1\r\n:1\r\n+OK\r\n', ':1\r\n',
    ]);
  });

  it('CLIENT PAUSE WRITE holds a script that may write, not one that declares no-writes', async () => {
    const out = await pauseWrite(ours.port);
    expect(out.slice(5, 8)).toEqual([':1\r\n', ':1\r\n', '$-1\r\n']);
    expect(out.slice(8, 11)).toEqual(['', '+OK\r\n', ':1\r\n']); // held until UNPAUSE
    expect(out.slice(12, 15)).toEqual(['', '+OK\r\n', '+OK\r\n']); // FCALL of a function without flags
  });
});

describeAgainstRealRedis('script flags at dispatch', {
  'out of memory': outOfMemory,
  'a failed save (MISCONF)': misconf,
  'min-replicas-to-write': noReplicas,
  'a read-only, stale replica': replica,
  'CLIENT PAUSE WRITE': pauseWrite,
  'ACL rules at EXEC': aclUser,
}, () => ours.port, ['--save', '3600 1', '--enable-protected-configs', 'yes']);
