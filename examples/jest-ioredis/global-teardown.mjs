// Stops the server global-setup.mjs started (jest calls this after the last test file).
export { teardown as default } from 'tsredis/vitest-setup';
