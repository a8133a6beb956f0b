// Shareable URL state and embed mode in Chromium (that each input is written to the URL and
// the URL restores the view is tested with the inputs, in inputs.test.ts). On every page: a
// clean address by default, a "Copy link to this view" button where there are inputs, and
// ?embed=1 leaving only the content. On the
// Variance page: hostile and out-of-range links are clamped or replaced, with a notice,
// and nothing from them is ever run or inserted as markup.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openSite, sitePaths, builtPage, watchedPage, load, settle, listInputs, CHARTS, type Site} from "../support/browser.js";
import {parseQuery} from "../../src/components/url-state.js";
import {VARIANCE_URL} from "../../src/components/url-schemas.js";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe.each(sitePaths())("page %s", (path) => {
  it("opens without a query and leaves the address clean; a page with inputs has a Copy link button", async () => {
    builtPage(site.dist, path);
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url(path));
      expect(new URL(tab.page.url()).search).toBe("");
      const inputs = await listInputs(tab.page);
      expect(await tab.page.getByRole("button", {name: "Copy link to this view"}).count()).toBe(inputs.length > 0 ? 1 : 0);
    } finally {
      await tab.close();
    }
  });

  it("hides the sidebar, header, table of contents and footer with ?embed=1, before the first paint", async () => {
    builtPage(site.dist, path);
    const tab = await watchedPage(site);
    try {
      const shown = () => tab.page.evaluate(() => ({
        embedClass: document.documentElement.classList.contains("embed"),
        chrome: ["#observablehq-sidebar", "#observablehq-sidebar-toggle", "#observablehq-header", "#observablehq-toc", "#observablehq-footer"]
          .filter((s) => {
            const el = document.querySelector(s);
            return el !== null && getComputedStyle(el).display !== "none";
          }),
        main: (document.querySelector("#observablehq-main") as HTMLElement | null)?.offsetHeight ?? 0,
      }));
      await load(tab, site.url(path));
      const normal = await shown();
      expect(normal.embedClass).toBe(false);
      expect(normal.chrome).toContain("#observablehq-footer");
      // The class must be there when the body is first parsed, not added later.
      await tab.page.goto(site.url(path, "?embed=1"), {waitUntil: "commit"});
      await tab.page.waitForSelector("#observablehq-main", {state: "attached"});
      expect(await tab.page.evaluate(() => document.documentElement.classList.contains("embed"))).toBe(true);
      await settle(tab.page);
      const embedded = await shown();
      expect(embedded.chrome).toEqual([]);
      expect(embedded.main).toBeGreaterThan(0);
      expect(tab.pageErrors.concat(tab.consoleErrors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});

describe("the Variance page's link state", () => {
  it("restores a given view from its URL", async () => {
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url("/variance", "?n=500&gradient=-1.5&noise=0.25&trials=300&seed=3&batch=2,8,32&mode=with+replacement&generator=default&theory=false&snapshot=true"));
      const state = await tab.page.evaluate(() => {
        const byLabel = (text: string) => Array.from(document.querySelectorAll("#observablehq-main form")).find((f) => f.querySelector(":scope > label")?.textContent?.trim() === text);
        const value = (text: string) => (byLabel(text)?.querySelector("input, select") as HTMLInputElement | null)?.value;
        const checked = (text: string) => (byLabel(text)?.querySelector("input:checked") as HTMLInputElement | null)?.parentElement?.textContent?.trim() ?? null;
        return {n: value("Population size N"), gradient: value("True gradient"), noise: value("Noise σ"), trials: value("Batches T per size"), seed: value("Seed"),
          batch: value("Batch sizes m"), mode: checked("Sampling"), theory: (byLabel("Show theory")?.querySelector("input") as HTMLInputElement).checked};
      });
      expect(state).toEqual({n: "500", gradient: "-1.5", noise: "0.25", trials: "300", seed: "3", batch: "2,8,32", mode: "with replacement", theory: false});
      expect(await tab.page.locator(".url-state-notice").count()).toBe(0);
      expect(await tab.page.locator("#observablehq-main table tbody tr").count()).toBe(3);
    } finally {
      await tab.close();
    }
  });

  it("keeps ?embed=1 when an input writes the URL, and drops the defaults", async () => {
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url("/variance", "?embed=1"));
      expect(new URL(tab.page.url()).search).toBe("?embed=1");
      const seed = tab.page.getByLabel("Seed", {exact: true});
      await seed.fill("5");
      await settle(tab.page);
      const params = new URL(tab.page.url()).searchParams;
      expect(params.get("embed")).toBe("1");
      expect(params.get("seed")).toBe("5");
      await seed.fill("0");
      await settle(tab.page);
      expect(new URL(tab.page.url()).search).toBe("?embed=1");
    } finally {
      await tab.close();
    }
  });

  it("copies the link to the current view", async () => {
    const tab = await watchedPage(site);
    try {
      await tab.context.grantPermissions(["clipboard-read", "clipboard-write"], {origin: site.origin});
      await load(tab, site.url("/variance", "?seed=7&n=200&theory=false"));
      await tab.page.getByRole("button", {name: "Copy link to this view"}).click();
      await expectText(tab.page, ".url-state-status", "Link copied.");
      const copied = await tab.page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(tab.page.url());
      expect(new URL(copied).searchParams.get("seed")).toBe("7");
    } finally {
      await tab.close();
    }
  });

  it("falls back to a selected text field when the clipboard is refused", async () => {
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url("/variance", "?seed=9"));
      await tab.page.evaluate(() => Object.defineProperty(navigator, "clipboard", {value: {writeText: () => Promise.reject(new Error("denied"))}}));
      await tab.page.getByRole("button", {name: "Copy link to this view"}).click();
      const field = tab.page.getByLabel("Link to this view");
      expect(await field.inputValue()).toBe(tab.page.url());
    } finally {
      await tab.close();
    }
  });

  const PWN = "window.__pwned=1";
  const HOSTILE: [string, string, string[]][] = [
    ["an <img onerror> in the seed", `seed=${encodeURIComponent(`<img src=x onerror=${PWN}>`)}`, ["seed"]],
    ["an overflowing N", "n=1e309", ["n"]],
    ["a <script> as batch sizes", `batch=${encodeURIComponent(`<script>${PWN}</script>`)}`, ["batch"]],
    ["NaN, negative and huge numbers", "n=NaN&noise=-3&trials=1e9&seed=-1", ["n", "noise", "trials", "seed"]],
    ["a 10 000-character batch list", `batch=${"1,".repeat(4999)}1`, ["batch"]],
    ["markup in options and toggles", `mode=${encodeURIComponent(`"><svg onload=${PWN}>`)}&generator=__proto__&theory=${encodeURIComponent("<b>x</b>")}`, ["mode", "generator", "theory"]],
    ["batch sizes above N without replacement", "n=10&batch=1,4,16,64,256", ["batch"]],
    ["a javascript: URL as a number", `gradient=${encodeURIComponent(`javascript:${PWN}`)}`, ["gradient"]],
    ["a 10 000-character seed, embedded", `embed=1&seed=${"9".repeat(10_000)}`, ["seed"]],
  ];

  it.each(HOSTILE)("survives %s: clamped or default values, a notice, nothing injected", async (_, query, names) => {
    const tab = await watchedPage(site);
    try {
      const requestsBefore = site.server.requests.length;
      await load(tab, site.url("/variance", `?${query}`));
      const report = await tab.page.evaluate((selector) => ({
        pwned: (window as unknown as {__pwned?: number}).__pwned ?? null,
        injected: Array.from(document.querySelectorAll(["img", "script", "iframe", "object", "embed", "b"].map((tag) => `#observablehq-main ${tag}`).join(", ")))
          .map((el) => el.outerHTML.slice(0, 80)),
        handlers: Array.from(document.querySelectorAll("#observablehq-main *")).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith("on"))).map((el) => el.outerHTML.slice(0, 80)),
        notice: document.querySelector(".url-state-notice")?.textContent ?? "",
        noticeVisible: (document.querySelector(".url-state-notice") as HTMLElement | null)?.offsetHeight ?? 0,
        charts: document.querySelectorAll(selector).length,
      }), CHARTS);
      expect(report.pwned).toBeNull();
      expect(report.injected).toEqual([]);
      expect(report.handlers).toEqual([]);
      expect(report.noticeVisible).toBeGreaterThan(0);
      for (const name of names) expect(report.notice).toContain(`${name} = `);
      expect(report.charts).toBeGreaterThan(0);
      expect(tab.pageErrors.concat(tab.consoleErrors)).toEqual([]);
      expect(tab.foreignRequests).toEqual([]);
      expect(site.server.requests.slice(requestsBefore).filter((p) => p.endsWith("/x"))).toEqual([]);
      // The address now holds what the page uses, which parses without notices.
      expect(parseQuery(VARIANCE_URL, new URL(tab.page.url()).search).notices).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});

async function expectText(page: import("playwright-core").Page, selector: string, text: string) {
  await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent === t, [selector, text] as const, {timeout: 5000});
}
