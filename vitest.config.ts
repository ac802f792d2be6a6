import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/build-site.ts'],
    // tfjs backends start once per worker; model and CLI tests take seconds on two cores
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
