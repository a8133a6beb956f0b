// npm run snapshots:lock [-- options]: builds every registered snapshot and records its
// hashes in snapshots.lock.json (see lock.ts for the rules), then regenerates CITATION.cff.
//   --check          compare only; exit 1 on any problem (changed, unreleased, unregistered)
//   --fresh          compute from scratch in an empty temporary store instead of .snapshots/
//   --out <dir>      also write each regenerated <name>.csv and <name>.json into <dir>
//   --withdraw <n>   retire released snapshot <n> (already removed from the registry)
import {parseArgs} from "node:util";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {SNAPSHOTS, checkRegistry} from "./registry.js";
import {buildSnapshot} from "./store.js";
import {digestOf, lockProblems, readLock, updateLock, writeLock, LOCK_PATH, type SnapshotDigest} from "./lock.js";
import {citationCff, CITATION_PATH} from "./citation-file.js";
import {snapshotName} from "./types.js";

const USAGE = "usage: npm run snapshots:lock [-- --check] [--fresh] [--out DIR] [--withdraw NAME ...]";

async function main(): Promise<number> {
  const {values} = parseArgs({
    options: {check: {type: "boolean"}, fresh: {type: "boolean"}, out: {type: "string"}, withdraw: {type: "string", multiple: true}, help: {type: "boolean", short: "h"}},
    strict: true,
  });
  if (values.help) return console.log(USAGE), 0;
  checkRegistry();
  const temporary = values.fresh ? mkdtempSync(join(tmpdir(), "snapshot-store-")) : undefined;
  if (temporary) process.env.SNAPSHOT_STORE = temporary;
  try {
    const digests: SnapshotDigest[] = [];
    for (const spec of SNAPSHOTS) {
      const started = Date.now();
      const file = await buildSnapshot(spec);
      digests.push(digestOf(file));
      if (values.out) {
        mkdirSync(values.out, {recursive: true});
        for (const format of ["csv", "json"] as const) writeFileSync(join(values.out, `${snapshotName(spec)}.${format}`), file[format]);
      }
      console.error(`${snapshotName(spec)}: ${file.rows} rows, sha256 ${digests.at(-1)!.files[0].sha256.slice(0, 12)}… (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const lock = readLock();
    if (values.check) {
      const problems = lockProblems(digests, lock).map((p) => p.message);
      const citation = citationCff(lock);
      if (!existsSync(CITATION_PATH) || readFileSync(CITATION_PATH, "utf8") !== citation)
        problems.push("CITATION.cff is out of date with package.json and snapshots.lock.json: run npm run snapshots:lock to regenerate it.");
      for (const problem of problems) console.error(`error: ${problem}`);
      if (!problems.length) console.error(`snapshots.lock.json: all ${digests.length} snapshots match their released bytes.`);
      return problems.length ? 1 : 0;
    }
    const update = updateLock(digests, lock, {today: new Date().toISOString().slice(0, 10), withdraw: values.withdraw ?? []});
    const wroteLock = writeLock(update.lock);
    const citation = citationCff(update.lock);
    const wroteCitation = !existsSync(CITATION_PATH) || readFileSync(CITATION_PATH, "utf8") !== citation;
    if (wroteCitation) writeFileSync(CITATION_PATH, citation);
    for (const name of update.added) console.error(`released ${name}`);
    for (const name of update.withdrawn) console.error(`withdrew ${name}`);
    console.error(`${wroteLock ? "wrote" : "unchanged:"} ${LOCK_PATH}; ${wroteCitation ? "wrote" : "unchanged:"} ${CITATION_PATH}`);
    return 0;
  } finally {
    if (temporary) rmSync(temporary, {recursive: true, force: true});
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
