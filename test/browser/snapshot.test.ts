// Live numbers equal the snapshot's, in the browser: the Variance page's own check
// (#snapshot-check) at a few grid points opened by URL, and a direct comparison that
// imports the page's lib module in Chromium and compares its results with rows of the
// published /data/variance-excerpt-v1.json — exact equality of the doubles, no tolerance.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openSite, watchedPage, load, type Site} from "../support/browser.js";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("live versus snapshot on the Variance page", () => {
  it.each([
    ["the reference experiment", "", "1, 4, 16, 64, 256"],
    ["seed 4, N = 100, σ = 0.25", "?seed=4&n=100&noise=0.25&batch=1,2,8,64", "1, 2, 8, 64"],
    ["seed 9, N = 10000, σ = 4, with replacement", "?seed=9&n=10000&noise=4&mode=with+replacement&batch=1,16,1024", "1, 16, 1024"],
  ])("the page finds its live numbers identical to the snapshot for %s", async (_, query, ms) => {
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url("/variance", query));
      const check = (await tab.page.locator("#snapshot-check").textContent()) ?? "";
      expect(check).toMatch(/^Live equals snapshot\./);
      expect(check).toContain(`For m = ${ms},`);
      expect(tab.pageErrors.concat(tab.consoleErrors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("the page says when the live numbers differ (so the check above can fail)", async () => {
    const tab = await watchedPage(site);
    try {
      // Corrupt the snapshot the page reads: the reference row for m = 256 gains one ulp.
      let corrupted = 0;
      await tab.page.route("**/_file/data/by-seed/variance-excerpt-v1-seed-0.*.json", async (route) => {
        const response = await route.fetch();
        const table = await response.json();
        const col = (name: string) => table.columns.indexOf(name);
        for (const row of table.rows) {
          if (row[col("seed")] === 0 && row[col("n")] === 1000 && row[col("noise")] === 1 && row[col("m")] === 256 && row[col("replace")] === false) {
            row[col("variance")] *= 1 + Number.EPSILON;
            ++corrupted;
          }
        }
        await route.fulfill({response, json: table});
      });
      await load(tab, site.url("/variance"));
      expect(corrupted).toBe(1);
      expect(await tab.page.locator("#snapshot-check").textContent()).toMatch(/^Live differs from snapshot!/);
    } finally {
      await tab.close();
    }
  });

  it("gives, computed in Chromium by the page's lib module, exactly the excerpt's rows", async () => {
    const points = [
      {seed: 0, n: 1000, noise: 1, replace: false, m: 256},
      {seed: 3, n: 100, noise: 0.1, replace: false, m: 64},
      {seed: 9, n: 10000, noise: 4, replace: true, m: 1024},
      {seed: 5, n: 1000, noise: 0.5, replace: true, m: 1},
      {seed: 7, n: 100, noise: 2, replace: true, m: 32},
      {seed: 2, n: 10000, noise: 0.25, replace: false, m: 512},
    ];
    const tab = await watchedPage(site);
    try {
      await load(tab, site.url("/variance"));
      const results = await tab.page.evaluate(async ({points, excerptUrl}) => {
        const href = document.querySelector<HTMLLinkElement>('link[rel="modulepreload"][href*="/_import/lib/experiment."]')!.href;
        // A dynamic import written as text, so that vitest does not rewrite it for Node.
        const lib = await (new Function("url", "return import(url)") as (url: string) => Promise<{runExperiment: (o: object) => {rows: {variance: number; meanOfMeans: number}[]; populationVariance: number}}>)(href);
        const table = await (await fetch(excerptUrl)).json();
        const col = (name: string) => table.columns.indexOf(name);
        return points.map((p) => {
          const row = table.rows.find((r: unknown[]) => r[col("seed")] === p.seed && r[col("n")] === p.n && r[col("noise")] === p.noise
            && r[col("replace")] === p.replace && r[col("m")] === p.m && r[col("gradient")] === 2 && r[col("trials")] === 1000);
          if (!row) return {point: p, missing: true};
          const live = lib.runExperiment({seed: p.seed, n: p.n, gradient: 2, noise: p.noise, trials: 1000, replace: p.replace, batchSizes: [p.m]});
          return {
            point: p,
            live: [live.rows[0].variance, live.rows[0].meanOfMeans, live.populationVariance],
            snapshot: [row[col("variance")], row[col("mean_of_means")], row[col("population_variance")]],
          };
        });
      }, {points, excerptUrl: site.url("/data/variance-excerpt-v1.json")});
      for (const result of results) {
        expect(result, `no excerpt row for ${JSON.stringify(result.point)}`).not.toHaveProperty("missing");
        expect(result.live, `variance, mean of means, population variance at ${JSON.stringify(result.point)}`).toEqual(result.snapshot);
      }
      expect(tab.pageErrors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
