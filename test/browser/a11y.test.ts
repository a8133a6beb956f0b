// Accessibility of every page in Chromium: axe-core finds no serious or critical violation
// in the light or the dark theme; every chart has a name, a description and a data table a
// screen reader can reach; every input has a label and can be reached with Tab and operated
// with keys; the chart palette keeps a 3:1 contrast (WCAG 1.4.11) on both backgrounds.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {openSite, sitePaths, pageSlug, builtPage, watchedPage, load, settle, listInputs, resultsPath, CHARTS, type Site, type Watched} from "../support/browser.js";
import {PALETTE} from "../../src/components/palette.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SCHEMES = ["light", "dark"] as const;

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

interface AxeNode { target: string[]; failureSummary?: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

describe.each(sitePaths())("page %s", (path) => {
  // One tab per page for these checks; the keyboard test, which changes inputs, comes last.
  let tab: Watched;
  let failure: unknown = null;
  beforeAll(async () => {
    try {
      builtPage(site.dist, path);
      tab = await watchedPage(site, {colorScheme: "light"});
      await load(tab, site.url(path));
    } catch (error) {
      failure = error; // reported by each test below, so that a missing page fails them
    }
  });
  afterAll(async () => {
    await tab?.close();
  });
  const ready = () => {
    if (failure) throw failure;
    return tab;
  };

  it.each(SCHEMES)("has no serious or critical axe violations in the %s theme", async (scheme) => {
    const {page} = ready();
    await page.emulateMedia({colorScheme: scheme});
    await settle(page);
    if (scheme === "dark") await page.screenshot({path: resultsPath(`${pageSlug(path)}-dark.png`), fullPage: true});
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({content: AXE});
    const violations = await page.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const result = await (window as any).axe.run(document, {resultTypes: ["violations"]});
      return result.violations as AxeViolation[];
    });
    await page.emulateMedia({colorScheme: "light"});
    const severe = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} (${n.failureSummary?.split("\n")[1]?.trim() ?? ""})`).join("; ")}`);
    expect(severe).toEqual([]);
  });

  it("names and describes every chart and gives each a data table", async () => {
    const {page} = ready();
    {
      const problems = await page.evaluate((selector) => {
        const charts = Array.from(document.querySelectorAll<SVGSVGElement>(selector)).filter((svg) => svg.getBoundingClientRect().width >= 100);
        const tables = Array.from(document.querySelectorAll<HTMLTableElement>("#observablehq-main table"))
          .filter((t) => !t.closest("[aria-hidden=true]") && (t.getClientRects().length > 0 || t.closest("details") !== null));
        const after = (a: Node, b: Node) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        const out: string[] = [];
        charts.forEach((svg, i) => {
          const name = svg.getAttribute("aria-label")?.trim();
          const description = svg.getAttribute("aria-description")?.trim() || svg.querySelector(":scope > desc")?.textContent?.trim()
            || (svg.getAttribute("aria-describedby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim()).join("");
          const label = name ?? `chart ${i + 1}`;
          if (!name) out.push(`chart ${i + 1} has no aria-label`);
          if (!description) out.push(`${label}: no aria-description`);
          const next = charts[i + 1];
          const figure = svg.closest("figure:not(figure figure)") ?? svg.closest("figure");
          const hasTable = tables.some((t) => (figure && figure.contains(t)) || (after(svg, t) && (!next || after(t, next))));
          if (!hasTable) out.push(`${label}: no data table between it and the next chart`);
        });
        return out;
      }, CHARTS);
      expect(problems).toEqual([]);
    }
  });

  it("labels every input, reaches it with Tab and operates it with keys", async () => {
    const tab = ready();
    {
      const inputs = await listInputs(tab.page);
      const unlabelled = await tab.page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLInputElement>("#observablehq-main [data-test-index]")).filter((el) => {
          const byIds = (el.getAttribute("aria-labelledby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join("").trim();
          const byLabels = Array.from(el.labels ?? []).map((l) => l.textContent ?? "").join("").trim();
          return !(byIds || el.getAttribute("aria-label")?.trim() || byLabels);
        }).map((el) => el.outerHTML.slice(0, 120)));
      expect(unlabelled, "inputs without a label").toEqual([]);

      // Tab through the whole page once, noting every input that takes focus.
      const reached = new Set<string>();
      await tab.page.locator("body").focus();
      for (let i = 0; i < 300; ++i) {
        await tab.page.keyboard.press("Tab");
        const index = await tab.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.testIndex ?? (document.activeElement === document.body ? "body" : ""));
        if (index === "body" && i > 0) break;
        if (index) reached.add(index);
      }
      const unreachable = inputs.filter((input) => !reached.has(String(input.index))).map((input) => input.label);
      expect(unreachable, "inputs that Tab never reaches").toEqual([]);

      for (const listed of inputs) {
        // Cells may rebuild inputs when another changes: tag them afresh, by position.
        await settle(tab.page);
        const input = (await listInputs(tab.page))[listed.index];
        expect(input?.label, `input ${listed.index} (${listed.label}) disappeared after operating the others`).toBe(listed.label);
        const target = tab.page.locator(`[data-test-index="${input.index}"]`);
        // Focus it (for a radio group, its checked radio, where Tab lands).
        await tab.page.evaluate((i) => {
          const all = Array.from(document.querySelectorAll<HTMLInputElement>(`[data-test-index="${i}"]`));
          (all.find((el) => el.checked) ?? all[0]).focus();
        }, input.index);
        const read = () => tab.page.evaluate((i) => Array.from(document.querySelectorAll<HTMLInputElement>(`[data-test-index="${i}"]`))
          .map((el) => (el.type === "checkbox" || el.type === "radio" ? String(el.checked) : el.value)).join("|"), input.index);
        const before = await read();
        const atEnd = await target.first().evaluate((el) => el instanceof HTMLSelectElement ? el.selectedIndex === el.options.length - 1
          : el instanceof HTMLInputElement && el.max !== "" && el.valueAsNumber >= Number(el.max));
        const keys: Record<string, string[]> = {
          number: [atEnd ? "ArrowDown" : "ArrowUp"], range: [atEnd ? "ArrowLeft" : "ArrowRight"], checkbox: ["Space"], radio: ["ArrowRight"],
          select: [atEnd ? "ArrowUp" : "ArrowDown"], text: ["End", "Backspace"], search: ["End", "Backspace"], textarea: ["End", "Backspace"],
        };
        for (const key of keys[input.kind] ?? ["Space"]) await tab.page.keyboard.press(key);
        expect(await read(), `${input.label} (${input.kind}) did not change with ${keys[input.kind]?.join(" ")}`).not.toBe(before);
      }
    }
  }, 10 * 60_000);
});

/** WCAG relative luminance and contrast ratio of two colours given as #rrggbb or rgb(r, g, b). */
function rgb(color: string): number[] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  const parts = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(color);
  if (!parts) throw new Error(`cannot read colour ${color}`);
  return parts.slice(1, 4).map(Number);
}
const luminance = (color: string) => {
  const [r, g, b] = rgb(color).map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe("the chart palette", () => {
  it("computes contrast as WCAG does (so the check below can fail)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 6);
    expect(contrast("#e69f00", "#ffffff")).toBeLessThan(3); // Okabe–Ito orange on white
  });

  it.each(SCHEMES)("keeps every colour at 3:1 or more against the %s theme's background", async (scheme) => {
    const tab = await watchedPage(site, {colorScheme: scheme});
    try {
      await load(tab, site.url("/variance"));
      const background = await tab.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const low = Object.entries(PALETTE).map(([name, color]) => ({name, color, ratio: contrast(color, background)})).filter((c) => c.ratio < 3);
      expect(low, `against ${background}`).toEqual([]);
      // Distinct colours, so that no two series look alike.
      expect(new Set(Object.values(PALETTE).map((c) => c.toLowerCase())).size).toBe(Object.keys(PALETTE).length);
    } finally {
      await tab.close();
    }
  });
});
