// Where the site is published and who to credit: the one place citations read them
// from. Set "homepage" in package.json to the site's public URL (with a trailing slash),
// e.g. https://your-name.github.io/stochastic-gradients/, then run
// `npm run snapshots:lock` to refresh CITATION.cff.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {ROOT} from "./store.js";

interface PackageJson { name: string; version: string; description?: string; homepage?: string; author?: string | {name?: string}; license?: string; repository?: string | {url?: string} }

export const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;

/** Used until package.json has a "homepage": an obvious placeholder that the Data page flags. */
export const PLACEHOLDER_SITE_URL = "https://OWNER.github.io/stochastic-gradients/";

/** The public URL of the site, ending in "/". */
export const SITE_URL = ((url) => (url.endsWith("/") ? url : `${url}/`))(PACKAGE.homepage ?? PLACEHOLDER_SITE_URL);

/** The author of the data for citations: package.json "author", else the project's contributors. */
export const AUTHOR = (typeof PACKAGE.author === "string" ? PACKAGE.author : PACKAGE.author?.name)?.replace(/\s*[<(].*$/, "") || `${PACKAGE.name} contributors`;

/** The absolute, stable URL of a published file, e.g. data/variance-v1.csv. */
export const siteUrl = (path: string) => SITE_URL + path;
