// Scripts and the server's write refusals: a master short of good replicas (min-replicas-to-write)
// refuses a script's writes as it refuses a client's (NOREPLICAS), inside a no-shebang script at the
// write (script.c's scriptVerifyWriteCommandAllow) and before a script that declares it may write
// starts (processCommand sees such an EVAL/FCALL as a write). Transcripts compared with redis-server.

import { describe, expect, it } from 'vitest';
import { resp } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, withFreshClients, type Scenario } from '../helpers/side-by-side.js';

const ours = useTsredis();

const SET_K = "redis.call('set','k','v')";
const LIB = `#!lua name=lib\nredis.register_function('f', function() return ${SET_K} end)\nredis.register_function{function_name='g', callback=function() return redis.call('get','k') end, flags={'no-writes'}}`;

const noReplicas: Scenario = (port) => withFreshClients(port, 1, async ([c]) => {
  const say = (...argv: string[]): Promise<string> => c!.roundTrip(resp(...argv));
  const out: string[] = [];
  out.push(await say('FUNCTION', 'FLUSH'));
  out.push(await say('FUNCTION', 'LOAD', LIB));
  out.push(await say('SET', 'k', 'before'));
  out.push(await say('CONFIG', 'SET', 'min-replicas-to-write', '1'));
  out.push(await say('SET', 'k', 'v'));
  out.push(await say('EVAL', `return ${SET_K}`, '0')); // raised at the write, with the script's location
  out.push(await say('EVAL', `return redis.pcall('set','k','v')`, '0'));
  out.push(await say('EVAL', `return {pcall(function() return ${SET_K} end)}`, '0'));
  out.push(await say('EVAL', `#!lua\nreturn ${SET_K}`, '0')); // refused before it runs
  out.push(await say('EVAL', `#!lua\nreturn 1`, '0')); // even when it would not write
  out.push(await say('EVAL_RO', `#!lua\nreturn 1`, '0')); // NOREPLICAS comes before the *_RO refusal
  out.push(await say('EVAL', `#!lua flags=no-writes\nreturn redis.call('get','k')`, '0'));
  out.push(await say('EVAL', `#!lua flags=no-writes\nreturn ${SET_K}`, '0'));
  out.push(await say('EVAL', `return redis.call('get','k')`, '0'));
  out.push(await say('FCALL', 'f', '0'));
  out.push(await say('FCALL_RO', 'f', '0'));
  out.push(await say('FCALL', 'g', '0'));
  out.push(await say('CONFIG', 'SET', 'min-replicas-to-write', '0'));
  out.push(await say('EVAL', `#!lua\nreturn ${SET_K}`, '0'));
  out.push(await say('FUNCTION', 'FLUSH'));
  return out;
});

describe('scripts on a master short of good replicas', () => {
  it('refuse writes with NOREPLICAS, and write again once the limit is lifted', async () => {
    const out = await noReplicas(ours.port);
    expect(out[5]).toMatch(/^-NOREPLICAS Not enough good replicas to write\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
    expect(out[8]).toBe('-NOREPLICAS Not enough good replicas to write.\r\n');
    expect(out[14]).toBe('-NOREPLICAS Not enough good replicas to write.\r\n');
    expect(out[16]).toBe('$6\r\nbefore\r\n'); // nothing was written while refused
    expect(out[18]).toBe('+OK\r\n');
  });
});

describeAgainstRealRedis('scripts and min-replicas-to-write', { 'NOREPLICAS in and before scripts': noReplicas }, () => ours.port);
