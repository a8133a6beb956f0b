// Helpers for the browser tests: find and launch Debian's Chromium with playwright-core,
// serve the built site under /stochastic-gradients/ as GitHub Pages does, list the pages
// from the config, and watch a tab for console errors, page errors and off-site requests.
import {existsSync, mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {execFileSync} from "node:child_process";
import {chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page} from "playwright-core";
import config from "../../observablehq.config.js";
import {ensureBuilt} from "./build.js";
import {serveDist, type StaticServer} from "./static-server.js";

const ROOT = join(import.meta.dirname, "..", "..");
export const RESULTS = join(ROOT, "test-results");

/** Flags for a quiet, offline, headless Chromium. */
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export const NO_CHROMIUM_MESSAGE =
  "No Chromium found for the browser tests. Install Debian's with `apt-get install -y chromium fonts-dejavu-core` " +
  "(which provides /usr/bin/chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable.";

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's. Throws (never skips) when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist. ${NO_CHROMIUM_MESSAGE}`);
    return env.CHROMIUM_PATH;
  }
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(path)) return path;
  try {
    const found = execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {encoding: "utf8"}).trim();
    if (found) return found;
  } catch {
    // not on PATH either
  }
  throw new Error(NO_CHROMIUM_MESSAGE);
}

/** Playwright gives every launch a fresh temporary user-data-dir, deleted on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: findChromium(), args: CHROMIUM_FLAGS});
}

interface PageEntry { name?: string; path?: string; pages?: PageEntry[] }

/** "/" and every page path of the config, sections flattened: new pages are tested automatically. */
export function sitePaths(): string[] {
  const flatten = (entries: readonly PageEntry[]): string[] =>
    entries.flatMap((entry) => (entry.pages ? flatten(entry.pages) : entry.path ? [entry.path] : []));
  return ["/", ...flatten((config as {pages: PageEntry[]}).pages)];
}

/** "variance" for "/variance", "index" for "/". */
export const pageSlug = (path: string) => (path === "/" ? "index" : path.replace(/^\/|\/$/g, "").replace(/\//g, "-"));

/** The built HTML of a page, or a failure naming the missing file. */
export function builtPage(dist: string, path: string): string {
  // "/x" is x.html and "/x/" is x/index.html, as Framework builds them.
  const source = path.endsWith("/") ? `${path}index` : path;
  const file = join(dist, `${source.replace(/^\//, "")}.html`);
  if (!existsSync(file)) throw new Error(`page ${path} is in the config but ${file} was not built (is src${source}.md missing?)`);
  return readFileSync(file, "utf8");
}

export interface Site {
  dist: string;
  server: StaticServer;
  browser: Browser;
  /** http://127.0.0.1:PORT/stochastic-gradients/ */
  base: string;
  origin: string;
  url(path: string, query?: string): string;
  close(): Promise<void>;
}

/** Builds (once per run), serves dist/ and launches Chromium. Call in beforeAll. */
export async function openSite(): Promise<Site> {
  const dist = ensureBuilt();
  const browser = await launchChromium();
  const server = await serveDist(dist);
  const base = server.url;
  const origin = new URL(base).origin;
  return {
    dist, server, browser, base, origin,
    url: (path, query = "") => base + (path === "/" ? "" : path.replace(/^\//, "")) + query,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to any origin but the local server (all are aborted). */
  foreignRequests: string[];
  close(): Promise<void>;
}

/** A new tab in its own context that records errors and blocks every off-site request. */
export async function watchedPage(site: Site, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await site.browser.newContext({viewport: {width: 1200, height: 900}, ...options});
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  // Context-wide, so requests from workers are seen too. data: and blob: URLs are local.
  await context.route(() => true, (route) => {
    const url = route.request().url();
    if (new URL(url).origin === site.origin) return route.continue();
    foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  // tsx (esbuild keepNames) wraps named functions in __name(); functions passed to
  // page.evaluate carry that call into the page, so give the page a no-op __name.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
  return {page, context, consoleErrors, pageErrors, foreignRequests, close: () => context.close()};
}

/**
 * Waits until the page has finished its reactive work: no pending Framework cells
 * (<observablehq-loading>), no <progress> or aria-busy="true" element in the main column
 * (how a page says a worker is still computing), and no DOM mutation for `quiet` ms.
 */
export async function settle(page: Page, {quiet = 300, timeout = 60_000} = {}): Promise<void> {
  await page.waitForLoadState("load");
  const state = await page.evaluate(
    ({quiet, timeout}) =>
      new Promise<string>((resolve) => {
        const busy = () => document.querySelector("observablehq-loading, #observablehq-main progress, #observablehq-main [aria-busy=true]") !== null;
        const deadline = performance.now() + timeout;
        let last = performance.now();
        const observer = new MutationObserver(() => (last = performance.now()));
        observer.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
        const check = () => {
          const now = performance.now();
          if (now - last >= quiet && !busy()) return observer.disconnect(), resolve("settled");
          if (now > deadline) return observer.disconnect(), resolve(busy() ? "still loading" : "still changing");
          setTimeout(check, 50);
        };
        check();
      }),
    {quiet, timeout}
  );
  if (state !== "settled") throw new Error(`${page.url()} did not settle within ${timeout} ms: ${state}`);
}

/** Opens a page and waits for it to settle. */
export async function load(watched: Watched, url: string): Promise<void> {
  await watched.page.goto(url, {waitUntil: "load"});
  await settle(watched.page);
}

/** The charts of the main column: top-level SVGs, not KaTeX's glyphs (legend swatches are small). */
export const CHARTS = "#observablehq-main svg:not(svg svg):not(.katex svg)";

export function resultsPath(name: string): string {
  mkdirSync(RESULTS, {recursive: true});
  return join(RESULTS, name);
}

/**
 * What the reader sees of the page's results: each chart's SVG (minus ids that differ
 * from run to run) and the text of the main column, with timings ("took 30 ms") blanked.
 * Inputs' current values are not part of it, so a change here means the page reacted.
 */
export function contentSignature(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector("#observablehq-main")!;
    const svgs = Array.from(main.querySelectorAll("svg")).map((svg) => svg.outerHTML.replace(/\s(id|href|clip-path|mask|filter)="[^"]*"/g, ""));
    const text = (main as HTMLElement).innerText.replace(/\d+(\.\d+)?\s?ms\b/g, "… ms");
    return JSON.stringify({svgs, text});
  });
}

export interface InputInfo {
  /** data-test-index set on the element (for radios, on every radio of the group). */
  index: number;
  kind: "number" | "range" | "text" | "textarea" | "checkbox" | "radio" | "select" | string;
  /** The label a reader sees, for test names and messages. */
  label: string;
  /** Why the page exempts it from the "changes the chart" check (data-test-skip="reason"), if it does. */
  skip: string | null;
}

/**
 * Tags and lists the reader's inputs in the main column: every input, select and textarea,
 * one entry per radio group, leaving out hidden, disabled and read-only ones, the URL-state
 * controls, and the row checkboxes of Inputs.table.
 */
export function listInputs(page: Page): Promise<InputInfo[]> {
  return page.evaluate(() => {
    const main = document.querySelector("#observablehq-main")!;
    const infos: {index: number; kind: string; label: string; skip: string | null}[] = [];
    const groups = new Map<string, number>();
    const elements = Array.from(main.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"));
    const labelOf = (el: Element): string => {
      const form = el.closest("form");
      const own = (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? el.getAttribute("aria-label") ?? "";
      const group = form?.querySelector(":scope > label")?.textContent?.trim() ?? "";
      return group && group !== own ? `${group}${own ? ` (${own})` : ""}` : own || group || el.outerHTML.slice(0, 60);
    };
    for (const el of elements) {
      const type = el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase();
      if (["hidden", "button", "submit", "reset", "image"].includes(type)) continue;
      if (el.disabled || (el as HTMLInputElement).readOnly) continue;
      if (el.closest(".url-state, form[class$='-table']")) continue;
      const skip = el.closest("[data-test-skip]")?.getAttribute("data-test-skip") ?? null;
      if (type === "radio") {
        const key = `${el.closest("form") ? Array.from(main.querySelectorAll("form")).indexOf(el.closest("form")!) : "-"}:${el.name}`;
        if (groups.has(key)) {
          el.dataset.testIndex = String(groups.get(key));
          continue;
        }
        groups.set(key, infos.length);
        el.dataset.testIndex = String(infos.length);
        infos.push({index: infos.length, kind: "radio", label: el.closest("form")?.querySelector(":scope > label")?.textContent?.trim() ?? el.name, skip});
        continue;
      }
      el.dataset.testIndex = String(infos.length);
      infos.push({index: infos.length, kind: type === "select-one" || type === "select-multiple" ? "select" : type, label: labelOf(el) + (type === "range" ? " (slider)" : ""), skip});
    }
    return infos;
  });
}

/** Changes one listed input to another valid value the way a reader would; returns what it did. */
export async function changeInput(page: Page, info: InputInfo): Promise<string> {
  const target = page.locator(`[data-test-index="${info.index}"]`);
  switch (info.kind) {
    case "checkbox":
      await target.first().click();
      return "toggled";
    case "radio": {
      const radios = await target.all();
      for (const radio of radios) {
        if (!(await radio.isChecked())) {
          await radio.click();
          return `chose ${await radio.evaluate((el) => el.closest("label")?.textContent?.trim() ?? (el as HTMLInputElement).value)}`;
        }
      }
      throw new Error(`radio group ${info.label} has only one option`);
    }
    case "select": {
      const next = await target.evaluate((el: HTMLSelectElement) => (el.selectedIndex + 1) % el.options.length);
      await target.selectOption({index: next});
      return `selected option ${next}`;
    }
    case "number":
    case "range": {
      const value = await target.evaluate((el: HTMLInputElement) => {
        const step = el.step === "any" || el.step === "" ? (el.type === "range" ? (Number(el.max) - Number(el.min)) / 100 : 1) : Number(el.step);
        const current = el.valueAsNumber;
        const up = current + step;
        const next = el.max !== "" && up > Number(el.max) ? current - step : up;
        return String(Number(next.toPrecision(12)));
      });
      if (info.kind === "number") await target.fill(value);
      else await target.evaluate((el: HTMLInputElement, v) => {
        el.value = v;
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true}));
      }, value);
      return `set to ${value}`;
    }
    case "text":
    case "search":
    case "textarea": {
      const current = await target.inputValue();
      // A list loses its last entry; other text gets a character more.
      const value = current.includes(",") ? current.split(",").slice(0, -1).join(",") : current === "" ? "1" : current.slice(0, -1) || current + "1";
      await target.fill(value);
      return `typed ${JSON.stringify(value)}`;
    }
    default:
      throw new Error(`do not know how to change an input of type ${info.kind} (${info.label}); teach changeInput in test/support/browser.ts`);
  }
}

/**
 * The current value of every listed input, for comparing two views. A slider that mirrors a
 * number box in the same form is left out: the box holds the value, and the thumb of a
 * transformed (e.g. logarithmic) slider may sit anywhere within a rounding of it.
 */
export function inputValues(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>("#observablehq-main [data-test-index]"))
      .filter((el) => !(el.type === "range" && el.form?.querySelector("input[type=number]")))
      .map((el) => `${el.dataset.testIndex}:${el.type}:${el.type === "checkbox" || el.type === "radio" ? el.checked : el.value}`));
}
