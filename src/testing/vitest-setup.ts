// A test runner's global setup: one tsredis for the whole run, its address in REDIS_URL.
// Mirrors nothing in Redis; it is the test stand-in's glue for vitest (and jest, see docs/testing.md).
//
//   // vitest.config.ts
//   export default defineConfig({ test: { globalSetup: ['tsredis/vitest-setup'] } });
//
// Global setup runs once, in the runner's main process, before any test file; the test files run in
// worker processes or threads started afterwards, which inherit the environment set here. So tests
// reach the server through REDIS_URL (and REDIS_HOST / REDIS_PORT), never through the embedded
// API; DEBUG CLOCK is how they move its clock, which is why this server allows DEBUG from local
// connections by default (enable-debug-command local), unlike Redis's default of "no".

import { startServer, type RunningServer, type StartServerOptions } from '../index.js';

/** What vitest passes to a global setup function (only the part used here). */
interface GlobalSetupContext {
  provide?: (key: string, value: unknown) => void;
}

/** Defaults for a shared test server: DEBUG (for DEBUG CLOCK) from loopback clients. */
const GLOBAL_SETUP_DEFAULTS: StartServerOptions = { 'enable-debug-command': 'local' };

/**
 * Build a global setup with your own redis.conf directives:
 *   // test/redis-setup.ts
 *   export default createGlobalSetup({ databases: 4, requirepass: 'secret' });
 * The function starts the server, exports REDIS_URL, REDIS_HOST and REDIS_PORT (and `provide`s
 * `redisUrl` under vitest), and returns the teardown that stops it.
 */
export function createGlobalSetup(options: StartServerOptions = {}): (context?: GlobalSetupContext) => Promise<() => Promise<void>> {
  return async (context) => {
    const redis: RunningServer = await startServer({ ...GLOBAL_SETUP_DEFAULTS, ...options });
    process.env['REDIS_URL'] = redis.url;
    process.env['REDIS_HOST'] = redis.host;
    process.env['REDIS_PORT'] = String(redis.port);
    context?.provide?.('redisUrl', redis.url);
    running = redis;
    return async () => {
      await redis.close();
      if (running === redis) running = undefined;
    };
  };
}

/** The server the last setup started, for a teardown run as a separate step (jest's globalTeardown). */
let running: RunningServer | undefined;

/** vitest's `setup` export, and what jest's `globalSetup` calls. */
export const setup = createGlobalSetup();

/** vitest's `teardown` export, and what jest's `globalTeardown` calls (jest ignores setup's return value). */
export async function teardown(): Promise<void> {
  const redis = running;
  running = undefined;
  await redis?.close();
}

// Runners load a global setup module by path and call its default export, so this module needs
// one (an exception to the codebase's named-exports rule).
export default setup;
