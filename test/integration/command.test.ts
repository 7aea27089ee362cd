// COMMAND and its subcommands over TCP, exact bytes where Redis's reply is deterministic (read off redis-server
// 7.0.15), redis-cli 7 starting against us (it reads COMMAND DOCS to build its help), and docs/compatibility.md being
// exactly what scripts/gen-compatibility.ts generates today.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildCommandTable, uniqueCommands } from '../../src/commands/table.js';
import { RawClient, requireProgram, resp, startTestServer, type RunningServer } from '../helpers/server.js';
import {
  DOC_PATH, collectOurSide, loadFixture, loadRedisConfigNames, renderCompatibility,
} from '../../scripts/gen-compatibility.js';

let srv: RunningServer;
let raw: RawClient;
let client: Redis;
const commandCount = uniqueCommands(buildCommandTable()).length;

beforeAll(async () => {
  srv = await startTestServer();
  raw = await RawClient.connect(srv.port);
  client = new Redis({ port: srv.port, host: '127.0.0.1', lazyConnect: true, enableReadyCheck: false });
  await client.connect();
});

afterAll(async () => {
  raw.close();
  client.disconnect();
  await srv.close();
});

/** Send one command as RESP and read until `suffix`. */
function send(argv: string[], suffix = '\r\n'): Promise<string> {
  return raw.roundTrip(resp(...argv), suffix);
}

describe('COMMAND, COMMAND COUNT, COMMAND INFO', () => {
  it('COMMAND INFO get is byte-for-byte Redis 7.0', async () => {
    expect(await send(['COMMAND', 'INFO', 'get'], 'limit\r\n:0\r\n*0\r\n')).toBe(
      '*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n' +
        '*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n' +
        '$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n' +
        '$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n',
    );
  });

  it('COMMAND INFO takes subcommands as parent|sub in any case, and answers nil for unknown names', async () => {
    const expected =
      '*2\r\n*10\r\n$13\r\ncommand|count\r\n:2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n' +
      '+@connection\r\n*0\r\n*0\r\n*0\r\n$-1\r\n';
    expect(await send(['COMMAND', 'INFO', 'COMMAND|Count', 'nosuch'], '$-1\r\n')).toBe(expected);
    expect(await send(['COMMAND', 'INFO', 'get|x', 'command|count|x'], '$-1\r\n$-1\r\n')).toBe('*2\r\n$-1\r\n$-1\r\n');
  });

  it('uses RESP3 sets for flags, categories, tips and key specs', async () => {
    const resp3 = await RawClient.connect(srv.port);
    await resp3.roundTrip(resp('HELLO', '3'), '*0\r\n');
    const reply = await resp3.roundTrip(resp('COMMAND', 'INFO', 'command|list'), '~0\r\n~0\r\n');
    expect(reply).toBe(
      '*1\r\n*10\r\n$12\r\ncommand|list\r\n:-2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n' +
        '+@connection\r\n~1\r\n$29\r\nnondeterministic_output_order\r\n~0\r\n~0\r\n',
    );
    resp3.close();
  });

  it('COMMAND and COMMAND INFO without names describe every command, with subcommands nested', async () => {
    const all = (await client.call('COMMAND')) as unknown[][];
    expect(all).toHaveLength(commandCount);
    expect(await client.call('COMMAND', 'COUNT')).toBe(commandCount);
    expect((await client.call('COMMAND', 'INFO')) as unknown[]).toHaveLength(commandCount);
    const command = all.find((entry) => entry[0] === 'command') as unknown[];
    expect(command.slice(0, 7)).toEqual(['command', -1, ['loading', 'stale'], 0, 0, 0, ['@slow', '@connection']]);
    const subs = (command[9] as unknown[][]).map((sub) => sub[0]).sort();
    expect(subs).toEqual([
      'command|count', 'command|docs', 'command|getkeys', 'command|getkeysandflags', 'command|help', 'command|info',
      'command|list',
    ]);
  });

  it('checks arity per subcommand and rejects unknown subcommands as Redis does', async () => {
    expect(await send(['COMMAND', 'COUNT', 'x'])).toBe("-ERR wrong number of arguments for 'command|count' command\r\n");
    expect(await send(['COMMAND', 'nosuch'])).toBe("-ERR unknown subcommand 'nosuch'. Try COMMAND HELP.\r\n");
  });

  it('COMMAND HELP lists the subcommands as status lines', async () => {
    const reply = await send(['COMMAND', 'HELP'], '+    Prints this help.\r\n');
    expect(reply.startsWith('*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true);
    expect(reply).toContain('+GETKEYSANDFLAGS <full-command>\r\n');
  });
});

describe('COMMAND DOCS', () => {
  it('COMMAND DOCS command|list, with its argument tree, is byte-for-byte Redis 7.0', async () => {
    expect(await send(['COMMAND', 'DOCS', 'command|list'], '$7\r\nPATTERN\r\n')).toBe(
      '*2\r\n$12\r\ncommand|list\r\n*10\r\n$7\r\nsummary\r\n$35\r\nGet an array of Redis command names\r\n$5\r\nsince\r\n' +
        '$5\r\n7.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$50\r\nO(N) where N is the total number of Redis ' +
        'commands\r\n$9\r\narguments\r\n*1\r\n*10\r\n$4\r\nname\r\n$8\r\nfilterby\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\n' +
        'token\r\n$8\r\nFILTERBY\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n*6\r\n$4\r\nname\r\n$11\r\n' +
        'module-name\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nMODULE\r\n*6\r\n$4\r\nname\r\n$8\r\ncategory\r\n' +
        '$4\r\ntype\r\n$6\r\nstring\r\n$5\r\ntoken\r\n$6\r\nACLCAT\r\n*6\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n' +
        '$7\r\npattern\r\n$5\r\ntoken\r\n$7\r\nPATTERN\r\n',
    );
  });

  it('leaves unknown names out, and nests subcommand docs under their container', async () => {
    expect(await send(['COMMAND', 'DOCS', 'nosuch'])).toBe('*0\r\n');
    const docs = (await client.call('COMMAND', 'DOCS', 'command', 'nosuch')) as unknown[];
    expect(docs[0]).toBe('command');
    const fields = docs[1] as unknown[];
    expect(fields.slice(0, 6)).toEqual(['summary', 'Get array of Redis command details', 'since', '2.8.13', 'group', 'server']);
    const subs = fields[fields.indexOf('subcommands') + 1] as unknown[];
    expect(subs.filter((_, i) => i % 2 === 0).sort()).toContain('command|getkeysandflags');
  });

  it('without names documents every command', async () => {
    const docs = (await client.call('COMMAND', 'DOCS')) as unknown[];
    expect(docs).toHaveLength(commandCount * 2);
  });
});

describe('COMMAND LIST', () => {
  it('lists every command and subcommand without a filter', async () => {
    const names = (await client.call('COMMAND', 'LIST')) as string[];
    expect(names).toContain('get');
    expect(names).toContain('command|getkeys');
  });

  it('filters by glob pattern (case-insensitive, on the full name), ACL category, or module', async () => {
    expect(((await client.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'COMMAND|C*')) as string[]).sort()).toEqual([
      'command|count',
    ]);
    const connection = (await client.call('COMMAND', 'LIST', 'filterby', 'aclcat', 'CONNECTION')) as string[];
    expect(connection).toContain('ping');
    expect(connection).toContain('command|docs');
    expect(connection).not.toContain('get');
    expect(await client.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', '@fast')).toEqual([]);
    expect(await client.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch')).toEqual([]);
    expect(await client.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toEqual([]);
  });

  it('answers a syntax error to anything but FILTERBY <kind> <value>', async () => {
    for (const args of [['FILTERBY'], ['FILTERBY', 'PATTERN'], ['FILTERBY', 'FOO', 'x'], ['FOO', 'PATTERN', 'x']]) {
      expect(await send(['COMMAND', 'LIST', ...args])).toBe('-ERR syntax error\r\n');
    }
  });
});

describe('COMMAND GETKEYS and GETKEYSANDFLAGS', () => {
  it('finds keys from the key positions', async () => {
    expect(await client.call('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(await client.call('COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b')).toEqual(['a', 'b']);
    expect(await send(['COMMAND', 'GETKEYSANDFLAGS', 'get', 'k'], '+access\r\n')).toBe(
      '*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n',
    );
  });

  it('checks the command, its keys and its arity in Redis order, with Redis error texts', async () => {
    expect(await send(['COMMAND', 'GETKEYS', 'nosuch', 'a'])).toBe('-ERR Invalid command specified\r\n');
    expect(await send(['COMMAND', 'GETKEYS', 'command', 'nosuch'])).toBe('-ERR Invalid command specified\r\n');
    expect(await send(['COMMAND', 'GETKEYS', 'ping', 'x'])).toBe('-ERR The command has no key arguments\r\n');
    expect(await send(['COMMAND', 'GETKEYS', 'command', 'count'])).toBe('-ERR The command has no key arguments\r\n');
    expect(await send(['COMMAND', 'GETKEYS', 'get', 'a', 'b'])).toBe(
      '-ERR Invalid number of arguments specified for command\r\n',
    );
    expect(await send(['COMMAND', 'GETKEYS', 'get'])).toBe(
      "-ERR wrong number of arguments for 'command|getkeys' command\r\n",
    );
  });
});

describe('redis-cli 7', () => {
  const haveCli = requireProgram('redis-cli', 'apt-get install redis-tools');
  const haveScript = requireProgram('script', 'apt-get install bsdutils');

  it.skipIf(!haveCli)('runs a command non-interactively', async () => {
    const { stdout, stderr } = await run('redis-cli', ['-p', String(srv.port), 'ping'], '');
    expect(stderr).toBe('');
    expect(stdout).toBe('PONG\n');
  });

  it.skipIf(!haveCli || !haveScript)('starts interactively: reads COMMAND DOCS without errors and shows its help', async () => {
    const docs = srv.server.commands.get('command')?.subcommands?.get('docs');
    const callsBefore = docs?.stats.calls ?? 0;
    // A terminal is needed for interactive mode: script(1) gives redis-cli a pty; TERM=dumb keeps linenoise simple.
    const { stdout } = await run(
      'script',
      ['-qfc', `redis-cli -p ${srv.port}`, '/dev/null'],
      'help command list\rping\rquit\r',
      { TERM: 'dumb' },
    );
    expect(docs?.stats.calls ?? 0).toBeGreaterThan(callsBefore);
    expect(stdout).toContain('COMMAND LIST');
    expect(stdout).toContain('[FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]');
    expect(stdout).toContain('PONG');
    expect(stdout).not.toMatch(/error|unknown type/i);
  });
});

describe('docs/compatibility.md', () => {
  it('is exactly what scripts/gen-compatibility.ts generates (run it after changing the tables)', async () => {
    const expected = renderCompatibility(loadFixture(), await collectOurSide(), loadRedisConfigNames());
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(expected);
  });
});

/** Run a program with `input` on stdin; resolves with its output once it exits (killed after 10 s). */
function run(
  program: string,
  args: string[],
  input: string,
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
    child.stdin.end(input);
  });
}
