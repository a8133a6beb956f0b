// Builds the site once per test run (from a clean cache, as `npm run build` does), so
// every test that reads dist/ sees the output of the current code. SKIP_BUILD=1 reuses
// an existing dist/ for quick local runs of one file; CI never sets it.
import {execSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";

export const DIST = join(import.meta.dirname, "..", "..", "dist");
const MARKER = join(DIST, "..", "test-results", ".build-run-id");

export function ensureBuilt(): string {
  if (process.env.SKIP_BUILD === "1" && existsSync(join(DIST, "index.html"))) return DIST;
  const id = process.env.TEST_RUN_ID ?? "";
  if (id && existsSync(MARKER) && readFileSync(MARKER, "utf8") === id) return DIST;
  execSync("npm run build", {cwd: join(DIST, ".."), stdio: ["ignore", "ignore", "inherit"]});
  mkdirSync(join(MARKER, ".."), {recursive: true});
  writeFileSync(MARKER, id);
  return DIST;
}
