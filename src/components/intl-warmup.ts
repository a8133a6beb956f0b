// The first Intl.NumberFormat in a tab loads ICU's number-formatting data: 20–140 ms of
// main-thread time in a cold tab on the 2-core bench machine. Plot makes one as its module
// loads, so that cost landed in the task that evaluates a page's imports, its longest. A
// worker in the same renderer process makes one first, off the main thread, while the
// modules download; the main thread's one is then cheap (the Performance section of the
// README has the figures). It is a hint only: where it cannot run, nothing changes.

/** The locale Plot formats numbers in by default, and the pages' own toLocaleString calls. */
export const WARMUP_LOCALE = "en-US";

/** What the worker runs: one number formatted, then it ends. */
export const WARMUP_WORKER = `new Intl.NumberFormat(${JSON.stringify(WARMUP_LOCALE)}).format(1); close();`;

/** A classic inline script for every page's <head> (observablehq.config.ts), so it starts before the modules load. */
export const INTL_WARMUP_HEAD = `<script>try { new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WARMUP_WORKER)}], {type: "text/javascript"}))); } catch {}</script>`;
