// The head script that loads ICU's number data in a worker (src/components/intl-warmup.ts):
// what it starts, what the worker runs, that a browser without workers is left alone, and
// that every built page runs it before its modules load.
import {runInNewContext} from "node:vm";
import {beforeAll, describe, expect, it} from "vitest";
import {INTL_WARMUP_HEAD, WARMUP_LOCALE, WARMUP_WORKER} from "../src/components/intl-warmup.js";
import {ensureBuilt} from "./support/build.js";
import {builtPage, sitePaths} from "./support/browser.js";

const script = /^<script>([\s\S]*)<\/script>$/.exec(INTL_WARMUP_HEAD)![1];

/** Runs the head script with stand-ins for the browser's Worker, Blob and URL. */
function runHead(Worker: new (url: string) => unknown) {
  const blobs: {parts: string[]; type: string}[] = [];
  const context = {
    Worker,
    Blob: class {
      constructor(parts: string[], {type}: {type: string}) {
        blobs.push({parts, type});
      }
    },
    URL: {createObjectURL: () => `blob:warmup-${blobs.length}`},
  };
  runInNewContext(script, context);
  return blobs;
}

describe("the Intl warm-up", () => {
  it("starts one worker from a blob holding WARMUP_WORKER", () => {
    const urls: string[] = [];
    const blobs = runHead(class {
      constructor(url: string) {
        urls.push(url);
      }
    });
    expect(urls).toEqual(["blob:warmup-1"]);
    expect(blobs).toEqual([{parts: [WARMUP_WORKER], type: "text/javascript"}]);
  });

  it("formats a number in the pages' locale in the worker, then closes it", () => {
    const calls: string[] = [];
    const Intl = {NumberFormat: class {
      constructor(locale: string) {
        calls.push(`NumberFormat(${locale})`);
      }
      format(x: number) {
        calls.push(`format(${x})`);
        return String(x);
      }
    }};
    runInNewContext(WARMUP_WORKER, {Intl, close: () => calls.push("close()")});
    expect(calls).toEqual([`NumberFormat(${WARMUP_LOCALE})`, "format(1)", "close()"]);
  });

  it("leaves a page whose browser cannot start the worker alone", () => {
    expect(() => runHead(class {
      constructor() {
        throw new Error("workers are disabled");
      }
    })).not.toThrow();
  });
});

describe("every built page", () => {
  let dist: string;
  beforeAll(() => void (dist = ensureBuilt()), 1_800_000);

  // A classic script in the <head> runs as the parser reaches it; module scripts run only
  // once the whole document is parsed, and the modules they import later still.
  it.each(sitePaths())("%s starts the warm-up in its <head>, before its modules run", (path) => {
    const html = builtPage(dist, path);
    const at = html.indexOf(INTL_WARMUP_HEAD);
    expect(at, "the warm-up script is missing").toBeGreaterThan(-1);
    expect(at, "the warm-up script is not in the <head>").toBeLessThan(html.indexOf("</head>"));
  });
});
