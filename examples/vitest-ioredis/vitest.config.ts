// One tsredis for the whole run: started before the first test file, its address in REDIS_URL.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tsredis/vitest-setup'],
    // The test files share one server (and its clock): run them one after another.
    fileParallelism: false,
  },
});
