// Framework's runtime runs every cell whose inputs are ready in one task (promises settle
// as microtasks), so a page that draws several charts at once holds the main thread for
// their sum. A cell that awaits nextTask() first gets a task of its own, and the browser
// can paint and handle input between charts.

/** Resolves in a later task (a macrotask, not a microtask). */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
