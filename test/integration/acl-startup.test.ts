// ACL pieces outside the request/reply transcripts: users at start-up (redis.conf `user` lines,
// startServer's option, the aclfile), the fatal config errors of bad user lines compared with
// redis-server 7.0.15, GENPASS, and ioredis / node-redis logging in with a username.

import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireProgram, startTestServer } from '../helpers/server.js';
import { ReplyReader, sortSingleCommands } from './acl-helpers.js';

const haveRedis = requireProgram('redis-server', 'apt-get install -y redis-server');

describe('ACL at start-up and through client libraries', () => {
  it('ioredis and node-redis log in with a username', async () => {
    const srv = await startTestServer();
    const admin = await ReplyReader.connect(srv.port);
    await admin.command('ACL', 'SETUSER', 'app', 'on', '>pw', '~app:*', '+@all', '-flushall');
    const { Redis } = await import('ioredis');
    const io = new Redis({ port: srv.port, username: 'app', password: 'pw', lazyConnect: true, maxRetriesPerRequest: 0 });
    await io.connect();
    expect(await io.call('ACL', 'WHOAMI')).toBe('app');
    expect(await io.set('app:1', 'x')).toBe('OK');
    await expect(io.get('other')).rejects.toThrow('NOPERM this user has no permissions to access one of the keys used as arguments');
    io.disconnect();
    const { createClient } = await import('redis');
    const nr = await createClient({ url: `redis://app:pw@127.0.0.1:${srv.port}`, RESP: 3 }).connect();
    expect(await nr.get('app:1')).toBe('x');
    await expect(nr.flushAll()).rejects.toThrow("NOPERM this user has no permissions to run the 'flushall' command");
    await nr.quit();
    const bad = new Redis({ port: srv.port, username: 'app', password: 'no', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const errors: string[] = [];
    bad.on('error', (err: Error) => errors.push(err.message));
    await bad.connect().catch(() => undefined);
    expect(errors).toContain('WRONGPASS invalid username-password pair or user is disabled.');
    bad.disconnect();
    admin.close();
    await srv.close();
  });


  it('redis.conf `user` directives create users at start-up', async () => {
    const srv = await startTestServer({ user: ['alice', 'on', '>pw', '~a*', '+get'] });
    const c = await ReplyReader.connect(srv.port);
    expect(sortSingleCommands(await c.command('ACL', 'LIST'))).toBe(
      `*2\r\n$108\r\nuser alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels -@all +get\r\n$34\r\nuser default on nopass ~* &* +@all\r\n`,
    );
    expect(await c.command('AUTH', 'alice', 'pw')).toBe('+OK\r\n');
    expect(await c.command('SET', 'a', 'b')).toBe("-NOPERM this user has no permissions to run the 'set' command\r\n");
    c.close();
    await srv.close();
  });

  it('tsredis-server reads `user` lines from redis.conf, and exits on a bad rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acl-conf-'));
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, 'port 0\nbind 127.0.0.1\nsave ""\nuser alice on >pw ~a* +get\nuser default on nopass ~* &* +@all -debug\n');
    const cli = join(import.meta.dirname, '../../src/cli.ts');
    const tsx = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, cli, conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (match !== null) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const c = await ReplyReader.connect(port);
    expect(sortSingleCommands(await c.command('ACL', 'LIST'))).toBe(
      '*2\r\n$108\r\nuser alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels -@all +get\r\n' +
        '$58\r\nuser default on nopass sanitize-payload ~* &* +@all -debug\r\n',
    );
    c.close();
    child.kill('SIGKILL');
    writeFileSync(conf, 'port 0\nsave ""\nuser bad on +nosuch\n');
    const bad = spawn(process.execPath, ['--import', tsx, cli, conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    bad.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    bad.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(log).toContain("Error loading ACL rule '+nosuch' for the user named 'bad': Unknown command or category name in ACL");
  }, 40_000);

  it.runIf(haveRedis)('bad `user` lines stop the start with the same fatal config errors as redis-server', async () => {
    const tsx = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
    const cli = join(import.meta.dirname, '../../src/cli.ts');
    const run = (cmd: string, args: string[]): Promise<{ code: number | null; out: string }> => {
      const child = spawn(cmd, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
    };
    const fatal = (out: string): string => out.slice(out.indexOf('\n*** FATAL'));
    for (const users of [['alice', 'on', 'foo'], ['a', 'on', '--user', 'a', 'off'], ['a', 'on', '(~x', '+get'], ['b', '%Q~x']]) {
      const args = ['--port', '0', '--save', '', '--user', ...users];
      const theirs = await run('redis-server', args);
      const mine = await run(process.execPath, ['--import', tsx, cli, ...args]);
      expect(mine.code).toBe(1);
      expect(fatal(mine.out)).toBe(fatal(theirs.out));
    }
  }, 40_000);

  it('startServer takes users as one string each', async () => {
    const srv = await startTestServer({ user: ['alice on >pw ~a* +get', 'bob on nopass +@all ~*'] });
    const c = await ReplyReader.connect(srv.port);
    expect(await c.command('ACL', 'USERS')).toBe('*3\r\n$5\r\nalice\r\n$3\r\nbob\r\n$7\r\ndefault\r\n');
    expect(await c.command('AUTH', 'alice', 'pw')).toBe('+OK\r\n');
    c.close();
    await srv.close();
  });

  it('a bad `user` directive or aclfile stops the start', async () => {
    await expect(startTestServer({ user: ['bad', '+nosuch'] })).rejects.toThrow(
      "Error loading ACL rule '+nosuch' for the user named 'bad': Unknown command or category name in ACL",
    );
    await expect(startTestServer({ aclfile: '/nonexistent/users.acl' })).rejects.toThrow(
      "Aborting Redis startup because of ACL errors: Error loading ACLs, opening file '/nonexistent/users.acl': No such file or directory",
    );
  });

  it('ACL GENPASS gives (bits+3)/4 hex digits', async () => {
    const srv = await startTestServer();
    const c = await ReplyReader.connect(srv.port);
    expect(await c.command('ACL', 'GENPASS')).toMatch(/^\$64\r\n[0-9a-f]{64}\r\n$/);
    expect(await c.command('ACL', 'GENPASS', '5')).toMatch(/^\$2\r\n[0-9a-f]{2}\r\n$/);
    c.close();
    await srv.close();
  });
});
