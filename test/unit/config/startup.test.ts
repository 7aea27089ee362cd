// Startup configuration: redis.conf text, the redis-server command line, and Config.fromObject.
// Expected fatal reports were produced by redis-server 7.0.15 with the same arguments and files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError } from '../../../src/config/config.js';
import { parseCommandLine } from '../../../src/config/conf-file.js';

function startupError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('configuration loaded without error');
}

function report(lineNumber: number, line: string, reason: string): string {
  return `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${lineNumber}\n>>> '${line}'\n${reason}\n`;
}

/** A fake file system for config files. */
function files(contents: Record<string, string>): { cwd: string; readFile: (path: string) => string } {
  return {
    cwd: '/nonexistent-tsredis/etc/redis',
    readFile: (path) => {
      const text = contents[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
  };
}

describe('command line (redis-server [config-file] [--name value ...])', () => {
  it('turns options into config lines, quoting each value', () => {
    expect(parseCommandLine(['--port', '7000', '--save', '900', '1', '300', '10'])).toEqual({
      configFile: undefined, readStdin: false, optionsText: 'port "7000" \nsave "900" "1" "300" "10" ',
    });
    expect(parseCommandLine(['redis.conf', '--requirepass', 'a\tb"c', '-']).optionsText).toBe('requirepass "a\\tb\\"c" ');
    expect(parseCommandLine(['redis.conf', '-']).readStdin).toBe(true);
  });

  it('reads --save with no value, or followed by another option, as save ""', () => {
    expect(Config.fromArgs(['--save']).configGet(['save'])).toEqual([['save', '']]);
    expect(Config.fromArgs(['--save', '--port', '0']).configGet(['save', 'port'])).toEqual([['save', ''], ['port', '0']]);
    expect(Config.fromArgs(['--save', '']).get('save')).toEqual([]);
    expect(Config.fromArgs(['--save', '900', '1', '300', '10']).configGet(['save'])).toEqual([['save', '900 1 300 10']]);
  });

  it('splits a multi-argument option given as one word, as redis-server 7.0 does (--save "3600 1")', () => {
    expect(Config.fromArgs(['--save', '3600 1']).configGet(['save'])).toEqual([['save', '3600 1']]);
    expect(Config.fromArgs(['--save', '3600 1', '--save', '300 10']).configGet(['save'])).toEqual([['save', '3600 1 300 10']]);
    expect(Config.fromArgs(['--client-output-buffer-limit', 'pubsub 32mb 8mb 60']).configGet(['client-output-buffer-limit']))
      .toEqual([['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60']]);
    expect(Config.fromText('save "60 5"\n').configGet(['save'])).toEqual([['save', '60 5']]);
    expect(() => Config.fromArgs(['--save', '3600'])).toThrow('Invalid save parameters');
  });

  it('takes an option-looking argument as the value of an option still missing one', () => {
    expect(Config.fromArgs(['--requirepass', '--foo']).get('requirepass')).toBe('--foo');
    expect(Config.fromArgs(['--port 6380', '--hz', '20']).configGet(['port', 'hz'])).toEqual([['port', '6380'], ['hz', '20']]);
  });

  it.each([
    [['--port', 'abc'], report(2, 'port "abc"', "argument couldn't be parsed into an integer")],
    [['--PORT', 'abc'], report(2, 'PORT "abc"', "argument couldn't be parsed into an integer")],
    [['--foo', 'bar'], report(2, 'foo "bar"', 'Bad directive or wrong number of arguments')],
    [['--port'], report(2, 'port', 'wrong number of arguments')],
    [['--port', '1', '2'], report(2, 'port "1" "2"', 'wrong number of arguments')],
    [['--port', '--', '5'], report(2, 'port "--" "5"', 'wrong number of arguments')],
    [['--save', '900', '1', '300', '10', '--port', '0', '--foo'], report(4, 'foo', 'Bad directive or wrong number of arguments')],
    [['-x', '1'], report(2, '"-x" "1"', 'Bad directive or wrong number of arguments')],
    [['--port=5'], report(2, 'port=5', 'Bad directive or wrong number of arguments')],
    [['--databases', '0'], report(2, 'databases "0"', 'argument must be between 1 and 2147483647 inclusive')],
    [['--maxmemory-policy', 'x'], report(2, 'maxmemory-policy "x"', 'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction')],
    [['--notify-keyspace-events', 'q'], report(2, 'notify-keyspace-events "q"', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")],
    [['--save', '90'], report(2, 'save "90"', 'Invalid save parameters')],
    [['--dir', '/nonexistent-tsredis-dir'], report(2, 'dir "/nonexistent-tsredis-dir"', 'No such file or directory')],
    [['--dir', '/etc/passwd'], report(2, 'dir "/etc/passwd"', 'Not a directory')],
    [['--dbfilename', 'a/b'], report(2, 'dbfilename "a/b"', "dbfilename can't be a path, just a filename")],
    [['--appendfilename', ''], report(2, 'appendfilename ""', "appendfilename can't be empty")],
    [['--appenddirname', 'a/b'], report(2, 'appenddirname "a/b"', "appenddirname can't be a path, just a dirname")],
    [['--unixsocketperm', '800'], report(2, 'unixsocketperm "800"', "argument couldn't be parsed as an octal number")],
    [['--unixsocketperm', '1000'], report(2, 'unixsocketperm "1000"', 'argument must be between 0 and 777 inclusive')],
    [['--enable-debug-command', 'maybe'], report(2, 'enable-debug-command "maybe"', 'argument(s) must be one of the following: no, yes, local')],
    [['--replicaof', 'a'], report(2, 'replicaof "a"', 'wrong number of arguments')],
    [['--list-max-ziplist-entries', '5', '6'], report(2, 'list-max-ziplist-entries "5" "6"', 'Bad directive or wrong number of arguments')],
    [['--list-max-ziplist-entries', '5', '--foo'], report(3, 'foo', 'Bad directive or wrong number of arguments')],
    [['--oom-score-adj-values', '1'], report(2, 'oom-score-adj-values "1"', 'wrong number of arguments')],
    [['--shutdown-on-sigint', 'save', 'nosave'], report(2, 'shutdown-on-sigint "save" "nosave"', "shutdown options SAVE and NOSAVE can't be used simultaneously")],
    [['--client-output-buffer-limit', 'normal', '1', '2', '3', 'pubsub'], report(2, 'client-output-buffer-limit "normal" "1" "2" "3" "pubsub"', 'Wrong number of arguments in buffer limit configuration.')],
  ])('redis-server %j reports the error like Redis', (argv, expected) => {
    expect(startupError(() => Config.fromArgs(argv)).fatalReport('7.0.15')).toBe(expected);
  });

  it('applies options after the config file and keeps the absolute file path', () => {
    const fs = files({ '/nonexistent-tsredis/etc/redis/redis.conf': 'port 7000\nhz 20\n' });
    const config = Config.fromArgs(['redis.conf', '--port', '7001'], fs);
    expect(config.configGet(['port', 'hz'])).toEqual([['port', '7001'], ['hz', '20']]);
    expect(config.configFile).toBe('/nonexistent-tsredis/etc/redis/redis.conf');
  });

  it('numbers option lines after the file lines', () => {
    const fs = files({ '/nonexistent-tsredis/etc/redis/redis.conf': 'port 7000\nhz 20\n' });
    expect(startupError(() => Config.fromArgs(['redis.conf', '--port', 'x'], fs)).fatalReport('7.0.15'))
      .toBe(report(4, 'port "x"', "argument couldn't be parsed into an integer"));
  });

  it('reports a missing config file', () => {
    const err = startupError(() => Config.fromArgs(['missing.conf'], files({})));
    expect(err.reason).toBe("Fatal error, can't open config file '/nonexistent-tsredis/etc/redis/missing.conf': No such file or directory");
  });
});

describe('redis.conf text', () => {
  it('skips comments and blank lines, trims lines, and understands quotes and escapes', () => {
    const config = Config.fromText([
      '# a comment',
      '   ',
      '   port 0   ',
      'requirepass "a b\\x41\\t"',
      'masterauth \'it\\\'s\'',
      'bind 127.0.0.1 "::1"',
      'PROTECTED-MODE no',
      'hz 100000',
    ].join('\n'));
    expect(config.configGet(['port', 'requirepass', 'masterauth', 'bind', 'protected-mode', 'hz'])).toEqual([
      ['port', '0'], ['requirepass', 'a bA\t'], ['masterauth', "it's"], ['bind', '127.0.0.1 ::1'], ['protected-mode', 'no'], ['hz', '500'],
    ]);
  });

  it('adds later save lines to the first one, which replaces the default', () => {
    expect(Config.fromText('save 900 1\nsave 300 10\n').configGet(['save'])).toEqual([['save', '900 1 300 10']]);
    expect(Config.fromText('save ""\nsave 60 5\n').configGet(['save'])).toEqual([['save', '60 5']]);
    expect(Config.fromText('save 60 5\nsave ""\n').configGet(['save'])).toEqual([['save', '60 5']]);
    expect(Config.fromText('hz 20\n').configGet(['save'])).toEqual([['save', '3600 1 300 100 60 10000']]);
    const fs = files({ '/nonexistent-tsredis/etc/redis/redis.conf': 'save 900 1\n' });
    expect(Config.fromArgs(['redis.conf', '--save', '60', '5'], fs).configGet(['save'])).toEqual([['save', '900 1 60 5']]);
  });

  it.each([
    ['port 0\nrequirepass "unterminated\n', report(2, 'requirepass "unterminated', 'Unbalanced quotes in configuration line')],
    ['port 0\nrequirepass "x"y\n', report(2, 'requirepass "x"y', 'Unbalanced quotes in configuration line')],
    ['port 6405 # trailing\n', report(1, 'port 6405 # trailing', 'wrong number of arguments')],
  ])('reports %j like Redis', (text, expected) => {
    expect(startupError(() => Config.fromText(text)).fatalReport('7.0.15')).toBe(expected);
  });

  it('keeps rename-command and user lines for the subsystems that carry them out', () => {
    const config = Config.fromText('rename-command FLUSHALL ""\nuser alice on >pw ~* +@all\n');
    expect(config.deferredDirectives).toEqual([
      { name: 'rename-command', args: ['FLUSHALL', ''], lineNumber: 1 },
      { name: 'user', args: ['alice', 'on', '>pw', '~*', '+@all'], lineNumber: 2, lineText: 'user alice on >pw ~* +@all' },
    ]);
  });

  it('includes other files relative to dir, reporting errors with their own line numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-config-'));
    writeFileSync(join(dir, 'common.conf'), 'hz 20\n');
    writeFileSync(join(dir, 'bad.conf'), '\nhz abc\n');
    try {
      const config = Config.fromText(`dir ${dir}\ninclude common.conf\n`);
      expect(config.get('hz')).toBe(20);
      expect(startupError(() => Config.fromText(`include ${join(dir, 'bad.conf')}\n`)).fatalReport('7.0.15'))
        .toBe(report(2, 'hz abc', "argument couldn't be parsed into an integer"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what tsredis cannot do instead of ignoring it', () => {
    expect(startupError(() => Config.fromText('cluster-enabled yes')).reason).toBe('cluster mode is not supported by tsredis');
    expect(startupError(() => Config.fromText('loadmodule /x.so')).reason).toBe('modules are not supported by tsredis');
    expect(Config.fromText('replicaof no one').configGet(['replicaof'])).toEqual([['replicaof', '']]);
    // A master to replicate from is kept as "host port" (the server connects once listening).
    expect(Config.fromText('replicaof 127.0.0.1 6379').configGet(['replicaof'])).toEqual([['replicaof', '127.0.0.1 6379']]);
    expect(startupError(() => Config.fromText('slaveof 127.0.0.1 70000')).reason).toBe('Invalid master port');
  });
});

describe('Config.fromObject', () => {
  it('accepts redis.conf names, camelCase, numbers, booleans, strings with units and argument arrays', () => {
    const config = Config.fromObject({
      port: 0, maxmemory: '100mb', maxmemoryPolicy: 'allkeys-lru', 'protected-mode': false, appendonly: true,
      save: '', bind: ['127.0.0.1', '::1'], 'client-output-buffer-limit': 'pubsub 1mb 1mb 0', notifyKeyspaceEvents: 'KEA',
      requirepass: undefined,
    });
    expect(config.configGet(['port', 'maxmemory', 'maxmemory-policy', 'protected-mode', 'appendonly', 'save', 'bind', 'notify-keyspace-events'])).toEqual([
      ['port', '0'], ['maxmemory', '104857600'], ['maxmemory-policy', 'allkeys-lru'], ['protected-mode', 'no'], ['appendonly', 'yes'],
      ['save', ''], ['bind', '127.0.0.1 ::1'], ['notify-keyspace-events', 'AKE'],
    ]);
    expect(config.get('client-output-buffer-limit').pubsub).toEqual({ hardLimitBytes: 1048576, softLimitBytes: 1048576, softLimitSeconds: 0 });
  });

  it('throws ConfigError naming the directive', () => {
    const err = startupError(() => Config.fromObject({ port: 'abc' }));
    expect(err.reason).toBe("argument couldn't be parsed into an integer");
    expect(err.lineText).toBe('port "abc"');
    expect(err.fatalReport('7.0.15')).toBe(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n>>> 'port "abc"'\nargument couldn't be parsed into an integer\n`);
    expect(startupError(() => Config.fromObject({ fooBar: 1 })).reason).toBe('Bad directive or wrong number of arguments');
  });
});
