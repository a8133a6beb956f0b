// Computes every registered snapshot into the store, for `npm run build` (see
// data-loaders/build.ts), which runs it beside Framework's build. It goes through the
// registry in order, as the build's loaders do, but it starts while Framework is still
// rendering pages, so the heaviest snapshot (variance-v1, first) overlaps with that.
// The store's lock makes each snapshot computed once, by whichever process gets there
// first, and the other waits for it. A failure is only reported here: the loader that
// publishes the snapshot computes it again and fails the build with its message.
import {SNAPSHOTS, checkRegistry} from "./registry.js";
import {buildSnapshot} from "./store.js";
import {oneLine} from "./check.js";
import {snapshotName} from "./types.js";

let failures = 0;
checkRegistry(SNAPSHOTS, {grids: () => false});
for (const spec of SNAPSHOTS) {
  const started = performance.now();
  try {
    checkRegistry([spec]);
    await buildSnapshot(spec);
    process.stderr.write(`snapshots: ${snapshotName(spec)} ready (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    ++failures;
    process.stderr.write(`snapshots: ${oneLine(snapshotName(spec), error)}\n`);
  }
}
process.exitCode = failures ? 1 : 0;
