// One tsredis for the whole jest run. jest runs globalSetup and globalTeardown as two modules, in
// its main process, and ignores a teardown returned by the setup: hence the two small files.
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.mjs'],
  transform: {},
  globalSetup: './global-setup.mjs',
  globalTeardown: './global-teardown.mjs',
  // The test files share one server (and its clock): run them one after another.
  maxWorkers: 1,
};
