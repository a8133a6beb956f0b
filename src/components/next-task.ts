// Framework's runtime runs every cell whose inputs are ready in one task (promises settle
// as microtasks), so a page that draws several charts at once holds the main thread for
// their sum. A cell that awaits nextTask() first gets a task of its own, and the browser
// can paint and handle input between charts.

/**
 * Resolves in a later task (a macrotask, not a microtask). A message, not setTimeout(0):
 * nested timers are clamped to 4 ms, and to a second or more in a background tab.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const {port1, port2} = new MessageChannel();
    port1.onmessage = () => (port1.close(), resolve());
    port2.postMessage(null);
  });
}

/**
 * Runs the steps one per task, in order, until they are done or `invalidation` settles
 * (Framework's, when the cell re-runs). `element` is aria-busy meanwhile, so readers' tools
 * (and the tests' settle()) know it is still being drawn.
 */
export async function inTasks(element: Element, steps: (() => void)[], invalidation?: Promise<unknown>): Promise<void> {
  let stopped = false;
  invalidation?.then(() => (stopped = true));
  element.setAttribute("aria-busy", "true");
  for (const step of steps) {
    await nextTask();
    if (stopped) return;
    step();
  }
  element.removeAttribute("aria-busy");
}
