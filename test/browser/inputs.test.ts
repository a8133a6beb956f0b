// Every input on every page, found generically (input, select and textarea in the main
// column, so a new input is covered without touching this file):
// 1. changing it as a reader would changes a chart or the numbers on the page;
// 2. the change is written to the address bar, and opening that address in a new tab gives
//    the same inputs and the same charts and numbers (shareable URL state).
// A page may exempt an input from (1) with data-test-skip="why" on it or a container; the
// reason is printed. One tab walks through the inputs in turn (a change that shows nothing
// is retried from the page's defaults, since some inputs matter only in some states), and a
// second tab reopens each address: one page load per input keeps this affordable.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openSite, sitePaths, builtPage, watchedPage, load, settle, listInputs, changeInput, contentSignature, inputValues, type InputInfo, type Site} from "../support/browser.js";

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const LONG = 15 * 60_000; // heavy pages recompute after every change; nothing here is timed

/** "…context…" around the first difference of two strings, for failure messages. */
function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) ++i;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 100));
  return `first difference at character ${i}: ${around(a)} versus ${around(b)}`;
}

interface UrlResult { input: string; did: string; address: string; urlChanged: boolean; inputs: string | null; view: string | null; errors: string[]; notice: boolean }

describe.each(sitePaths())("page %s", (path) => {
  const urlResults: UrlResult[] = [];
  let walked = false;

  it("changes a chart or its numbers when any input changes", async () => {
    builtPage(site.dist, path);
    const tab = await watchedPage(site);
    const reopened = await watchedPage(site);
    try {
      await load(tab, site.url(path));
      const inputs = await listInputs(tab.page);
      for (const listed of inputs) {
        // Cells may rebuild inputs when another changes: list them afresh, by position.
        let info: InputInfo | undefined = (await listInputs(tab.page))[listed.index];
        if (info?.label !== listed.label) {
          await load(tab, site.url(path));
          info = (await listInputs(tab.page))[listed.index];
        }
        if (info?.label !== listed.label) {
          expect.soft(info?.label, `${path}: input ${listed.index} (${listed.label}) is not there after a reload`).toBe(listed.label);
          continue;
        }
        const before = await contentSignature(tab.page);
        const search = new URL(tab.page.url()).search;
        let did = await changeInput(tab.page, info);
        await settle(tab.page);
        if ((await contentSignature(tab.page)) === before && !listed.skip) {
          // Retry from the defaults: e.g. a band toggle shows nothing once the band is off the grid.
          await load(tab, site.url(path));
          const fresh = (await listInputs(tab.page))[listed.index];
          const base = await contentSignature(tab.page);
          did = `${await changeInput(tab.page, fresh)} (from the defaults)`;
          await settle(tab.page);
          expect.soft((await contentSignature(tab.page)) !== base, `${path}: ${listed.label} ${did}, and nothing on the page changed`).toBe(true);
        }
        if (listed.skip) console.info(`${path}: ${listed.label} is exempt from the change check: ${listed.skip}`);
        expect.soft(tab.pageErrors.concat(tab.consoleErrors), `${path}: errors after ${listed.label} ${did}`).toEqual([]);

        // The address now carries the change; a new tab opened on it shows the same view.
        const address = tab.page.url();
        await load(reopened, address);
        await listInputs(tab.page);
        await listInputs(reopened.page);
        const [mine, theirs] = [await inputValues(tab.page), await inputValues(reopened.page)];
        const [view, reopenedView] = [await contentSignature(tab.page), await contentSignature(reopened.page)];
        urlResults.push({
          input: listed.label, did, address,
          urlChanged: new URL(address).search !== search,
          inputs: JSON.stringify(mine) === JSON.stringify(theirs) ? null : difference(JSON.stringify(mine), JSON.stringify(theirs)),
          view: view === reopenedView ? null : difference(view, reopenedView),
          errors: [...reopened.pageErrors.splice(0), ...reopened.consoleErrors.splice(0)],
          notice: (await reopened.page.locator(".url-state-notice").count()) > 0,
        });
      }
      walked = true;
    } finally {
      await tab.close();
      await reopened.close();
    }
  }, LONG);

  it("writes each input to the URL as it changes, and that URL reopens the same view", () => {
    expect(walked, "the walk through the inputs (previous test) did not finish").toBe(true);
    for (const r of urlResults) {
      expect.soft(r.urlChanged, `${path}: ${r.input} ${r.did}, but the address did not change (${r.address})`).toBe(true);
      expect.soft(r.inputs, `${path}: inputs differ after reopening ${r.address} (after ${r.input} ${r.did})`).toBeNull();
      expect.soft(r.view, `${path}: the view differs after reopening ${r.address} (after ${r.input} ${r.did})`).toBeNull();
      expect.soft(r.notice, `${path}: a notice on reopening ${r.address}`).toBe(false);
      expect.soft(r.errors, `${path}: errors on reopening ${r.address}`).toEqual([]);
    }
  });
});
