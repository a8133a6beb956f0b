// The first Intl.NumberFormat in a tab loads ICU's number-formatting data: 20–140 ms of
// main-thread time in a cold Chromium tab on the 2-core bench machine. Plot makes one as its
// module loads, so that cost landed in the task that evaluates a page's imports, its longest.
// A worker makes one first, off the main thread, while the modules download; in Chromium it
// runs in the tab's renderer process, which keeps the data, and the main thread's one is then
// cheap (the README's Performance section has the figures; other browsers are unmeasured).
// It is a hint only: where it cannot run, nothing changes.

/** The locale Plot formats numbers in by default, and the pages' own toLocaleString calls. */
export const WARMUP_LOCALE = "en-US";

/** What the worker runs: one number formatted, then it ends. */
export const WARMUP_WORKER = `new Intl.NumberFormat(${JSON.stringify(WARMUP_LOCALE)}).format(1); close();`;

// The URL can go once the worker is constructed (the constructor resolves it); `catch (e)`
// rather than `catch {}` so that an old engine does not reject the whole script.
/** A classic inline script for every page's <head> (observablehq.config.ts), so it starts before the modules load. */
export const INTL_WARMUP_HEAD = `<script>try { const url = URL.createObjectURL(new Blob([${JSON.stringify(WARMUP_WORKER)}], {type: "text/javascript"})); new Worker(url); URL.revokeObjectURL(url); } catch (e) {}</script>`;
