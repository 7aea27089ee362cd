// Exact-byte expectations on a raw connection for the pub/sub suites: a reply to a command, bytes
// pushed without asking (published messages), silence; and waiting for a condition.

import { expect } from 'vitest';
import { resp, type RawClient } from '../helpers/server.js';

/** Send one command and expect exactly these bytes back (nothing more, nothing less). */
export async function expectReply(raw: RawClient, argv: ReadonlyArray<string | Buffer>, expected: string): Promise<void> {
  raw.write(resp(...argv));
  const got = await raw.readBytes(Buffer.byteLength(expected, 'latin1'));
  expect(got.toString('latin1')).toBe(expected);
}

/** Bytes that arrive without asking (published messages). */
export async function expectPushed(raw: RawClient, expected: string): Promise<void> {
  const got = await raw.readBytes(Buffer.byteLength(expected, 'latin1'));
  expect(got.toString('latin1')).toBe(expected);
}

/** Nothing arrives within `ms`. */
export async function expectSilence(raw: RawClient, ms = 50): Promise<void> {
  const got = await raw.readBytes(1, ms);
  expect(got.toString('latin1')).toBe('');
}

/** Poll `condition` every 10 ms until it holds; throws after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
