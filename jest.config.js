/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Each test file starts its own embedded database and servers; two workers fit the 2-core machines.
  maxWorkers: 2,
  testTimeout: 20000,
};
