import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each file gets fresh databases; two at a time keeps PGlite's memory in check on 2 cores.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Test files share their workers' module cache instead of each starting a process and
    // importing the application again (minutes of start-up across the suite); no test mocks
    // modules or changes the environment, and each makes its own databases.
    isolate: false,
    // Generous: command-line tests start several processes, and CI runs two suites at once.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
