// Observable Framework configuration. Everything the site needs is bundled from
// node_modules at build time: no CDN, no web fonts, no off-site links.
import {fileURLToPath} from "node:url";
import MarkdownItKatex from "@vscode/markdown-it-katex";
import {snapshotPaths} from "./data-loaders/snapshots/registry.js";
import {EMBED_HEAD} from "./src/components/embed.js";
import {INTL_WARMUP_HEAD} from "./src/components/intl-warmup.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const katex = (MarkdownItKatex as any).default ?? MarkdownItKatex;
type Rule = {name: string; fn: unknown};

/** Pages without KaTeX math; test/katex-head.test.ts fails when one gains math or another has none. */
const PAGES_WITHOUT_MATH = new Set(["/variance", "/data/"]);
/** "/variance.md" or "/variance" → "/variance"; "/data/index" → "/data/". */
const pagePath = (path: string) => path.replace(/\.md$/, "").replace(/\/index$/, "/");

export default {
  title: "Stochastic gradients",
  root: "src",
  // The sidebar lists the pages in reading order.
  pages: [
    {name: "Expectation: unbiased on average", path: "/expectation"},
    {name: "Variance and batch size", path: "/variance"},
    {name: "A real loss on real data", path: "/real-loss"},
    {name: "Noise as a feature: escaping", path: "/escape"},
    {name: "Data snapshots and citing", path: "/data/"},
  ],
  // INTL_WARMUP_HEAD: ICU's number data loaded in a worker, before Plot needs it.
  // EMBED_HEAD: <html lang>, ?embed=1, accessibility repairs and the site stylesheet.
  // KaTeX's stylesheet (its fonts inlined: ~260 kB gzipped) only on pages with math.
  head: ({path}: {path: string}) =>
    `${INTL_WARMUP_HEAD}<link rel="icon" href="data:,">${PAGES_WITHOUT_MATH.has(pagePath(path)) ? "" : '<link rel="stylesheet" href="/katex.css">'}${EMBED_HEAD}`,
  footer: "Stochastic gradients — an open explainer of mini-batch gradient noise. Built offline with Observable Framework; all data are reproducible snapshots.",
  globalStylesheets: ["observablehq:stdlib/inputs.css"],
  search: false,
  toc: true,
  pager: true,
  // TypeScript loaders run as one bundle each in plain node (see data-loaders/run-ts.mjs).
  interpreters: {".ts": ["node", fileURLToPath(new URL("./data-loaders/run-ts.mjs", import.meta.url))]},
  // Stable, unhashed addresses for the citable snapshots.
  dynamicPaths: snapshotPaths(),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  markdownIt: (md: any) => {
    // KaTeX's "$" rule would otherwise run before Framework's ${…} rule and swallow it.
    const placeholder = (md.inline.ruler.__rules__ as Rule[]).find((r) => r.name === "placeholder")!.fn;
    md.inline.ruler.before("escape", "framework_placeholder", placeholder);
    return md.use(katex);
  },
};
