// Bundles the npm code the library imports into one module per package, in src/lib/vendor/.
// Why: Framework serves every npm package as its own module, and
// @stdlib/stats-base-dists-chisquare-quantile alone pulls in 116 more (its @stdlib
// dependencies, debug and ms). Every page loaded all 117 for one function. One file of
// the same code is one request, one parse and one evaluation, and the numbers stay
// bit-identical. test/vendor.test.ts checks that the committed files are this script's output.
// Run: npm run vendor
import {writeFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {vendorBundles} from "./vendor-bundles.js";

for (const bundle of await vendorBundles()) {
  writeFileSync(fileURLToPath(new URL(`../src/lib/vendor/${bundle.file}`, import.meta.url)), bundle.text);
  console.log(`src/lib/vendor/${bundle.file}: ${bundle.text.length} bytes`);
}
