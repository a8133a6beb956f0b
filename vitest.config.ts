import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the site once (from a clean cache) before the tests that read dist/ or drive Chromium.
    globalSetup: ["test/setup/build.ts"],
    testTimeout: 120_000,
    hookTimeout: 1_200_000,
    // Browser tests and CPU-heavy tests share two cores; run files one after another.
    fileParallelism: false,
  },
});
