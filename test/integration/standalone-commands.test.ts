// Commands of features a standalone server does not have: CLUSTER and its friends, MODULE,
// REPLICAOF/SLAVEOF, FAILOVER, RESTORE-ASKING. Their replies are what a Redis 7.0 started without
// cluster mode, modules or replicas answers (compared with a real redis-server when installed).

import { describe, expect, it } from 'vitest';
import { RawClient, resp } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis } from '../helpers/side-by-side.js';

const CASES: string[][] = [
  ['CLUSTER', 'INFO'], ['CLUSTER', 'NODES'], ['CLUSTER', 'SLOTS'], ['CLUSTER', 'HELP'], ['CLUSTER', 'KEYSLOT', 'foo'], ['CLUSTER'],
  ['CLUSTER', 'FOO'], ['CLUSTER', 'INFO', 'extra'], ['READONLY'], ['READWRITE'], ['ASKING'],
  ['MODULE', 'LIST'], ['MODULE', 'HELP'], ['MODULE', 'LOAD', '/nonexistent.so'], ['MODULE', 'UNLOAD', 'foo'], ['MODULE', 'LOADEX', '/x.so'],
  ['MODULE'], ['MODULE', 'FOO'],
  ['REPLICAOF', 'NO', 'ONE'], ['SLAVEOF', 'no', 'one'], ['REPLICAOF', 'a', 'b'], ['REPLICAOF', 'a', '70000'], ['REPLICAOF', 'x'],
  ['FAILOVER'], ['FAILOVER', 'ABORT'], ['FAILOVER', 'foo'], ['FAILOVER', 'TIMEOUT', 'x'], ['FAILOVER', 'TIMEOUT', '0'],
  ['FAILOVER', 'TO', '127.0.0.1', '1', 'FORCE'], ['FAILOVER', 'FORCE'], ['FAILOVER', 'TO', 'h', 'x'],
  ['RESTORE-ASKING', 'k', '0', 'x'],
  ['LOLWUT'], ['LOLWUT', 'VERSION', '7'], ['LOLWUT', 'VERSION', '1'], ['LOLWUT', 'VERSION', 'x'], ['LOLWUT', 'foo'],
];

async function transcript(port: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  const out: string[] = [];
  for (const argv of CASES) {
    c.write(Buffer.concat([resp(...argv), resp('PING')]));
    const got = (await c.readUntil('+PONG\r\n', 5000)).toString('latin1');
    out.push(got.slice(0, -'+PONG\r\n'.length));
  }
  c.close();
  return out;
}

const ours = useTsredis({ raw: false });

describe('standalone-only answers (texts read off Redis 7.0.15)', () => {
  it('cluster commands say cluster support is disabled; MODULE has nothing loaded and is protected', async () => {
    const out = await transcript(ours.port);
    expect(out[0]).toBe('-ERR This instance has cluster support disabled\r\n');
    expect(out[3]).toBe('-ERR This instance has cluster support disabled\r\n');
    expect(out[6]).toBe("-ERR unknown subcommand 'FOO'. Try CLUSTER HELP.\r\n");
    expect(out[11]).toBe('*0\r\n');
    expect(out[13]).toMatch(/^-ERR MODULE command not allowed\. If the enable-module-command option is set to "local"/);
    expect(out[18]).toBe('+OK\r\n');
    expect(out[20]).toBe('-ERR Invalid master port\r\n');
    expect(out[23]).toBe('-ERR FAILOVER requires connected replicas.\r\n');
    expect(out[24]).toBe('-ERR No failover in progress.\r\n');
  });
});

// No case names a reachable master: Redis would start replicating, which tsredis cannot.
describeAgainstRealRedis('standalone-only answers', { 'every case': transcript }, () => ours.port);
