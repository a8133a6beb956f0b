// The performance benchmark (npm run bench; not part of npm test). It measures each
// figure several times, prints median, spread and target, and compares with peers run
// on the same machine in the same run: the course's numpy script and a vectorized numpy
// version (when python3 has numpy), and a C reference (when cc exists). It writes
// bench/results.json. Flags: --seeds N (seeds of the grid subset, default 60),
// --builds K (clean builds to time, default 2), --no-build (skip them; they rewrite dist/),
// --no-browser (skip the Chromium figures).
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {runExperiment, batchMeans, batchStream, REFERENCE} from "../src/lib/experiment.js";
import {population} from "../src/lib/population.js";
import {mapOnWorkers} from "../data-loaders/snapshots/pool.js";
import {varianceTasks, VARIANCE_GRID} from "../data-loaders/snapshots/variance.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const flag = (name: string) => process.argv.indexOf(name);
const SEEDS = flag("--seeds") > 0 ? Number(process.argv[flag("--seeds") + 1]) : 60;
const BUILDS = flag("--builds") > 0 ? Number(process.argv[flag("--builds") + 1]) : 2;

interface Stats {median: number; q1: number; q3: number; min: number; max: number; runs: number}
interface Figure {name: string; unit: string; stats: Stats; target?: string; met?: boolean; peers?: string[]; samples: number[]}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => {
    const i = p * (s.length - 1), lo = Math.floor(i);
    return s[lo] + (i - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
  };
  return {median: at(0.5), q1: at(0.25), q3: at(0.75), min: s[0], max: s[s.length - 1], runs: s.length};
}

/** Milliseconds per call of fn, for `runs` calls after `warmup` untimed ones; setup is not timed. */
function time<S>(setup: () => S, fn: (s: S) => unknown, runs: number, warmup = 10): number[] {
  for (let i = 0; i < warmup; ++i) fn(setup());
  return Array.from({length: runs}, () => {
    const s = setup(), start = performance.now();
    fn(s);
    return performance.now() - start;
  });
}

const figures: Figure[] = [];
/** A figure; its target is judged on the median, or with `worst` on the worst run (a bound that must always hold). */
function figure(name: string, unit: string, samples: number[], target?: {max?: number; min?: number; worst?: boolean}): Figure {
  const f: Figure = {name, unit, stats: stats(samples), samples};
  const judged = (worst: number) => (target?.worst ? worst : f.stats.median);
  if (target?.max !== undefined) (f.target = `${target.worst ? "all " : ""}≤ ${target.max}`), (f.met = judged(f.stats.max) <= target.max);
  if (target?.min !== undefined) (f.target = `${target.worst ? "all " : ""}≥ ${target.min}`), (f.met = judged(f.stats.min) >= target.min);
  figures.push(f);
  return f;
}

// Peers, each run in a subprocess that reports its own timings.
function runJson(command: string, args: string[]): any {
  const result = spawnSync(command, args, {encoding: "utf8"});
  return result.status === 0 ? JSON.parse(result.stdout) : undefined;
}
const python = ["python3", "/usr/bin/python3"].find((p) => spawnSync(p, ["-c", "import numpy"]).status === 0);
function pythonPeer(script: string): number[] | undefined {
  return python ? runJson(python, [here(`peers/${script}`), "7"])?.seconds.map((s: number) => s * 1000) : undefined;
}
function cPeer(): {without: number[]; with: number[]} | undefined {
  if (spawnSync("cc", ["--version"]).status !== 0) return undefined;
  const dir = mkdtempSync(join(os.tmpdir(), "bench-c-"));
  try {
    const binary = join(dir, "reference");
    return spawnSync("cc", ["-O2", "-o", binary, here("c/reference.c")]).status === 0 ? runJson(binary, []) : undefined;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

// 1. The reference experiment (its first call includes V8's compilation).
const cold = performance.now();
runExperiment(REFERENCE);
figure("Reference experiment, first call", "ms", [performance.now() - cold]);
const reference = figure("Reference experiment (N 1000, T 1000, m 1…256)", "ms", time(() => REFERENCE, runExperiment, 200, 20), {max: 2});

// 2. Sampling throughput: batchMeans with m = 256, T = 1000, N = 1000 (stream opening not timed).
const values = population(REFERENCE.seed, REFERENCE);
const throughput = (replace: boolean) => {
  const cell = {n: REFERENCE.n, gradient: REFERENCE.gradient, noise: REFERENCE.noise, m: 256, replace};
  const ms = time(() => batchStream(REFERENCE.seed, cell), (stream) => batchMeans(values, {m: 256, trials: 1000, replace}, stream), 100);
  return ms.map((t) => 256_000 / t / 1000);
};
const without = figure("Sampling without replacement (m 256)", "M/s", throughput(false), {min: 150});
const withReplacement = figure("Sampling with replacement (m 256)", "M/s", throughput(true), {min: 300});

// 3. A subset of the variance snapshot grid on worker threads, 1 and 2 threads alternately.
const tasks = varianceTasks({...VARIANCE_GRID, seeds: {from: VARIANCE_GRID.seeds.from, count: SEEDS}});
const module = new URL("../data-loaders/snapshots/variance-task.ts", import.meta.url);
const grid: Record<number, number[]> = {1: [], 2: []}, busy: number[] = [];
const outputs = new Set<string>();
const cpuSeconds = ({user, system} = process.cpuUsage()) => (user + system) / 1e6;
for (let round = 0; round < 3; ++round)
  for (const threads of [1, 2]) {
    const start = performance.now(), cpu = cpuSeconds();
    outputs.add(JSON.stringify(await mapOnWorkers(module, "varianceRows", tasks, {threads})));
    grid[threads].push((performance.now() - start) / 1000);
    if (threads === 2) busy.push((cpuSeconds() - cpu) / grid[2][round]);
  }
if (outputs.size !== 1) console.warn("warning: the grid's rows differ between runs");
const gridName = `Variance grid, ${SEEDS} seeds (${tasks.length} tasks)`;
figure(`${gridName}, 1 thread`, "s", grid[1]);
figure(`${gridName}, 2 threads`, "s", grid[2]);
figure("Speed-up, 2 threads vs 1", "×", grid[1].map((t, i) => t / grid[2][i]));
figure("Busy cores (CPU time / wall time), 2 threads", "cores", busy, os.availableParallelism() >= 2 ? {min: 1.9} : undefined);

// 4. npm run build from a clean Framework cache and an empty snapshot store (it rewrites
// dist/): wall time, and how many cores it kept busy (its processes' CPU time / wall).
if (flag("--no-build") < 0) {
  const store = mkdtempSync(join(os.tmpdir(), "bench-snapshots-"));
  const walls: number[] = [], cores: number[] = [];
  let failed = false;
  try {
    for (let round = 0; round < BUILDS; ++round) {
      rmSync(store, {recursive: true, force: true});
      // bash's `time` reports the CPU time of every process the build started.
      const build = spawnSync("bash", ["-c", "TIMEFORMAT='%R %U %S'; time npm run build > /dev/null 2>&1"], {cwd: here(".."), encoding: "utf8", env: {...process.env, SNAPSHOT_STORE: store}});
      const [real, user, system] = build.stderr.trim().split(/\s+/).slice(-3).map(Number);
      failed ||= build.status !== 0;
      walls.push(real), cores.push((user + system) / real);
    }
  } finally {
    rmSync(store, {recursive: true, force: true});
  }
  figure(`npm run build, clean cache and empty snapshot store${failed ? " (FAILED)" : ""}`, "s", walls, {max: 60});
  figure("Busy cores during that build (CPU time / wall time)", "cores", cores);
}

// 5. In Chromium, against the dist/ just built (bench/browser.ts): input → chart latency,
// the longest main-thread task at each page's heaviest inputs, the Variance page's transfer.
const skipped: string[] = [];
// The loads that had a task over 100 ms, with what filled each (script, rendering, other).
const longTasks: string[] = [];
// (Imported here, not at the top: Playwright's modules would sit in the heap during the timings above.)
if (flag("--no-browser") < 0)
  for (const f of await (await import("./browser.js")).browserFigures(undefined, {onSkip: (reason) => skipped.push(`browser figures (${reason})`), onLongTask: (line) => longTasks.push(line)}))
    figure(f.name, f.unit, f.samples, f.target && {...f.target, worst: /longest|progress/.test(f.name)});

// 6. Peers, and how we compare with them.
for (const [script, name] of [["course.py", "course numpy"], ["vectorized.py", "vectorized numpy"]]) {
  const ms = pythonPeer(script);
  if (!ms) skipped.push(`${name} (no python3 with numpy)`);
  else {
    const peer = figure(`Peer: ${name}, reference experiment`, "ms", ms);
    (reference.peers ??= []).push(`${(peer.stats.median / reference.stats.median).toFixed(0)}× faster than ${name}`);
  }
}
const c = cPeer();
if (!c) skipped.push("C reference (no cc)");
else
  for (const [ours, samples, mode] of [[without, c.without, "without"], [withReplacement, c.with, "with"]] as const) {
    const peer = figure(`Peer: C -O2, sampling ${mode} replacement`, "M/s", samples);
    (ours.peers ??= []).push(`${(ours.stats.median / peer.stats.median).toFixed(2)}× C -O2`);
  }

// The table.
const number = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const rows = figures.map((f) => [
  f.name,
  `${number(f.stats.median)} ${f.unit}`,
  f.stats.runs > 1 ? `IQR ${number(f.stats.q1)}–${number(f.stats.q3)}, range ${number(f.stats.min)}–${number(f.stats.max)} (${f.stats.runs} runs)` : "1 run",
  f.target ? `${f.target} ${f.unit} ${f.met ? "✓" : "✗"}` : "",
  (f.peers ?? []).join("; "),
]);
const header = ["Figure", "Median", "Spread", "Target", "vs peers"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const row of [header, widths.map((w) => "-".repeat(w)), ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
for (const s of skipped) console.log(`skipped: ${s}`);
for (const line of longTasks) console.log(`long task: ${line}`);

const machine = {cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg(), python: python ?? null};
writeFileSync(here("results.json"), JSON.stringify({timestamp: new Date().toISOString(), machine, figures, skipped, longTasks}, null, 1) + "\n");
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load average ${machine.loadAverage.map((x) => x.toFixed(1)).join(" ")}; wrote bench/results.json`);
