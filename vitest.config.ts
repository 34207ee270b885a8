import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Loopback servers and real clients: give slow CI machines room, but keep runs bounded.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['tests/global-setup.ts'],
  },
});
