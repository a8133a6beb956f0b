// Every page of the site (the config's pages and the home page, so a new page is covered
// as soon as it is listed) in a real Chromium, served under /stochastic-gradients/ as on
// GitHub Pages: no console or page errors, no request to any other origin, every chart
// drawn with marks, and a full-page screenshot in test-results/.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openSite, sitePaths, pageSlug, builtPage, watchedPage, load, resultsPath, CHARTS, type Site} from "../support/browser.js";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe.each(sitePaths())("page %s", (path) => {
  it("was built", () => {
    expect(builtPage(site.dist, path)).toContain("<main");
  });

  it("loads without errors or off-site requests, draws every chart, and is screenshotted", async () => {
    builtPage(site.dist, path); // a page in the config that was not built fails here, it is not skipped
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url(path));
      await tab.page.screenshot({path: resultsPath(`${pageSlug(path)}.png`), fullPage: true});
      expect(tab.pageErrors, "page errors").toEqual([]);
      expect(tab.consoleErrors, "console errors").toEqual([]);
      expect(tab.foreignRequests, "requests to other origins").toEqual([]);
      expect(await tab.page.evaluate(() => document.documentElement.lang)).toBe("en");

      const charts = await tab.page.evaluate((selector) => Array.from(document.querySelectorAll<SVGSVGElement>(selector))
        .filter((svg) => svg.getBoundingClientRect().width >= 100)
        .map((svg) => {
          // Plot labels each mark's <g>; axes, grids and tips are not data marks.
          const groups = Array.from(svg.querySelectorAll(":scope > g[aria-label]"))
            .filter((g) => !/axis|grid|tip/.test(g.getAttribute("aria-label") ?? ""));
          return {
            name: svg.getAttribute("aria-label") ?? "(unnamed)",
            marks: svg.querySelectorAll("path, circle, rect, line, polygon, polyline, image").length,
            emptyMarks: groups.filter((g) => g.childElementCount === 0).map((g) => g.getAttribute("aria-label")),
            dataMarks: groups.reduce((n, g) => n + g.childElementCount, 0),
          };
        }), CHARTS);
      const figures = await tab.page.evaluate((selector) => Array.from(document.querySelectorAll("#observablehq-main figure:not(figure figure)"))
        .filter((figure) => !figure.querySelector("img, table, pre"))
        .map((figure) => ({caption: figure.querySelector("figcaption")?.textContent?.trim().slice(0, 60) ?? "", charts: figure.querySelectorAll(selector.replace("#observablehq-main ", "")).length})), CHARTS);
      for (const figure of figures) expect(figure.charts, `figure "${figure.caption}" has no chart`).toBeGreaterThan(0);
      // A cell that displays a <p> from a Markdown paragraph's ${…} nests it in Framework's <p>:
      // invalid, and its margins then collapse through the outer one.
      const blocksInParagraphs = await tab.page.evaluate(() => Array.from(document.querySelectorAll("#observablehq-main p :is(p, div, ul, ol, table, figure)"), (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}`));
      expect(blocksInParagraphs, "block elements inside a <p>").toEqual([]);
      for (const chart of charts) {
        expect(chart.dataMarks, `chart "${chart.name}" has no data marks`).toBeGreaterThan(0);
        expect(chart.emptyMarks, `chart "${chart.name}" has marks that drew nothing`).toEqual([]);
      }
    } finally {
      await tab.close();
    }
  });
});
