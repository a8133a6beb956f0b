/** The path of an ES module bundle of `entry` (a file path) and its local imports; see bundle.mjs. */
export function bundleModule(entry: string): Promise<string>;
