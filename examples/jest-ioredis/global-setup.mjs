// Starts tsredis and exports REDIS_URL (REDIS_HOST, REDIS_PORT) for the test workers jest starts next.
export { setup as default } from 'tsredis/vitest-setup';
