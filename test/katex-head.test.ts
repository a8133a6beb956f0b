// KaTeX's stylesheet carries its fonts inlined (~260 kB gzipped), so only pages with math
// load it (PAGES_WITHOUT_MATH in observablehq.config.ts). Both directions are
// checked on the built pages, so the list cannot go stale.
import {beforeAll, describe, expect, it} from "vitest";
import {ensureBuilt} from "./support/build.js";
import {builtPage, sitePaths} from "./support/browser.js";

let dist: string;
beforeAll(() => void (dist = ensureBuilt()), 1_800_000);

const KATEX_LINK = /<link rel="stylesheet" href="[^"]*katex\.[0-9a-f]+\.css">/;

describe("KaTeX's stylesheet", () => {
  it.each(sitePaths())("is linked from %s if and only if the page has math", (path) => {
    const html = builtPage(dist, path);
    const hasMath = /class="katex/.test(html);
    expect(KATEX_LINK.test(html), hasMath ? "a page with math lacks the stylesheet (remove it from PAGES_WITHOUT_MATH)" : "a page without math loads the stylesheet (add it to PAGES_WITHOUT_MATH)").toBe(hasMath);
  });

  it("is left out of at least one page (the check above can fail)", () => {
    expect(sitePaths().some((path) => !KATEX_LINK.test(builtPage(dist, path)))).toBe(true);
  });
});
