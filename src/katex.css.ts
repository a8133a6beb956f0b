// KaTeX's stylesheet with its woff2 fonts inlined as data: URIs, because esbuild
// cannot bundle the font files and the site must not fetch them from a CDN.
import {inlinedKatexCss} from "../data-loaders/katex-css.js";

process.stdout.write(inlinedKatexCss());
