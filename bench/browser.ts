// The in-browser figures of the benchmark (npm run bench; never a timed test): in
// headless Chromium, against the built dist/ served under /stochastic-gradients/ as
// GitHub Pages serves it,
//   1. input → updated chart latency on the Variance page (seed changes at the defaults),
//   2. the longest main-thread task while the heaviest runs the pages allow complete
//      (Long Tasks API, buffered from navigation), and that the page shows progress meanwhile,
//   3. the Variance page's transfer size, every response gzipped as GitHub Pages serves it,
//   4. cold page loads: how much of each main-thread task over 100 ms ran on a core (Linux).
// Alone: `npx tsx bench/browser.ts [--only transfer,latency,heavy,page-load] [--pages variance,escape]
// [--rounds N] [--heavy-runs N] [--page-load-runs N] [--top N]` prints them with the details behind them.
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {gzipSync} from "node:zlib";
import type {Page} from "playwright-core";
import {findChromium, launchChromium, settle, watchedPage, type Site, type Watched} from "../test/support/browser.js";
import {serveDist} from "../test/support/static-server.js";
import {DIST} from "../test/support/build.js";
import {readSchedstat, splitSpan, type SchedSample} from "./run-queue.js";

export interface BrowserFigure {
  name: string;
  unit: string;
  /** Raw values, one per run (a round of changes, a page load). */
  samples: number[];
  target?: {max?: number; min?: number};
}

export interface BrowserOptions {
  /** Rounds of the latency measurement (each of `changes` input changes). */
  rounds?: number;
  changes?: number;
  /** Loads of each page at its heaviest parameters. */
  heavyRuns?: number;
  /** Told why the figures were skipped, when they are. */
  onSkip?: (reason: string) => void;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Cold loads of each page at its defaults, for figure 4. */
  pageLoadRuns?: number;
  /** Which figures to measure (default: all). */
  only?: ("transfer" | "latency" | "heavy" | "page-load")[];
  /** Which pages' heaviest runs and page loads to measure (default: every page of HEAVY). */
  heavyPages?: string[];
  /** Each page load with a main-thread task over 100 ms, in a line (default: none). */
  onLongTask?: (line: string) => void;
  /** How many of the largest responses to log. */
  top?: number;
}

/** Why the figures cannot be measured here, or null when they can. */
export function browserSkipReason(dist: string = DIST): string | null {
  if (!existsSync(join(dist, "index.html"))) return `no built site at ${dist} (run npm run build)`;
  try {
    findChromium();
  } catch {
    return "no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)";
  }
  return null;
}

/** The heaviest parameters each page's inputs allow that still finish within a bench run. */
export const HEAVY: {page: string; query: string; label: string; timeout: number}[] = [
  // N and T at their maxima; seven batch sizes (T·Σm = 5.5·10^8 draws, a few seconds in the worker).
  {page: "variance", query: "?n=100000&trials=100000&batch=1,4,16,64,256,1024,4096", label: "N 100000, T 100000, m 1…4096", timeout: 120_000},
  // T × m at its cap of 10^8, with the most batches (T = 10^6), for the uniform and the importance run.
  {page: "expectation", query: "?n=100000&m=100&trials=1000000", label: "N 100000, m 100, T 1000000", timeout: 120_000},
  // The large dataset, every batch as large as it can be, the most batches and pairs.
  {page: "real-loss", query: "?dataset=diamonds&m=53940&batches=2000&mode=with+replacement&b_small=53939&b_big=53940&pairs=1000", label: "diamonds, m = B_big = N, T 2000, r 1000", timeout: 300_000},
  // The most runs (the main thread merges and draws every run; K at its default keeps the bench short).
  {page: "escape", query: "?runs=10000", label: "10000 runs of 1000 steps", timeout: 300_000},
];

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  const i = p * (s.length - 1), lo = Math.floor(i);
  return s[lo] + (i - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
};

/** The Variance page's chart: Plot's SVG, by its aria-label. */
const VARIANCE_CHART = 'svg[aria-label^="Variance of the mini-batch mean"]';

/**
 * Sets the page's input labelled `label` to `value` and dispatches "input", as typing
 * does; resolves with the milliseconds from the dispatch until a new chart SVG is in
 * the DOM (MutationObserver), and until the next frame after it (rAF, then a task).
 */
function timeChange(page: Page, label: string, value: string, chart: string): Promise<{dom: number; frame: number}> {
  return page.evaluate(
    ({label, value, chart}) =>
      new Promise<{dom: number; frame: number}>((resolve, reject) => {
        const form = Array.from(document.querySelectorAll("#observablehq-main form")).find((f) => f.querySelector(":scope > label")?.textContent?.trim() === label);
        const input = form?.querySelector<HTMLInputElement>("input[type=number], input[type=text], input[type=range]");
        if (!input) return reject(new Error(`no input labelled ${label}`));
        const main = document.querySelector("#observablehq-main")!;
        const timer = setTimeout(() => (observer.disconnect(), reject(new Error(`no new chart within 10 s of setting ${label} to ${value}`))), 10_000);
        let start = 0;
        const observer = new MutationObserver((records) => {
          const added = records.some((r) => Array.from(r.addedNodes).some((node) => node instanceof Element && (node.matches(chart) || node.querySelector(chart) !== null)));
          if (!added) return;
          const dom = performance.now() - start;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => setTimeout(() => resolve({dom, frame: performance.now() - start})));
        });
        observer.observe(main, {childList: true, subtree: true});
        input.value = value;
        start = performance.now();
        input.dispatchEvent(new Event("input", {bubbles: true}));
      }),
    {label, value, chart}
  );
}

/** Figure 1: seed changes on the Variance page at its defaults, alternating over a few seeds. */
async function varianceLatency(site: Site, rounds: number, changes: number, log: (line: string) => void): Promise<BrowserFigure[]> {
  const watched = await watchedPage(site);
  try {
    await watched.page.goto(site.url("/variance"), {waitUntil: "load"});
    await settle(watched.page);
    // Untimed changes first, so the figures are of a warmed-up page (V8 has compiled the code).
    for (let i = 0; i < 10; ++i) await timeChange(watched.page, "Seed", String((i + 1) % 4), VARIANCE_CHART);
    await timeChange(watched.page, "Seed", "0", VARIANCE_CHART);
    const dom: number[][] = [], frame: number[][] = [];
    for (let round = 0; round < rounds; ++round) {
      const d: number[] = [], f: number[] = [];
      for (let i = 0; i < changes; ++i) {
        const t = await timeChange(watched.page, "Seed", String((i + 1) % 4), VARIANCE_CHART);
        d.push(t.dom), f.push(t.frame);
        await watched.page.waitForTimeout(30); // let the page go idle between changes
      }
      // Back to seed 0 for the next round (the last change set 0 when changes % 4 === 3).
      await timeChange(watched.page, "Seed", "0", VARIANCE_CHART);
      dom.push(d), frame.push(f);
      log(`variance latency round ${round + 1}: p50 ${percentile(d, 0.5).toFixed(1)} ms, p95 ${percentile(d, 0.95).toFixed(1)} ms, max ${Math.max(...d).toFixed(1)} ms`);
    }
    checkClean(watched, "variance latency");
    return [
      {name: `Variance page: seed change → new chart in DOM, p50 of ${changes}`, unit: "ms", samples: dom.map((d) => percentile(d, 0.5))},
      {name: `Variance page: seed change → new chart in DOM, p95 of ${changes}`, unit: "ms", samples: dom.map((d) => percentile(d, 0.95)), target: {max: 50}},
      {name: `Variance page: seed change → next frame after the chart, p95 of ${changes}`, unit: "ms", samples: frame.map((f) => percentile(f, 0.95))},
    ];
  } finally {
    await watched.close();
  }
}

/**
 * Collects the long tasks from navigation on, and every state the page's progress
 * reports go through: <progress> values and the text of role="status" elements.
 */
const OBSERVE_SCRIPT = `
  globalThis.__bench = {longTasks: [], frames: [], states: []};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) globalThis.__bench.longTasks.push({start: e.startTime, duration: e.duration});
  }).observe({type: "longtask", buffered: true});
  // Long animation frames say how much of a long task was script and how much rendering.
  if (PerformanceObserver.supportedEntryTypes.includes("long-animation-frame")) new PerformanceObserver((list) => {
    for (const e of list.getEntries()) globalThis.__bench.frames.push({start: e.startTime, end: e.startTime + e.duration, styleAndLayoutStart: e.styleAndLayoutStart,
      scripts: e.scripts.map((s) => ({start: s.startTime, end: s.startTime + s.duration, source: (s.sourceURL || "").split("/").pop() + (s.sourceFunctionName ? " " + s.sourceFunctionName : "") || s.invoker}))});
  }).observe({type: "long-animation-frame", buffered: true});
  const seen = new Set();
  const record = () => {
    const main = document.querySelector("#observablehq-main");
    if (!main) return;
    const parts = Array.from(main.querySelectorAll("progress"), (p) => "progress " + p.value + "/" + p.max)
      .concat(Array.from(main.querySelectorAll("[role=status]:not(.url-state-status)"), (e) => e.textContent.trim().slice(0, 80)));
    const key = parts.join(" | ");
    if (key && !seen.has(key)) seen.add(key), globalThis.__bench.states.push({at: performance.now(), key});
  };
  const watch = () => new MutationObserver(record).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["value"]});
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", watch) : watch();
`;

export interface Frame {
  start: number;
  end: number;
  /** When the frame's style and layout began (after its animation-frame callbacks); 0 if it did not render. */
  styleAndLayoutStart: number;
  /** Its scripts of 5 ms or more, named by their entry point's file (hashed, as served): for a cell that awaited nextTask(), next-task.<hash>.js. */
  scripts: {start: number; end: number; source: string}[];
}

interface HeavyLoad {
  longest: number;
  /** Long tasks (≥ 50 ms): start after navigation and duration, ms. */
  tasks: {start: number; duration: number}[];
  /** Long animation frames (≥ 50 ms), where the browser reports them. */
  frames: Frame[];
  /** The progress states seen, in order. */
  states: string[];
  /**
   * The longest task that ended after the first progress state appeared (0 = none ≥ 50 ms):
   * the run, without the page load before it. An upper bound: the first state's own task
   * and any page-load work after it count too.
   */
  longestFromFirstState: number;
  seconds: number;
}

/**
 * Loads the page with `query` and waits until it is done. Cold: a fresh tab goes straight to
 * the link, as a reader who opens a shared link does. Warm: the tab has opened the page once
 * (at its defaults) before it follows the link, so the browser's caches (HTTP, compiled code,
 * fonts) are warm; on a cold tab the first layout alone takes 50–300 ms here, and a copy of
 * the page without its scripts does that too (fonts loading in headless Chromium).
 */
async function heavyLoad(site: Site, page: string, query: string, timeout: number, {warm = false} = {}): Promise<HeavyLoad> {
  const watched = await watchedPage(site);
  try {
    const deadline = Date.now() + timeout;
    // settle() does not know "Waiting for a free worker…": a status ending in "…" is busy too.
    const busy = () => watched.page.evaluate(() => Array.from(document.querySelectorAll("#observablehq-main [role=status]")).some((e) => e.textContent?.includes("…")));
    const done = async () => {
      do {
        await settle(watched.page, {timeout: Math.max(1000, deadline - Date.now()), quiet: 500});
      } while ((await busy()) && Date.now() < deadline);
    };
    if (warm) {
      await watched.page.goto(site.url(`/${page}`), {waitUntil: "load"});
      await done();
    }
    await watched.context.addInitScript(OBSERVE_SCRIPT);
    const start = Date.now();
    await watched.page.goto(site.url(`/${page}`, query), {waitUntil: "load"});
    await done();
    if (await busy()) throw new Error(`${page}${query} still busy after ${timeout / 1000} s`);
    const seconds = (Date.now() - start) / 1000;
    const {longTasks, frames, states} = await watched.page.evaluate(() => (globalThis as any).__bench as {longTasks: {start: number; duration: number}[]; frames: Frame[]; states: {at: number; key: string}[]});
    checkClean(watched, `${page} heavy run`);
    const longest = (tasks: {duration: number}[]) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    // The task in which the first state appeared counts: it ends after that state (1 ms of
    // slack for rounded durations). Without states, every task counts.
    const firstState = states[0]?.at ?? 0;
    return {longest: longest(longTasks), longestFromFirstState: longest(longTasks.filter((t) => t.start + t.duration > firstState - 1)), tasks: longTasks, frames, states: states.map((s) => s.key), seconds};
  } finally {
    await watched.close();
  }
}

const overHundred = ({tasks, frames}: HeavyLoad) => {
  const long = tasks.filter((t) => t.duration > 100);
  return long.length ? `tasks over 100 ms (start:duration, what filled it): ${long.map((t) => `${t.start.toFixed(0)}:${t.duration.toFixed(0)} (${taskContents(t, frames)})`).join(" ")}` : "no task over 100 ms";
};

/**
 * What filled a long task, from the long animation frame it falls in, each part clipped to
 * the task: script (compiling included; the largest entry point named), rendering (style,
 * layout, paint: from the frame's styleAndLayoutStart, less the observer callbacks that
 * run in it, which count as script), and the rest: scripts under 5 ms, which frames do not
 * list, and the browser's own work (parsing HTML and CSS, for one).
 */
export function taskContents(task: {start: number; duration: number}, frames: Frame[]): string {
  const end = task.start + task.duration;
  const overlap = (a: number, b: number, from = task.start) => Math.max(0, Math.min(b, end) - Math.max(a, from));
  const frame = frames.find((f) => f.start <= task.start + 1 && task.start < f.end);
  if (!frame) return "no frame reported";
  const scripts = frame.scripts.map((s) => ({...s, ms: overlap(s.start, s.end)})).filter((s) => s.ms > 0).sort((a, b) => b.ms - a.ms);
  const script = scripts.reduce((sum, s) => sum + s.ms, 0);
  const renderFrom = frame.styleAndLayoutStart;
  const rendering = renderFrom > 0 ? overlap(renderFrom, frame.end) - scripts.reduce((sum, s) => sum + overlap(s.start, s.end, Math.max(renderFrom, task.start)), 0) : 0;
  const top = scripts[0] ? `, largest entered from ${scripts[0].source || "an unnamed script"} ${scripts[0].ms.toFixed(0)} ms` : "";
  return `script ${script.toFixed(0)} ms${top}; rendering ${rendering.toFixed(0)} ms; other ${(task.duration - script - rendering).toFixed(0)} ms`;
}

/**
 * Figure 2: the heaviest runs, each loaded `runs` times from a link with its parameters,
 * and the page at its defaults for comparison (what the page costs to load at all).
 */
async function heavyRuns(site: Site, runs: number, pages: string[], log: (line: string) => void, onLongTask: (line: string) => void): Promise<BrowserFigure[]> {
  const report = (line: string, load: HeavyLoad) => (log(line), load.longest > 100 && onLongTask(line));
  const figures: BrowserFigure[] = [];
  for (const heavy of HEAVY.filter((h) => pages.includes(h.page))) {
    const loads: HeavyLoad[] = [], colds: HeavyLoad[] = [], defaults: HeavyLoad[] = [];
    for (let i = 0; i < runs; ++i) {
      const load = await heavyLoad(site, heavy.page, heavy.query, heavy.timeout, {warm: true});
      loads.push(load);
      report(`${heavy.page} heavy (${heavy.label}), warm tab: longest task ${load.longest.toFixed(0)} ms (from the first progress state on: ${load.longestFromFirstState.toFixed(0)} ms), ${load.states.length} progress states, ${load.seconds.toFixed(1)} s; ${overHundred(load)}`, load);
      if (i === 0) for (const state of load.states) log(`  ${state.replace(/\s+/g, " ").slice(0, 160)}`);
      const cold = await heavyLoad(site, heavy.page, heavy.query, heavy.timeout);
      colds.push(cold);
      report(`${heavy.page} heavy (${heavy.label}), cold tab: longest task ${cold.longest.toFixed(0)} ms (from the first progress state on: ${cold.longestFromFirstState.toFixed(0)} ms), ${cold.seconds.toFixed(1)} s; ${overHundred(cold)}`, cold);
      const plain = await heavyLoad(site, heavy.page, "", heavy.timeout);
      defaults.push(plain);
      report(`${heavy.page} at its defaults: longest task ${plain.longest.toFixed(0)} ms, ${plain.seconds.toFixed(1)} s; ${overHundred(plain)}`, plain);
    }
    const name = `${heavy.page} page, heaviest run (${heavy.label})`;
    figures.push(
      {name: `${name}, warm tab (the page opened once before): longest main-thread task, link to done (0 = none ≥ 50 ms)`, unit: "ms", samples: loads.map((l) => l.longest), target: {max: 100}},
      {name: `${name}, cold tab (straight to the link): longest main-thread task, first layout included`, unit: "ms", samples: colds.map((l) => l.longest), target: {max: 100}},
      {name: `${name}, warm and cold tabs: longest main-thread task from the first progress state until done (the run; the page load before it left out)`, unit: "ms", samples: [...loads, ...colds].map((l) => l.longestFromFirstState), target: {max: 100}},
      {name: `${name}: progress states shown`, unit: "states", samples: loads.map((l) => l.states.length), target: {min: 2}},
      {name: `${name}: time to complete`, unit: "s", samples: loads.map((l) => l.seconds)},
      {name: `${heavy.page} page at its defaults, cold tab: longest main-thread task (for comparison)`, unit: "ms", samples: defaults.map((l) => l.longest)}
    );
  }
  return figures;
}

/** A process's parent, from /proc/<pid>/stat (its 4th field, after the command in parentheses). */
function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/**
 * The PIDs of the renderer processes of the browser this process started (a renderer's main
 * thread has its process's id): not another Chromium's on the same machine. `known` keeps the
 * verdicts that cannot change, so a rescan during a load reads little beside the load it
 * measures: a renderer stays one, and a process not descended from this one stays so. One of
 * ours that is not (yet) a renderer is read again: a child just forked from the zygote has
 * not named itself.
 */
function rendererPids(known: Map<number, boolean>): number[] {
  const ours = (pid: number) => {
    for (let p = parentPid(pid), depth = 0; p > 1 && depth < 6; p = parentPid(p), ++depth) if (p === process.pid) return true;
    return false;
  };
  const renderer = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("--type=renderer");
    } catch {
      return false;
    }
  };
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    const verdict = known.get(pid);
    if (verdict !== undefined) return verdict;
    if (!ours(pid)) {
      known.set(pid, false);
      return false;
    }
    if (!renderer(pid)) return false;
    known.set(pid, true);
    return true;
  });
}

/**
 * Figure 4: cold loads of each page at its defaults, for what the Long Tasks API cannot say:
 * how much of a task over 100 ms the page's main thread spent on a core, waiting for one, or
 * asleep (bench/run-queue.ts). Linux only: it reads the renderers' /proc/<pid>/schedstat every
 * 4 ms, and takes the renderer whose main thread ran the most during the load as the tab's.
 */
async function pageLoadSchedule(site: Site, runs: number, pages: string[], log: (line: string) => void, onLongTask: (line: string) => void): Promise<BrowserFigure[]> {
  if (readSchedstat(process.pid, 0) === null) return log("page-load figure skipped: no /proc/<pid>/schedstat here"), [];
  const found = new Map(pages.map((page) => [page, {split: [] as {wall: number; ran: number; queued: number; asleep: number}[], unsplit: 0}]));
  for (let i = 0; i < runs; ++i)
    for (const page of pages) {
      // Not watchedPage(): its interception would hold every request in this process, which
      // competes with the browser for the same cores.
      const context = await site.browser.newContext({viewport: {width: 1200, height: 900}});
      try {
        await context.addInitScript(OBSERVE_SCRIPT);
        const tab = await context.newPage();
        const readings = new Map<number, SchedSample[]>();
        const known = new Map<number, boolean>(); // per load, so a reused pid is looked at again
        let pids = rendererPids(known), tick = 0;
        const read = () => {
          if (++tick % 10 === 0) pids = rendererPids(known); // a navigation may start a new renderer
          const at = performance.timeOrigin + performance.now();
          for (const pid of pids) {
            const sample = readSchedstat(pid, at);
            if (!sample) continue;
            const list = readings.get(pid);
            if (list) list.push(sample);
            else readings.set(pid, [sample]);
          }
        };
        const timer = setInterval(read, 4);
        try {
          await tab.goto(site.url(`/${page}`), {waitUntil: "load"});
          await tab.waitForTimeout(1500); // the page load's tasks, not the page's later runs
        } finally {
          clearInterval(timer);
        }
        read();
        // The page's clock against this process's (each counts ms from its own origin): the
        // offset, to within half the call's round trip.
        const before = performance.timeOrigin + performance.now();
        const {longTasks, frames, origin, now} = await tab.evaluate(() => ({...(globalThis as any).__bench, origin: performance.timeOrigin, now: performance.timeOrigin + performance.now()}) as {longTasks: {start: number; duration: number}[]; frames: Frame[]; origin: number; now: number});
        const offset = now - (before + performance.timeOrigin + performance.now()) / 2;
        const ranDuring = (s: SchedSample[]) => s[s.length - 1].ran - s[0].ran;
        const samples = [...readings.values()].filter((s) => s.length >= 2).sort((a, b) => ranDuring(b) - ranDuring(a))[0];
        const parts: string[] = [];
        for (const task of longTasks.filter((t) => t.duration > 100)) {
          try {
            if (!samples) throw new Error("no readings of a renderer of this browser");
            const from = origin + task.start - offset;
            const split = splitSpan(samples, from, from + task.duration);
            found.get(page)!.split.push({wall: task.duration, ...split});
            parts.push(`${task.start.toFixed(0)}:${task.duration.toFixed(0)} ms, on a core ${split.ran.toFixed(0)} ms, waiting for one ${split.queued.toFixed(0)} ms, asleep ${split.asleep.toFixed(0)} ms (${taskContents(task, frames)})`);
          } catch (error) {
            found.get(page)!.unsplit++;
            parts.push(`${task.start.toFixed(0)}:${task.duration.toFixed(0)} ms, not split (${(error as Error).message})`);
          }
        }
        const line = `${page} page load ${i + 1}, cold tab: ${parts.length ? `tasks over 100 ms (start:duration, the main thread's time): ${parts.join("; ")}` : "no task over 100 ms"}`;
        log(line);
        if (parts.length) onLongTask(line);
      } finally {
        await context.close();
      }
    }
  return pages.flatMap((page) => {
    const {split: tasks, unsplit} = found.get(page)!;
    const name = `${page} page at its defaults, ${runs} cold loads`;
    const share = (part: "ran" | "queued" | "asleep") => tasks.map((t) => (100 * t[part]) / t.wall);
    return [
      {name: `${name}: main-thread tasks over 100 ms`, unit: "tasks", samples: [tasks.length + unsplit]},
      {name: `${name}: of those, tasks that could not be split (see the log)`, unit: "tasks", samples: [unsplit]},
      {name: `${name}: of those split, tasks that spent over 100 ms on a core`, unit: "tasks", samples: [tasks.filter((t) => t.ran > 100).length]},
      ...(tasks.length
        ? [
            {name: `${name}: those tasks' time on a core, % of each`, unit: "%", samples: share("ran")},
            {name: `${name}: those tasks' time waiting for a core (at least), % of each`, unit: "%", samples: share("queued")},
            {name: `${name}: those tasks' remaining time (asleep), % of each`, unit: "%", samples: share("asleep")},
          ]
        : []),
    ];
  });
}

/** Figure 3: everything the Variance page loads at its defaults, gzipped at level 9 and summed. */
async function varianceTransfer(site: Site, top: number, log: (line: string) => void): Promise<BrowserFigure[]> {
  const watched = await watchedPage(site);
  const bodies = new Map<string, Promise<Buffer | null>>();
  // Context-wide, so a worker's module requests count too.
  watched.context.on("response", (response) => {
    if (response.url().startsWith(site.base)) bodies.set(response.url(), response.body().catch(() => null));
  });
  try {
    await watched.page.goto(site.url("/variance"), {waitUntil: "load"});
    await settle(watched.page);
    checkClean(watched, "variance transfer");
    const files = await Promise.all(Array.from(bodies, async ([url, body]) => {
      const raw = await body;
      if (!raw) throw new Error(`no body for ${url}`);
      return {path: url.slice(site.base.length) || "(index)", raw: raw.length, gzip: gzipSync(raw, {level: 9}).length};
    }));
    files.sort((a, b) => b.gzip - a.gzip);
    const total = files.reduce((s, f) => s + f.gzip, 0), raw = files.reduce((s, f) => s + f.raw, 0);
    log(`variance transfer: ${files.length} responses, ${(raw / 1000).toFixed(1)} kB raw, ${(total / 1000).toFixed(1)} kB gzipped; largest:`);
    for (const f of files.slice(0, top)) log(`  ${(f.gzip / 1000).toFixed(1).padStart(7)} kB gz  ${(f.raw / 1000).toFixed(1).padStart(7)} kB raw  ${f.path}`);
    return [
      {name: "Variance page: transfer size, gzip -9 (every response)", unit: "kB", samples: [total / 1000], target: {max: 500}},
      {name: "Variance page: responses", unit: "files", samples: [files.length]},
    ];
  } finally {
    await watched.close();
  }
}

function checkClean(watched: Watched, what: string): void {
  const problems = [...watched.pageErrors, ...watched.consoleErrors, ...watched.foreignRequests.map((u) => `off-site request ${u}`)];
  if (problems.length) throw new Error(`${what}: ${problems.join("; ")}`);
}

/** Every in-browser figure; [] (and onSkip told why) when there is no Chromium or no build. */
export async function browserFigures(dist: string = DIST, options: BrowserOptions = {}): Promise<BrowserFigure[]> {
  const {rounds = 5, changes = 40, heavyRuns: runs = 2, pageLoadRuns = 10, only = ["transfer", "latency", "heavy", "page-load"], heavyPages = HEAVY.map((h) => h.page), top = 8, onSkip = (reason) => console.warn(`browser figures skipped: ${reason}`), log = () => {}, onLongTask = () => {}} = options;
  const reason = browserSkipReason(dist);
  if (reason) return onSkip(reason), [];
  const browser = await launchChromium();
  const server = await serveDist(dist);
  const base = server.url, origin = new URL(base).origin;
  const site: Site = {
    dist, server, browser, base, origin,
    url: (path, query = "") => base + (path === "/" ? "" : path.replace(/^\//, "")) + query,
    close: async () => (await browser.close(), await server.close()),
  };
  try {
    return [
      ...(only.includes("transfer") ? await varianceTransfer(site, top, log) : []),
      ...(only.includes("latency") ? await varianceLatency(site, rounds, changes, log) : []),
      ...(only.includes("heavy") ? await heavyRuns(site, runs, heavyPages, log, onLongTask) : []),
      ...(only.includes("page-load") ? await pageLoadSchedule(site, pageLoadRuns, heavyPages, log, onLongTask) : []),
    ];
  } finally {
    await site.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : undefined);
  const only = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1].split(",") as BrowserOptions["only"]) : undefined;
  const heavyPages = process.argv.includes("--pages") ? process.argv[process.argv.indexOf("--pages") + 1].split(",") : undefined;
  const figures = await browserFigures(DIST, {rounds: arg("--rounds"), heavyRuns: arg("--heavy-runs"), pageLoadRuns: arg("--page-load-runs"), top: arg("--top"), only, heavyPages, log: (line) => console.log(line)});
  for (const f of figures) {
    const median = percentile(f.samples, 0.5);
    const target = f.target?.max !== undefined ? `target ≤ ${f.target.max} ${median <= f.target.max ? "✓" : "✗"}` : f.target?.min !== undefined ? `target ≥ ${f.target.min} ${median >= f.target.min ? "✓" : "✗"}` : "";
    console.log(`${f.name}: median ${median.toFixed(1)} ${f.unit} [${f.samples.map((s) => s.toFixed(1)).join(", ")}] ${target}`);
  }
}
