// npm run snapshots:verify [-- --sample 10 --seed 0 --dist dist --snapshot NAME ...]:
// recomputes a seeded random sample of rows of every published snapshot and compares
// them, and the files' sizes and SHA-256, with dist/data (see verify.ts). Exit 1 on
// any difference; the same --seed and --sample always check the same rows.
import {parseArgs} from "node:util";
import {join} from "node:path";
import {ROOT} from "./store.js";
import {verifyPublished} from "./verify.js";

const USAGE = "usage: npm run snapshots:verify [-- --sample N (default 10 rows per snapshot)] [--seed S (default 0)] [--dist DIR (default dist)] [--snapshot NAME ...]";

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value > 0xffffffff) throw new Error(`--${flag} must be an integer in [0, 4294967295]; got ${JSON.stringify(text)}`);
  return value;
}

try {
  const {values} = parseArgs({
    options: {sample: {type: "string"}, seed: {type: "string"}, dist: {type: "string"}, snapshot: {type: "string", multiple: true}, help: {type: "boolean", short: "h"}},
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
  } else {
    const started = Date.now();
    const report = await verifyPublished({
      dist: values.dist ?? join(ROOT, "dist"),
      sample: count("sample", values.sample, 10),
      seed: count("seed", values.seed, 0),
      names: values.snapshot,
      log: (line) => console.error(line),
    });
    for (const problem of report.problems) console.error(`error: ${problem}`);
    console.error(`${report.problems.length ? "FAILED" : "verified"}: ${report.snapshots.length} snapshots, ${report.checkedRows} rows recomputed, ${report.problems.length} problems (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.exitCode = report.problems.length ? 1 : 0;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exitCode = 2;
}
