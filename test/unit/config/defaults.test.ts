// Every parameter's default equals Redis 7.0.15's, compared with a committed `CONFIG GET *` capture.
// How the fixture was made is written at its top; the values that depend on how that server was started are
// reproduced with the same options (port, daemonize, save) or skipped (dir, pidfile) below.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Config, describeParams } from '../../../src/config/config.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/redis-7.0-config-get.txt', import.meta.url));

function readFixture(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(FIXTURE, 'latin1').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    entries.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return entries;
}

/** dir was the capturing shell's cwd; pidfile is set by Redis only when it daemonizes (tsredis never does). */
const STARTUP_DEPENDENT = new Set(['dir', 'pidfile']);

describe('defaults', () => {
  const fixture = readFixture();
  // The capture's server was started with: --port 6403 --daemonize yes --save ''
  const config = Config.fromArgs(['--port', '6403', '--daemonize', 'yes', '--save', '']);
  const ours = new Map(config.configGet(['*']));

  it('CONFIG GET * renders every parameter exactly as Redis 7.0 does by default', () => {
    const mismatches: string[] = [];
    for (const [name, value] of ours) {
      if (STARTUP_DEPENDENT.has(name)) continue;
      if (fixture.get(name) !== value) mismatches.push(`${name}: ours ${JSON.stringify(value)}, redis ${JSON.stringify(fixture.get(name))}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('lists every Redis 7.0 parameter except the TLS ones (tsredis is a Redis built without TLS)', () => {
    const missing = [...fixture.keys()].filter((name) => !ours.has(name));
    expect(missing.every((name) => name.startsWith('tls-'))).toBe(true);
    expect([...ours.keys()].filter((name) => !fixture.has(name))).toEqual([]);
  });

  it('uses the real defaults for the values the capture overrode', () => {
    const plain = new Config({ cwd: '/' });
    expect(plain.configGet(['port', 'daemonize', 'save', 'dir', 'pidfile'])).toEqual([
      ['port', '6379'], ['daemonize', 'no'], ['save', '3600 1 300 100 60 10000'], ['dir', '/'], ['pidfile', ''],
    ]);
  });

  it('exposes typed default values', () => {
    const c = new Config();
    expect(c.get('port')).toBe(6379);
    expect(c.get('maxmemory')).toBe(0);
    expect(c.get('maxmemory-policy')).toBe('noeviction');
    expect(c.get('protected-mode')).toBe(true);
    expect(c.get('bind')).toEqual(['*', '-::*']);
    expect(c.get('save')).toEqual([{ seconds: 3600, changes: 1 }, { seconds: 300, changes: 100 }, { seconds: 60, changes: 10000 }]);
    expect(c.get('client-output-buffer-limit')).toEqual({
      normal: { hardLimitBytes: 0, softLimitBytes: 0, softLimitSeconds: 0 },
      replica: { hardLimitBytes: 256 * 1024 * 1024, softLimitBytes: 64 * 1024 * 1024, softLimitSeconds: 60 },
      pubsub: { hardLimitBytes: 32 * 1024 * 1024, softLimitBytes: 8 * 1024 * 1024, softLimitSeconds: 60 },
    });
    expect(c.get('notify-keyspace-events')).toBe(0);
    expect(c.get('enable-debug-command')).toBe('no');
    expect(c.values['proto-max-bulk-len']).toBe(512 * 1024 * 1024);
    expect(c.values.hz).toBe(10);
  });

  it('describes each parameter once, with a status', () => {
    const infos = describeParams();
    expect(new Set(infos.map((p) => p.name)).size).toBe(infos.length);
    expect(infos.find((p) => p.name === 'databases')).toMatchObject({ mutable: false, status: 'used' });
    expect(infos.find((p) => p.name === 'activedefrag')).toMatchObject({ mutable: true, status: 'noop' });
    expect(infos.find((p) => p.name === 'replicaof')).toMatchObject({ alias: 'slaveof', status: 'used' });
  });
});
