// Gives each `vitest run` an id, so that ensureBuilt() (test/support/build.ts) builds
// the site at most once per run, and only when a test that reads dist/ runs.
import {randomUUID} from "node:crypto";

export default function setup(): void {
  process.env.TEST_RUN_ID ??= randomUUID();
}
