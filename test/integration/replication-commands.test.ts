// ROLE and WAIT on a master without replicas (replies read off Redis 7.0.15).

import { describe, expect, it } from 'vitest';
import { resp } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis();

describe('ROLE and WAIT', () => {
  it('ROLE: a master at offset 0 with no replicas', async () => {
    expect(await ours.raw.roundTrip(resp('ROLE'), '*0\r\n')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n');
  });

  it('WAIT: argument errors in Redis order, 0 at once when no replica is asked for', async () => {
    const cases: Array<[string[], string]> = [
      [['WAIT', '0', '0'], ':0\r\n'],
      [['WAIT', '-1', '0'], ':0\r\n'],
      [['WAIT', 'x', '0'], '-ERR value is not an integer or out of range\r\n'],
      [['WAIT', 'x', 'x'], '-ERR value is not an integer or out of range\r\n'],
      [['WAIT', '0', 'x'], '-ERR timeout is not an integer or out of range\r\n'],
      [['WAIT', '0', '1.5'], '-ERR timeout is not an integer or out of range\r\n'],
      [['WAIT', '0', '-1'], '-ERR timeout is negative\r\n'],
      [['WAIT', '99999999999999999999', '0'], '-ERR value is not an integer or out of range\r\n'],
    ];
    for (const [argv, reply] of cases) expect(await ours.raw.roundTrip(resp(...argv)), argv.join(' ')).toBe(reply);
  });

  it('WAIT for a replica blocks until its timeout, then replies 0; inside MULTI it replies 0 at once', async () => {
    const started = Date.now();
    expect(await ours.raw.roundTrip(resp('WAIT', '1', '150'))).toBe(':0\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await ours.raw.roundTrip(Buffer.concat([resp('MULTI'), resp('WAIT', '1', '0'), resp('EXEC')]), '*1\r\n:0\r\n')).toBe(
      '+OK\r\n+QUEUED\r\n*1\r\n:0\r\n',
    );
  });
});
