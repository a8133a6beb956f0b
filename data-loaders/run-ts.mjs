// Framework's interpreter for the TypeScript data loaders (see observablehq.config.ts):
//   node data-loaders/run-ts.mjs <loader.ts> [args…]
// It runs the loader as one bundle (bundle.mjs) in plain node. Loading its ~40 modules
// one at a time through tsx's hooks took ~0.4 s in each of the build's ~20 loader runs.
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {bundleModule} from "./bundle.mjs";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node data-loaders/run-ts.mjs <loader.ts> [args…]\n");
  process.exit(2);
}
process.setSourceMapsEnabled(true); // stack traces name the sources
const bundle = await bundleModule(resolve(entry));
process.argv = [process.argv[0], resolve(entry), ...args]; // as if node ran the loader itself
await import(pathToFileURL(bundle).href);
