// The Data page in Chromium: every snapshot listed with working download links, its
// anchor, schema and citation; and on every page, every chart caption names the
// snapshot it draws from (name = id + version, short hash) with a working link to its
// entry on the Data page.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {openSite, watchedPage, load, sitePaths, type Site, type Watched} from "./support/browser.js";
import type {Manifest} from "../data-loaders/snapshots/manifest.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let site: Site;
let manifest: Manifest;
beforeAll(async () => {
  site = await openSite();
  manifest = JSON.parse(readFileSync(join(site.dist, "data", "manifest.json"), "utf8"));
}, 1_800_000);
afterAll(() => site?.close());

describe("Data page", () => {
  let tab: Watched;
  beforeAll(async () => {
    tab = await watchedPage(site);
    await load(tab, site.url("/data/"));
  }, 120_000);
  afterAll(() => tab?.close());

  it("renders without errors", () => {
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    expect(tab.foreignRequests).toEqual([]);
  });

  it("lists every snapshot of the manifest with version, rows, size and short hash", async () => {
    const rows = await tab.page.$$eval("table.catalog tbody tr", (trs) => trs.map((tr) => Array.from(tr.children).map((td) => (td as HTMLElement).innerText.trim())));
    expect(rows.map((r) => r[0])).toEqual(manifest.snapshots.map((s) => s.name));
    for (const [i, entry] of manifest.snapshots.entries()) {
      expect(rows[i][2]).toBe(entry.version);
      expect(rows[i][4]).toBe(entry.rows.toLocaleString("en-US"));
      expect(rows[i][6]).toBe(entry.files[0].sha256.slice(0, 8));
    }
  });

  it("links to the stable CSV and JSON URLs, which serve exactly the bytes of the manifest's SHA-256", async () => {
    const links = await tab.page.$$eval("table.catalog a[rel=external]", (as) => as.map((a) => ({href: (a as HTMLAnchorElement).href, raw: a.getAttribute("href")!})));
    expect(links).toHaveLength(manifest.snapshots.length * 2);
    for (const entry of manifest.snapshots)
      for (const file of entry.files) {
        const link = links.find((l) => l.raw === `./${entry.name}.${file.format}`);
        expect(link, `${entry.name}.${file.format}`).toBeDefined();
        expect(link!.href).toBe(site.base + file.path); // unhashed, stable
        const response = await fetch(link!.href);
        expect(response.status).toBe(200);
        expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(file.sha256);
      }
  });

  it("has a section per snapshot (id = its name) with schema, files, full SHA-256 and a citation box", async () => {
    for (const entry of manifest.snapshots) {
      const section = tab.page.locator(`section[id="${entry.name}"]`);
      await expect(section.count()).resolves.toBe(1);
      const schema = await section.locator("table.schema tbody tr td:first-child").allTextContents(); // inside a closed <details>
      expect(schema).toEqual(entry.columns.map((c) => c.name));
      const text = await section.innerText();
      for (const file of entry.files) expect(text).toContain(file.sha256);
      const citation = await section.locator(".cite-text").innerText();
      expect(citation).toContain(`(${entry.name}), version ${entry.version}`);
      expect(citation).toContain(`${manifest.site}data/${entry.name}.csv`);
      expect(citation).toContain(`SHA-256: ${entry.files[0].sha256}`);
      const bibtex = await section.locator("pre.bibtex").innerText();
      expect(bibtex).toMatch(new RegExp(`^@misc\\{${manifest.package.name}-${entry.name},`));
      expect(bibtex).toContain(`version      = {${entry.version}}`);
      expect(bibtex).toContain(entry.files[0].sha256);
      if (entry.released) expect(bibtex).toContain(`year         = {${entry.released.slice(0, 4)}}`);
    }
  });

  it("opens at a snapshot's entry when linked as ./data/#<name>", async () => {
    const name = manifest.snapshots.at(-1)!.name;
    const other = await watchedPage(site);
    try {
      await load(other, site.url("/data/", `#${name}`));
      const top = await other.page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, name);
      expect(top).toBeGreaterThanOrEqual(-1);
      expect(top).toBeLessThan(300);
    } finally {
      await other.close();
    }
  });
});

// A chart computed in the reader's browser has no snapshot; its caption must say so
// ("computed live" or "computed in your browser"). Every other caption must cite one.
const LIVE = /computed live|computed in (your|the) browser/i;

describe("every chart caption names its snapshot (or says it is computed live) and links to its entry", () => {
  const pages = sitePaths();

  it.each(pages)("%s", async (path) => {
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url(path));
      const captions = await tab.page.$$eval("#observablehq-main figcaption", (els) =>
        els.map((el) => ({text: (el as HTMLElement).innerText.replace(/\s+/g, " ").trim(), links: Array.from(el.querySelectorAll("a")).map((a) => ({href: a.href, raw: a.getAttribute("href") ?? "", text: a.innerText}))}))
      );
      const problems: string[] = [];
      for (const caption of captions) {
        const snapshotLinks = caption.links.filter((l) => /data\/?#/.test(l.raw));
        const ok = snapshotLinks.some((link) => {
          const name = decodeURIComponent(link.href.split("#")[1] ?? "");
          const entry = manifest.snapshots.find((s) => s.name === name);
          return entry !== undefined && link.href === `${site.base}data/#${name}` && caption.text.includes(name) && caption.text.includes(entry.files[0].sha256.slice(0, 8));
        });
        if (!ok && !(snapshotLinks.length === 0 && LIVE.test(caption.text)))
          problems.push(`caption "${caption.text.slice(0, 90)}…" must link ./data/#<name> and show the snapshot's name and short hash, or say it is computed live (links: ${snapshotLinks.map((l) => l.raw).join(", ") || "none"})`);
      }
      // Any link to a snapshot entry, caption or not, must point at an existing entry through a URL that serves the Data page.
      const entryLinks = await tab.page.$$eval("#observablehq-main a[href*='data#'], #observablehq-main a[href*='data/#']", (as) => as.map((a) => ({href: (a as HTMLAnchorElement).href, raw: a.getAttribute("href")!})));
      for (const link of entryLinks) {
        const [page, name] = link.href.split("#");
        if (!manifest.snapshots.some((s) => s.name === name) && !manifest.withdrawn.some((w) => w.name === name)) problems.push(`link ${link.raw} names no snapshot`);
        if ((await fetch(page)).status !== 200) problems.push(`link ${link.raw} does not serve the Data page (${page}); write ./data/#<name>`);
      }
      expect(problems).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 120_000);
});
