// The head script that loads ICU's number data in a worker (src/components/intl-warmup.ts):
// what it starts, what the worker runs, that a browser without workers is left alone, and
// that every built page runs it before its modules load.
import {runInNewContext} from "node:vm";
import {beforeAll, describe, expect, it} from "vitest";
import {INTL_WARMUP_HEAD, WARMUP_LOCALE, WARMUP_WORKER} from "../src/components/intl-warmup.js";
import {ensureBuilt} from "./support/build.js";
import {builtPage, sitePaths} from "./support/browser.js";

const script = /^<script>([\s\S]*)<\/script>$/.exec(INTL_WARMUP_HEAD)![1];

/** Runs the head script with stand-ins for the browser's Worker, Blob and URL; what it did, in order. */
function runHead(Worker: new (url: string) => object) {
  const blobs: {parts: string[]; type: string}[] = [];
  const calls: string[] = [];
  const context = {
    Worker: class extends Worker {
      constructor(url: string) {
        super(url);
        calls.push(`new Worker(${url})`);
      }
    },
    Blob: class {
      constructor(parts: string[], {type}: {type: string}) {
        blobs.push({parts, type});
      }
    },
    URL: {
      createObjectURL: () => (calls.push("createObjectURL"), `blob:warmup-${blobs.length}`),
      revokeObjectURL: (url: string) => calls.push(`revokeObjectURL(${url})`),
    },
  };
  runInNewContext(script, context);
  return {blobs, calls};
}

describe("the Intl warm-up", () => {
  it("starts one worker from a blob holding WARMUP_WORKER, then lets the blob's URL go", () => {
    const {blobs, calls} = runHead(class {});
    expect(blobs).toEqual([{parts: [WARMUP_WORKER], type: "text/javascript"}]);
    expect(calls).toEqual(["createObjectURL", "new Worker(blob:warmup-1)", "revokeObjectURL(blob:warmup-1)"]);
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
    // With the real Intl, a malformed locale would throw a RangeError here.
    expect(() => runInNewContext(WARMUP_WORKER, {Intl: globalThis.Intl, close: () => {}})).not.toThrow();
  });

  it("leaves a page whose browser cannot start the worker, or has no workers, alone", () => {
    expect(() => runHead(class {
      constructor() {
        throw new Error("workers are disabled");
      }
    })).not.toThrow();
    expect(() => runInNewContext(script, {})).not.toThrow();
  });
});

describe("every built page", () => {
  let dist: string;
  beforeAll(() => void (dist = ensureBuilt()), 1_800_000);

  // A classic script in the <head> runs as the parser reaches it; module scripts run only
  // once the whole document is parsed, and the modules they import later still.
  it.each(sitePaths())("%s starts the warm-up from a classic script in its <head>", (path) => {
    const html = builtPage(dist, path);
    const at = html.indexOf(INTL_WARMUP_HEAD);
    expect(at, "the warm-up script is missing").toBeGreaterThan(-1);
    expect(at, "the warm-up script is not in the <head>").toBeLessThan(html.indexOf("</head>"));
  });
});
