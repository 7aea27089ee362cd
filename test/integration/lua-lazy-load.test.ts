// The Lua runtime loads in the background (src/server/lua-wait.ts): startServer resolves before it
// is ready, a client whose command needs Lua waits for it with its pipeline behind it, everyone else
// is served at once, and a runtime that fails to load becomes an error reply. Most tests hold the
// load open with an injected loader (a gate), so the waiting window is as long as the test needs.
// Expected replies are the bytes Redis 7.0.15 sent for the same requests.

import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/index.js';
import { loadLuaRuntime, type LuaLoader } from '../../src/scripting/lua-runtime.js';
import { resp, startTestServer, type RawClient } from '../helpers/server.js';
import { useServerPool } from '../helpers/side-by-side.js';

const pool = useServerPool();

/** A loader that waits for open() before loading the real runtime. */
function gatedLoader(): { loader: LuaLoader; open: () => void; calls: () => number } {
  let open!: () => void;
  let calls = 0;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { loader: () => ((calls++), gate.then(() => loadLuaRuntime())), open, calls: () => calls };
}

async function start(loader?: LuaLoader): Promise<RunningServer> {
  return pool.adopt(await startServer({}, loader === undefined ? {} : { luaLoader: loader }));
}

const connect = (srv: RunningServer): Promise<RawClient> => pool.raw(srv.port);

/** Nothing arrives on `c` for a while (the command is held). */
async function silent(c: RawClient, ms = 60): Promise<string> {
  return (await c.readBytes(1, ms)).toString('latin1');
}

describe('Lua runtime loaded in the background', () => {
  it('the first EVAL sent right after startServer resolves gets its reply', async () => {
    // The default loader: in a fresh worker the runtime is not in the process yet when this runs.
    const srv = await startTestServer();
    pool.adopt(srv);
    // This file's first server: the runtime is still loading (this test runs in a fresh module graph).
    expect(srv.server.luaPending).toBe(true);
    const c = await connect(srv);
    expect(await c.roundTrip(resp('EVAL', "return {1, 'two', redis.call('PING')}", '0'), 'PONG\r\n')).toBe(
      '*3\r\n:1\r\n$3\r\ntwo\r\n+PONG\r\n',
    );
  });

  it('startServer resolves before the Lua runtime has loaded', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    expect(gate.calls()).toBe(1);
    expect(srv.server.luaPending).toBe(true);
    gate.open();
  });

  it('a pipeline EVAL; PING; GET waits for the runtime and answers in order', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const c = await connect(srv);
    c.write(Buffer.concat([resp('EVAL', 'return 1', '0'), resp('PING'), resp('GET', 'nokey')]));
    expect(await silent(c)).toBe('');
    gate.open();
    expect((await c.readUntil('$-1\r\n')).toString('latin1')).toBe(':1\r\n+PONG\r\n$-1\r\n');
  });

  it('commands before the EVAL in the same pipeline are answered at once', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const c = await connect(srv);
    c.write(Buffer.concat([resp('SET', 'k', 'v'), resp('EVAL', "return redis.call('GET', KEYS[1])", '1', 'k'), resp('PING')]));
    expect((await c.readUntil('+OK\r\n')).toString('latin1')).toBe('+OK\r\n');
    expect(await silent(c)).toBe('');
    // Input sent while waiting stays behind the held command too.
    c.write(resp('GET', 'k'));
    expect(await silent(c, 30)).toBe('');
    gate.open();
    expect((await c.readUntil('$1\r\nv\r\n+PONG\r\n$1\r\nv\r\n')).toString('latin1')).toBe('$1\r\nv\r\n+PONG\r\n$1\r\nv\r\n');
  });

  it('a client sending only GET and SET is never held up, while another waits', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const waiting = await connect(srv);
    const other = await connect(srv);
    waiting.write(resp('EVAL', "return redis.call('GET', 'shared')", '0'));
    expect(await silent(waiting)).toBe('');
    expect(await other.roundTrip(resp('SET', 'shared', 'x'))).toBe('+OK\r\n');
    expect(await other.roundTrip(resp('GET', 'shared'), 'x\r\n')).toBe('$1\r\nx\r\n');
    expect(srv.server.luaPending).toBe(true);
    gate.open();
    // The script runs when the runtime is ready, and sees the other client's write.
    expect((await waiting.readUntil('x\r\n')).toString('latin1')).toBe('$1\r\nx\r\n');
  });

  it('MULTI queues EVAL at once; EXEC waits as a whole and runs the transaction in one piece', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const c = await connect(srv);
    const other = await connect(srv);
    c.write(Buffer.concat([resp('MULTI'), resp('SET', 'k', 'v'), resp('EVAL', "return redis.call('GET','k')", '0')]));
    expect((await c.readUntil('+QUEUED\r\n+QUEUED\r\n')).toString('latin1')).toBe('+OK\r\n+QUEUED\r\n+QUEUED\r\n');
    c.write(Buffer.concat([resp('EXEC'), resp('GET', 'k')]));
    expect(await silent(c)).toBe('');
    // Nothing of the transaction ran yet.
    expect(await other.roundTrip(resp('EXISTS', 'k'))).toBe(':0\r\n');
    gate.open();
    expect((await c.readUntil('$1\r\nv\r\n$1\r\nv\r\n')).toString('latin1')).toBe('*2\r\n+OK\r\n$1\r\nv\r\n$1\r\nv\r\n');
  });

  it('EXEC without a script in its queue does not wait', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const c = await connect(srv);
    c.write(Buffer.concat([resp('MULTI'), resp('SET', 'k', 'v'), resp('EXEC')]));
    expect((await c.readUntil('*1\r\n+OK\r\n')).toString('latin1')).toBe('+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n');
    gate.open();
  });

  it('FUNCTION LOAD, FCALL, SCRIPT LOAD and EVALSHA wait too', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const c = await connect(srv);
    c.write(
      Buffer.concat([
        resp('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() return 1 end)"),
        resp('FCALL', 'f', '0'),
        resp('SCRIPT', 'LOAD', 'return 2'),
        resp('EVALSHA', '7f923f79fe76194c868d7e1d0820de36700eb649', '0'),
      ]),
    );
    expect(await silent(c)).toBe('');
    gate.open();
    expect((await c.readUntil(':2\r\n')).toString('latin1')).toBe(
      '$1\r\nx\r\n:1\r\n$40\r\n7f923f79fe76194c868d7e1d0820de36700eb649\r\n:2\r\n',
    );
  });

  it('clients waiting for the runtime resume in arrival order', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const a = await connect(srv);
    const b = await connect(srv);
    a.write(resp('EVAL', "return redis.call('INCR', 'order')", '0'));
    await silent(a, 20);
    b.write(resp('EVAL', "return redis.call('INCR', 'order')", '0'));
    await silent(b, 20);
    gate.open();
    expect((await a.readUntil('\r\n')).toString('latin1')).toBe(':1\r\n');
    expect((await b.readUntil('\r\n')).toString('latin1')).toBe(':2\r\n');
  });

  it('a waiting client that disconnects is forgotten', async () => {
    const gate = gatedLoader();
    const srv = await start(gate.loader);
    const a = await connect(srv);
    a.write(resp('EVAL', "return redis.call('SET', 'gone', '1')", '0'));
    await silent(a, 20);
    a.close();
    await new Promise((r) => setTimeout(r, 20));
    gate.open();
    const b = await connect(srv);
    expect(await b.roundTrip(resp('EVAL', 'return 5', '0'))).toBe(':5\r\n');
    expect(await b.roundTrip(resp('EXISTS', 'gone'))).toBe(':0\r\n');
  });

  it('a runtime that fails to load makes scripting commands fail with an error, not the server', async () => {
    const lines: string[] = [];
    const srv = await startServer({}, { luaLoader: () => Promise.reject(new Error('no WebAssembly here')), logSink: (l) => lines.push(l) });
    pool.adopt(srv);
    const c = await connect(srv);
    const unavailable = '-ERR Lua scripting is unavailable: the Lua runtime failed to load (no WebAssembly here)\r\n';
    c.write(
      Buffer.concat([
        resp('EVAL', 'return 1', '0'),
        resp('PING'),
        resp('SCRIPT', 'LOAD', 'return 1'),
        resp('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() return 1 end)"),
        resp('SET', 'k', 'v'),
      ]),
    );
    expect((await c.readUntil('+OK\r\n')).toString('latin1')).toBe(`${unavailable}+PONG\r\n${unavailable}${unavailable}+OK\r\n`);
    expect(lines.some((l) => l.includes('Failed to load the Lua runtime, scripting is unavailable: no WebAssembly here'))).toBe(true);
    // Later scripting commands get the same error at once.
    expect(await c.roundTrip(resp('EVAL', 'return 1', '0'))).toBe(unavailable);
  });
});
