#!/usr/bin/env node
// tsredis-server [config-file] [--directive value ...]: the same command line as redis-server.
// Mirrors: redis src/server.c (main: argument parsing, loadServerConfig, the signal handlers).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Config, ConfigError } from './config/config.js';
import { AclStartupError, aclOf } from './acl/acl.js';
import { Server } from './server/server.js';
import { REDIS_VERSION } from './commands/connection.js';
import { DataLoadError, loadDataAtStartup } from './persistence/startup.js';
import type { ShutdownFlag } from './config/special-params.js';

const VERSION = '0.1.0';

function usage(): string {
  return [
    'Usage: tsredis-server [/path/to/redis.conf] [options] [-]',
    '       tsredis-server -v or --version',
    '       tsredis-server -h or --help',
    '',
    'Examples:',
    '       tsredis-server (run the server with default config)',
    '       tsredis-server /etc/redis/6379.conf',
    '       tsredis-server --port 7777',
    '       tsredis-server --port 0            (pick a free port; the ready line tells which)',
    '       tsredis-server /etc/myredis.conf --loglevel verbose',
    '       tsredis-server --port 7000 --requirepass secret',
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write(`tsredis-server v=${VERSION} redis_version=${REDIS_VERSION} node=${process.version}\n`);
    return 0;
  }
  if (args[0] === '-h' || args[0] === '--help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = Config.fromArgs(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.fatalReport(REDIS_VERSION)}\n`);
      return 1;
    }
    throw err;
  }
  const server = new Server(config, {
    configFile: args[0] !== undefined && !args[0].startsWith('-') ? args[0] : '',
    reclaimHeap: true, // the process is ours: give memory back when idle (src/server/heap-reclaim.ts)
  });
  // Signal handlers go in before the ready line: stdout is synchronous on a pipe, so a parent
  // may send SIGTERM the instant it reads the line.
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
      if (stopping) return;
      server.log('warning', `Received ${signal} scheduling shutdown...`);
      // prepareForShutdown: save when save points are set (shutdown-on-sigterm/sigint may force
      // SAVE or NOSAVE); a failed save keeps the server running, as in Redis.
      const flags = config.get(signal === 'SIGINT' ? 'shutdown-on-sigint' : 'shutdown-on-sigterm');
      if (!server.snapshots.prepareForShutdown(signalShutdownOptions(flags))) {
        server.log('warning', `${signal} received but errors trying to shut down the server, check the logs for more information`);
        return;
      }
      stopping = true;
      void server.close().then(() => {
        server.log('warning', 'Redis is now ready to exit, bye bye...');
        resolve(0);
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    server.onShutdown(() => resolve(0));
  });
  // loadDataFromDisk: the dataset is in memory before the first client can connect. The Lua
  // runtime first when there is something to load (an RDB or AOF may carry function libraries to
  // compile); otherwise it loads in the background and only a client that needs it waits.
  // ACLLoadUsersAtStartup: redis.conf's `user` lines or the aclfile; an error aborts the start (src/acl).
  try {
    aclOf(server);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.fatalReport(REDIS_VERSION));
      return 1;
    }
    if (!(err instanceof AclStartupError)) throw err;
    server.log('warning', err.message);
    server.log('warning', 'Critical error while loading ACLs. Exiting.');
    return 1;
  }
  const rdbPath = join(server.config.get('dir'), server.config.get('dbfilename'));
  if (server.config.get('appendonly') || existsSync(rdbPath)) await server.startLuaRuntime();
  try {
    loadDataAtStartup(server);
  } catch (err) {
    if (err instanceof DataLoadError) return 1;
    throw err;
  }
  try {
    await server.listen();
  } catch (err) {
    server.log('warning', `Failed listening: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  server.log('notice', `tsredis ${VERSION} (Redis ${REDIS_VERSION} compatible), pid=${process.pid}`);
  server.log('notice', 'Server initialized');
  server.log('notice', 'Ready to accept connections');
  // The machine-readable ready line test harnesses wait for (port 0 picks a free port).
  if (server.port !== 0) process.stdout.write(`listening on ${readyHost(config)}:${server.port}\n`);
  const unixPath = config.get('unixsocket');
  if (unixPath !== '') process.stdout.write(`listening on unix:${unixPath}\n`);
  return stopped;
}

/** shutdown-on-sigterm / shutdown-on-sigint flags as SHUTDOWN's options (empty = default). */
function signalShutdownOptions(flags: readonly ShutdownFlag[]): { save?: boolean; force?: boolean } {
  const options: { save?: boolean; force?: boolean } = {};
  if (flags.includes('save')) options.save = true;
  if (flags.includes('nosave')) options.save = false;
  if (flags.includes('force')) options.force = true;
  return options;
}

function readyHost(config: Config): string {
  const first = (config.get('bind')[0] ?? '127.0.0.1').replace(/^-/, '');
  if (first === '*' || first === '0.0.0.0') return '127.0.0.1';
  if (first === '::*' || first === '::') return '[::1]';
  return first.includes(':') ? `[${first}]` : first;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
