// How many Web Workers a page runs at once: one core is left to the page, so the main
// thread keeps drawing while heavy jobs compute. (Two workers on a two-core machine made
// the Expectation page's load-time chart take three times as long.) Shared by the jobs of
// live-escape, expectation-live and real-loss-live: a page runs several at once.

const SLOTS = Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
let busy = 0;
const waiting: (() => void)[] = [];

/** Resolves when the caller may start a worker; it must call releaseSlot() when done. */
export function acquireSlot(): Promise<void> {
  if (busy < SLOTS) return (++busy, Promise.resolve());
  return new Promise((resolve) => waiting.push(resolve));
}

export function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next(); // the slot passes straight to the next job
  else --busy;
}
