// Bundles npm code into one module per package, in src/lib/vendor/ and src/components/vendor/.
// Why: Framework serves every npm package as its own module, and a package's dependencies
// each as one more: @stdlib/stats-base-dists-chisquare-quantile pulled in 116 (its @stdlib
// dependencies, debug and ms), and @observablehq/plot the whole of d3. Every page loaded
// them all, for one function and a few chart marks. One file of the same code is one
// request, one parse and one evaluation, esbuild leaves out what the package never uses,
// and the results stay bit-identical. test/vendor.test.ts checks that the committed files
// are this script's output.
// Run: npm run vendor
import {writeFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {vendorBundles} from "./vendor-bundles.js";

for (const bundle of await vendorBundles()) {
  writeFileSync(fileURLToPath(new URL(`../${bundle.path}`, import.meta.url)), bundle.text);
  console.log(`${bundle.path}: ${bundle.text.length} bytes`);
}
