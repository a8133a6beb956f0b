import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

/** katex.min.css with each font reduced to its woff2 file, inlined. */
export function inlinedKatexCss(): string {
  const dist = dirname(createRequire(import.meta.url).resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  return css.replace(/src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)[^;}]*/g, (_, file: string) => {
    const base64 = readFileSync(join(dist, file)).toString("base64");
    return `src:url(data:font/woff2;base64,${base64}) format("woff2")`;
  });
}
