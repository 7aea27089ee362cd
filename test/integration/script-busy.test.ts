// Scripts past busy-reply-threshold: the BUSY state, SCRIPT KILL, FUNCTION KILL, UNKILLABLE,
// SHUTDOWN while busy, and what waits for the script (the caller's pipeline, the rest of an EXEC,
// cron work). The scenarios run on tsredis and, when redis-server is installed, on a real Redis
// 7.0 with the same threshold, and the reply transcripts must be byte-identical.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, withClients, type Scenario } from '../helpers/side-by-side.js';

const THRESHOLD_MS = 100;

/** Never ends on its own; reads nothing, writes nothing: killable. */
const SPIN = 'local i = 0 while true do i = i + 1 end';
/** Writes, then runs for `ms` by the clock: unkillable, ends by itself. */
const WRITE_THEN_RUN = (ms: number): string =>
  `redis.call('set', KEYS[1], 'v') local t = redis.call('time') local start = t[1] * 1000000 + t[2] ` +
  `while true do local n = redis.call('time') if n[1] * 1000000 + n[2] - start > ${ms * 1000} then break end end return 'done'`;
/** Runs for `ms` by the clock without writing. */
const READ_ONLY_RUN = (ms: number): string =>
  `local t = redis.call('time') local start = t[1] * 1000000 + t[2] ` +
  `while true do local n = redis.call('time') if n[1] * 1000000 + n[2] - start > ${ms * 1000} then break end end return 'ran'`;
const LIBRARY = `#!lua name=busylib
redis.register_function('spin', function(keys, args) local i = 0 while true do i = i + 1 end end)`;

/** One reply line (all the replies these scenarios compare are one line). */
async function send(client: RawClient, ...argv: string[]): Promise<string> {
  return client.roundTrip(resp(...argv), '\r\n', 5000);
}

/** Poll with PING until the server answers BUSY (the script timed out). */
async function waitBusy(probe: RawClient): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if ((await send(probe, 'PING')).startsWith('-BUSY')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the server never became busy');
}

/** Connect the clients a scenario needs; close them afterwards. */

const SCENARIOS: Record<string, Scenario> = {
  'an endless EVAL: BUSY for others, allow_busy commands, SCRIPT KILL, then back to normal': (port) =>
    withClients(port, 3, async ([a, b, c]) => {
      const out: string[] = [];
      a!.write(resp('EVAL', SPIN, '0'));
      await waitBusy(b!);
      for (const argv of [
        ['GET', 'x'], ['SET', 'x', '1'], ['FUNCTION', 'KILL'], ['FUNCTION', 'STATS'], ['SHUTDOWN'], ['SHUTDOWN', 'SAVE'],
        ['CLIENT', 'LIST'], ['SCRIPT', 'LOAD', 'return 1'], ['EVAL', 'return 1', '0'],
        ['WATCH', 'x'], ['UNWATCH'], ['MULTI'], ['SET', 'x', '1'], ['EXEC'], ['EXEC'],
      ]) {
        out.push(await send(b!, ...argv));
      }
      // HELLO is allowed while busy (its map holds the client id, which differs between servers).
      const hello = await b!.roundTrip(resp('HELLO', '2', 'SETNAME', 'b'), 'modules\r\n*0\r\n', 5000);
      out.push(hello.replace(/\$2\r\nid\r\n:\d+\r\n/, ''));
      out.push(await send(c!, 'MULTI'), await send(c!, 'DISCARD'));
      out.push(await send(c!, 'SCRIPT', 'KILL'));
      out.push((await a!.readUntil('\r\n', 5000)).toString('latin1'));
      out.push(await send(b!, 'PING'), await send(b!, 'EXISTS', 'x'), await send(c!, 'SCRIPT', 'KILL'));
      return out;
    }),

  'an endless FCALL: FUNCTION KILL stops it, SCRIPT KILL does not': (port) =>
    withClients(port, 2, async ([a, b]) => {
      const out: string[] = [];
      out.push(await send(b!, 'FUNCTION', 'LOAD', 'REPLACE', LIBRARY));
      a!.write(resp('FCALL', 'spin', '0'));
      await waitBusy(b!);
      out.push(await send(b!, 'GET', 'x'), await send(b!, 'SCRIPT', 'KILL'), await send(b!, 'FUNCTION', 'KILL'));
      out.push((await a!.readUntil('\r\n', 5000)).toString('latin1'));
      out.push(await send(b!, 'PING'), await send(b!, 'FUNCTION', 'KILL'));
      return out;
    }),

  'a script that wrote is UNKILLABLE and ends by itself; its write is there afterwards': (port) =>
    withClients(port, 2, async ([a, b]) => {
      const out: string[] = [];
      await send(b!, 'DEL', 'w');
      // Long enough that the GET below surely comes while it still runs, even on a loaded machine.
      a!.write(resp('EVAL', WRITE_THEN_RUN(1500), '1', 'w'));
      await waitBusy(b!);
      out.push(await send(b!, 'SCRIPT', 'KILL'), await send(b!, 'GET', 'w'));
      out.push((await a!.readUntil('\r\n', 5000)).toString('latin1'));
      out.push(await send(b!, 'GET', 'w'));
      return out;
    }),

  "the caller's pipelined commands run after its killed script, in order": (port) =>
    withClients(port, 2, async ([a, b]) => {
      a!.write(Buffer.concat([resp('EVAL', SPIN, '0'), resp('SET', 'after', '1'), resp('INCR', 'after')]));
      await waitBusy(b!);
      const kill = await send(b!, 'SCRIPT', 'KILL');
      const replies = (await a!.readUntil(':2\r\n', 5000)).toString('latin1');
      return [kill, replies];
    }),

  'EXEC holding a busy EVAL: the rest of the queue runs after the kill': (port) =>
    withClients(port, 2, async ([a, b]) => {
      await send(b!, 'DEL', 'n');
      for (const argv of [['MULTI'], ['SET', 'n', '1'], ['EVAL', SPIN, '0'], ['INCR', 'n']]) await send(a!, ...argv);
      a!.write(resp('EXEC'));
      await waitBusy(b!);
      const kill = await send(b!, 'SCRIPT', 'KILL');
      const exec = (await a!.readUntil(':2\r\n', 5000)).toString('latin1');
      return [kill, exec, await send(b!, 'GET', 'n')];
    }),

  'a pcall cannot swallow the kill': (port) =>
    withClients(port, 2, async ([a, b]) => {
      a!.write(resp('EVAL', `local ok = pcall(function() ${SPIN} end) ${SPIN}`, '0'));
      await waitBusy(b!);
      const kill = await send(b!, 'SCRIPT', 'KILL');
      return [kill, (await a!.readUntil('\r\n', 5000)).toString('latin1')];
    }),

  'the caller hangs up while busy; the server carries on': (port) =>
    withClients(port, 2, async ([a, b]) => {
      a!.write(resp('EVAL', SPIN, '0'));
      await waitBusy(b!);
      a!.close();
      await new Promise((r) => setTimeout(r, 50));
      const kill = await send(b!, 'SCRIPT', 'KILL');
      // Nobody is left to receive the script's end: wait for the server to stop answering BUSY.
      const deadline = Date.now() + 5000;
      while ((await send(b!, 'PING')).startsWith('-BUSY') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return [kill, await send(b!, 'PING'), await send(b!, 'SET', 'y', '1')];
    }),

  'a script that finishes under the threshold never makes anyone wait': (port) =>
    withClients(port, 1, async ([a]) => [await send(a!, 'EVAL', READ_ONLY_RUN(20), '0'), await send(a!, 'SCRIPT', 'KILL')]),
};

const ours = useTsredis({ raw: false, config: { 'busy-reply-threshold': String(THRESHOLD_MS) } });

describe('busy scripts on tsredis (replies read off Redis 7.0.15)', () => {
  it('an endless EVAL gets killed, others get BUSY meanwhile', async () => {
    const out = await SCENARIOS['an endless EVAL: BUSY for others, allow_busy commands, SCRIPT KILL, then back to normal']!(ours.port);
    const busy = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';
    expect(out).toEqual([
      busy, busy, busy, busy, busy, busy, busy, busy, busy,
      '+OK\r\n', '+OK\r\n', '+OK\r\n', busy,
      `-EXECABORT Transaction discarded because of: ${busy.slice(1)}`,
      // EXEC is refused before it looks for a MULTI, so even a lone EXEC reads EXECABORT.
      `-EXECABORT Transaction discarded because of: ${busy.slice(1)}`,
      expect.stringMatching(/^\*14\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n[\s\S]*modules\r\n\*0\r\n$/),
      '+OK\r\n', '+OK\r\n',
      '+OK\r\n',
      expect.stringMatching(/^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/),
      '+PONG\r\n', ':0\r\n', '-NOTBUSY No scripts in execution right now.\r\n',
    ]);
  });

  it('FUNCTION STATS shows the running function while it is busy', async () => {
    await withClients(ours.port, 2, async ([a, b]) => {
      await send(b!, 'FUNCTION', 'LOAD', 'REPLACE', LIBRARY);
      a!.write(resp('FCALL', 'spin', '0'));
      await waitBusy(b!);
      b!.write(resp('FUNCTION', 'STATS'));
      const stats = (await b!.readUntil('functions_count\r\n:1\r\n', 5000)).toString('latin1');
      expect(stats).toMatch(
        /^\*4\r\n\$14\r\nrunning_script\r\n\*6\r\n\$4\r\nname\r\n\$4\r\nspin\r\n\$7\r\ncommand\r\n\*3\r\n\$5\r\nFCALL\r\n\$4\r\nspin\r\n\$1\r\n0\r\n\$11\r\nduration_ms\r\n:\d+\r\n\$7\r\nengines\r\n/,
      );
      expect(await send(b!, 'FUNCTION', 'KILL')).toBe('+OK\r\n');
      expect((await a!.readUntil('\r\n', 5000)).toString('latin1')).toBe(
        '-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n',
      );
      await send(b!, 'FUNCTION', 'FLUSH');
    });
  });

  it('no key expires, and no blocked client times out, while a script is busy', async () => {
    await withClients(ours.port, 4, async ([a, b, sub, blocked]) => {
      await send(b!, 'CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
      await send(sub!, 'SUBSCRIBE', '__keyevent@0__:expired');
      await sub!.readBytes(1, 100);
      blocked!.write(resp('BLPOP', 'nothing-here', '0.2'));
      const deadline = Date.now() + 5000;
      while (!(await b!.roundTrip(resp('INFO', 'clients'), '\r\n\r\n', 5000)).includes('blocked_clients:1')) {
        if (Date.now() > deadline) throw new Error('BLPOP never blocked');
      }
      // The TTL starts with the script; both timeouts can only fall due at the script's yields.
      a!.write(Buffer.concat([resp('SET', 'short', '1', 'PX', '200'), resp('EVAL', READ_ONLY_RUN(1000), '0')]));
      await waitBusy(b!);
      // Well past the TTL and the BLPOP timeout, the script still runs: neither may have fired.
      await new Promise((r) => setTimeout(r, 400));
      expect((await sub!.readBytes(1, 50)).toString('latin1')).toBe('');
      expect((await blocked!.readBytes(1, 50)).toString('latin1')).toBe('');
      expect((await a!.readUntil('ran\r\n', 5000)).toString('latin1')).toBe('+OK\r\n$3\r\nran\r\n');
      expect((await sub!.readUntil('short\r\n', 2000)).toString('latin1')).toContain('expired');
      expect((await blocked!.readUntil('\r\n', 2000)).toString('latin1')).toBe('*-1\r\n');
      await send(b!, 'CONFIG', 'SET', 'notify-keyspace-events', '');
    });
  });

  it("a busy script's writes reach the AOF as one MULTI/EXEC unit after it ends, with the caller's reply", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-busy-aof-'));
    const own = await startTestServer({ 'busy-reply-threshold': String(THRESHOLD_MS), appendonly: 'yes', appendfsync: 'always', dir });
    try {
      await withClients(own.port, 2, async ([a, b]) => {
        a!.write(resp('EVAL', `redis.call('set', 'p', '1') ${READ_ONLY_RUN(400).replace("return 'ran'", "redis.call('set', 'q', '2') return 'ran'")}`, '0'));
        await waitBusy(b!);
        expect(await send(b!, 'SET', 'other', 'x')).toMatch(/^-BUSY/);
        expect((await a!.readUntil('ran\r\n', 5000)).toString('latin1')).toBe('$3\r\nran\r\n');
      });
      const incr = readdirSync(join(dir, 'appendonlydir')).find((name) => name.endsWith('.incr.aof'));
      const log = readFileSync(join(dir, 'appendonlydir', incr ?? 'missing'), 'latin1');
      expect(log).toContain('*1\r\n$5\r\nMULTI\r\n');
      expect(log.indexOf('$1\r\np\r\n')).toBeLessThan(log.indexOf('$1\r\nq\r\n'));
      expect(log.indexOf('$1\r\nq\r\n')).toBeLessThan(log.indexOf('*1\r\n$4\r\nEXEC\r\n'));
      expect(log).not.toContain('other');
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SHUTDOWN NOSAVE stops a busy server; the caller gets no reply', async () => {
    const own = await startTestServer({ 'busy-reply-threshold': String(THRESHOLD_MS) });
    const a = await RawClient.connect(own.port);
    const b = await RawClient.connect(own.port);
    a.write(resp('EVAL', SPIN, '0'));
    await waitBusy(b);
    b.write(resp('SHUTDOWN', 'NOSAVE'));
    expect(await a.waitClosed(3000)).toBe(true);
    expect(await b.waitClosed(3000)).toBe(true);
    await own.close();
  });

  it('every scenario replies as pinned above and does not disturb the next', async () => {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const out = await scenario(ours.port);
      expect(out.length, name).toBeGreaterThan(0);
      expect(await withClients(ours.port, 1, async ([c]) => send(c!, 'PING')), name).toBe('+PONG\r\n');
    }
  }, 30000);
});

describeAgainstRealRedis('busy scripts', SCENARIOS, () => ours.port, ['--busy-reply-threshold', String(THRESHOLD_MS)]);
