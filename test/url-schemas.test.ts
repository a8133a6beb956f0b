// The pages' URL schemas (src/components/url-schemas.ts) against the pages themselves: every
// input of a page is read from the URL and written back, with the same range, step and
// options as the schema; and the cross-field rules of the Landing, Expectation, Real loss and
// Escape pages on hand-picked links. (The property tests over random query strings, for every
// schema in URL_SCHEMAS, are in url-state.test.ts.)
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {parseQuery, formatQuery, defaults, type Field, type Schema} from "../src/components/url-state.js";
import {URL_SCHEMAS, LANDING_URL, EXPECTATION_URL, REAL_LOSS_URL, ESCAPE_URL, REGRESSION_DATASETS, REGRESSION_DATASET_SIZES, escapeRecordEvery, escapeShownStep} from "../src/components/url-schemas.js";
import {criticalTilt, doubleWell} from "../src/lib/escape/double-well.js";
import {MAX_SAMPLED} from "../src/components/expectation-live.js";
import {REFERENCE_PATH} from "../src/lib/regression.js";
import {DATASET_IDS, readDataset} from "../data-loaders/datasets.js";

const LARGEST_DATASET = Math.max(...Object.values(REGRESSION_DATASET_SIZES));
const pageFile = (path: string) => `src/${path === "/" ? "index" : path.replace(/^\//, "")}.md`;

/** Bounds the pages write as expressions rather than numbers. */
const EXPRESSIONS: Record<string, Record<string, number>> = {
  "/real-loss": {"n": LARGEST_DATASET, "REFERENCE_PATH.steps": REFERENCE_PATH.steps}, // n: the dataset's N, capped by a rule
  "/escape": {"steps": ESCAPE_URL.fields.steps.max}, // the "Step shown" slider runs to K, capped by a rule
};
/** Steps that depend on other inputs (for integer fields, whose rules keep them on the grid). */
const VARIABLE_STEPS: Record<string, string[]> = {"/escape": ["recordEvery"]};

interface PageInput { kind: string; args: string; field: string | null; line: string }

/** The `view(Inputs.kind(args))` calls of a page and the schema field each takes its value from. */
function pageInputs(source: string): PageInput[] {
  return [...source.matchAll(/view\(Inputs\.(\w+)\((.*)\)\);?\s*$/gm)].map(([line, kind, args]) => ({
    kind, args, line, field: /url\.values\.(\w+)/.exec(args)?.[1] ?? null,
  }));
}

function bound(path: string, text: string): number {
  const expression = text.trim();
  if (/^-?[\d_.]+$/.test(expression)) return Number(expression.replace(/_/g, ""));
  const value = EXPRESSIONS[path]?.[expression];
  if (value === undefined) throw new Error(`${path}: unknown bound ${expression}; add it to EXPRESSIONS`);
  return value;
}

/** The options of Inputs.radio([...]) or Inputs.radio(new Map([[label, value], ...])). */
function radioOptions(args: string): string[] {
  const map = /^new Map\((\[\[.*?\]\])\)/.exec(args);
  if (map) return (JSON.parse(map[1]) as [string, string][]).map(([, value]) => value);
  const list = /^(\[[^\]]*\])/.exec(args);
  if (!list) throw new Error(`cannot read the options of ${args}`);
  return JSON.parse(list[1]);
}

/** The names in `syncUrl(SCHEMA, {a, b: expr, ...})`. */
function syncedNames(source: string): string[] {
  const calls = [...source.matchAll(/syncUrl\(\w+, \{([^}]*)\}\)/g)];
  expect(calls, "exactly one syncUrl call").toHaveLength(1);
  return calls[0][1].split(",").map((part) => part.split(":")[0].trim()).filter(Boolean);
}

for (const [path, schema] of Object.entries(URL_SCHEMAS)) {
  describe(`${pageFile(path)} and its URL schema`, () => {
    const source = readFileSync(pageFile(path), "utf8");
    const inputs = pageInputs(source);

    it("reads every input's value from the URL, and writes every schema field back", () => {
      expect(inputs.length).toBeGreaterThan(0);
      for (const input of inputs) expect(input.field, `no url.values in ${input.line}`).not.toBeNull();
      const read = inputs.map((i) => i.field!).sort();
      expect(new Set(read).size, "one input per field").toBe(read.length);
      // Text inputs (the batch list) read their field through a .join().
      expect(read).toEqual(Object.keys(schema.fields).sort());
      expect(syncedNames(source).sort()).toEqual(Object.keys(schema.fields).sort());
    });

    it("gives each field the range, step and options of its input", () => {
      for (const {kind, args, field: name, line} of inputs) {
        const field: Field = schema.fields[name!];
        const extent = /^\[([^,\]]+), ([^\]]+)\]/.exec(args);
        const step = /step: ([\w.]+)/.exec(args)?.[1];
        if (kind === "number" || kind === "range") {
          expect(["integer", "number"], line).toContain(field.type);
          if (field.type !== "integer" && field.type !== "number") continue;
          if (extent) expect([field.min, field.max], line).toEqual([bound(path, extent[1]), bound(path, extent[2])]);
          else expect(kind, `${line}: an unbounded input must be a number input`).toBe("number");
          expect(step, `${line}: a step`).toBeDefined();
          if (VARIABLE_STEPS[path]?.includes(step!)) expect(field.type, line).toBe("integer");
          else if (field.type === "integer") expect(Number(step), line).toBe(1);
          else expect(field.step, line).toBe(Number(step));
        } else if (kind === "radio") {
          expect(field.type, line).toBe("enum");
          if (field.type === "enum") expect([...field.options], line).toEqual(radioOptions(args));
        } else if (kind === "toggle") {
          expect(field.type, line).toBe("boolean");
        } else if (kind === "select") {
          expect(field.type, line).toBe("enum"); // the options are a named constant that the schema imports
        } else {
          expect(kind, line).toBe("text");
          expect(field.type, line).toBe("list");
        }
      }
    });
  });
}

const only = (schema: Schema, query: string) => {
  const {values, notices} = parseQuery(schema, query);
  expect(notices, query).toHaveLength(1);
  return {values, notice: notices[0]};
};

describe("the landing page's link state", () => {
  it("restores m and the mode, and clamps or replaces bad values with a notice", () => {
    expect(parseQuery(LANDING_URL, "m=64&mode=with+replacement")).toEqual({values: {m: 64, mode: "with replacement"}, notices: []});
    expect(only(LANDING_URL as Schema, "m=5000").values.m).toBe(1000); // the demo's N
    expect(only(LANDING_URL as Schema, "m=-3").values.m).toBe(1);
    expect(only(LANDING_URL as Schema, "m=%3Cscript%3E").notice).toMatchObject({name: "m", given: "<script>", used: "16"});
    expect(formatQuery(LANDING_URL, defaults(LANDING_URL))).toBe("");
  });
});

describe("the Expectation page's link state", () => {
  const schema = EXPECTATION_URL as unknown as Schema;

  it("lowers m to N without replacement, as the sampler requires, and keeps it with replacement", () => {
    const {values, notice} = only(schema, "n=100&m=500");
    expect(values).toMatchObject({n: 100, m: 100});
    expect(notice).toMatchObject({name: "m", given: "500", used: "100"});
    expect(notice.reason).toMatch(/cannot exceed N = 100/);
    expect(parseQuery(EXPECTATION_URL, "n=100&m=500&mode=with+replacement")).toMatchObject({values: {m: 500}, notices: []});
  });

  it("lowers T so that a live run samples at most MAX_SAMPLED gradients", () => {
    const {values, notice} = only(schema, "n=100000&m=100000&trials=1000000");
    expect(values).toMatchObject({m: 100_000, trials: MAX_SAMPLED / 100_000});
    expect(notice.name).toBe("trials");
    expect(parseQuery(EXPECTATION_URL, `m=1000&trials=${MAX_SAMPLED / 1000}`).notices).toEqual([]); // the limit itself is allowed
    // N = 3 first lowers m to 3, and then T × m is within budget: one notice, not two.
    expect(only(schema, "n=3&m=100000&trials=1000000").values).toMatchObject({m: 3, trials: 1_000_000});
  });

  it("snaps the tilt to its slider's step and clamps it to [0, 20]", () => {
    expect(only(schema, "tilt=3.3").values.tilt).toBe(3.5);
    expect(only(schema, "tilt=1e6").values.tilt).toBe(20);
    expect(only(schema, "tilt=NaN").values.tilt).toBe(4);
  });
});

describe("the Real loss page's link state", () => {
  const schema = REAL_LOSS_URL as unknown as Schema;

  it("knows each dataset's N as the loader reads it", () => {
    expect([...REGRESSION_DATASETS]).toEqual(DATASET_IDS);
    for (const id of REGRESSION_DATASETS) expect(readDataset(id).x.length, id).toBe(REGRESSION_DATASET_SIZES[id]);
  });

  it("caps m and B_big at the chosen dataset's N, and keeps them for the larger dataset", () => {
    expect(only(schema, "m=1000").values.m).toBe(342);
    expect(only(schema, "dataset=penguins&b_big=1000").values.b_big).toBe(342);
    expect(parseQuery(REAL_LOSS_URL, "dataset=diamonds&m=1000&b_big=50000")).toMatchObject({values: {m: 1000, b_big: 50_000}, notices: []});
    expect(only(schema, "dataset=diamonds&m=60000").values.m).toBe(53_940);
  });

  it("keeps B_small below B_big, after B_big is capped", () => {
    const {values, notice} = only(schema, "b_small=200&b_big=100");
    expect(values).toMatchObject({b_small: 99, b_big: 100});
    expect(notice.reason).toMatch(/smaller than B_big = 100/);
    const capped = parseQuery(REAL_LOSS_URL, "b_small=400&b_big=500");
    expect(capped.values).toMatchObject({b_small: 341, b_big: 342});
    expect(capped.notices.map((n) => n.name)).toEqual(["b_big", "b_small"]);
  });

  it("snaps the sliders to their steps", () => {
    expect(only(schema, "lr=0.0512").values.lr).toBe(0.05);
    expect(only(schema, "slope=-1.234").values.slope).toBe(-1.23);
    expect(only(schema, "batches=333").values.batches).toBe(330);
    expect(only(schema, "step=81").values.step).toBe(80);
  });

  // url-state.test.ts draws valid views field by field, which almost never gives penguins a
  // valid m, B_small and B_big (all ≤ 342 of up to 53,940); these views are drawn within N.
  it("round-trips every valid view of either dataset exactly, without notices", () => {
    const view = fc.constantFrom(...REGRESSION_DATASETS).chain((dataset) => {
      const n = REGRESSION_DATASET_SIZES[dataset];
      return fc.record({
        dataset: fc.constant(dataset),
        slope: fc.integer({min: -300, max: 300}).map((k) => k / 100),
        intercept: fc.integer({min: -300, max: 300}).map((k) => k / 100),
        lr: fc.integer({min: 1, max: 180}).map((k) => Number((k * 0.005).toFixed(3))),
        step: fc.integer({min: 0, max: REFERENCE_PATH.steps}),
        m: fc.integer({min: 1, max: n}),
        mode: fc.constantFrom("without replacement", "with replacement"),
        batches: fc.integer({min: 5, max: 200}).map((k) => 10 * k),
        seed: fc.integer({min: 0, max: 0xffffffff}),
        sizes: fc.uniqueArray(fc.integer({min: 1, max: n}), {minLength: 2, maxLength: 2}).map((pair) => pair.sort((a, b) => a - b)),
        pairs: fc.integer({min: 1, max: 1000}),
      }).map(({sizes: [b_small, b_big], ...rest}) => ({...rest, b_small, b_big}));
    });
    let penguins = 0;
    fc.assert(
      fc.property(view, (values) => {
        penguins += values.dataset === "penguins" ? 1 : 0;
        const {values: parsed, notices} = parseQuery(REAL_LOSS_URL, formatQuery(REAL_LOSS_URL, values));
        expect(notices).toEqual([]);
        expect(parsed).toEqual(values);
      }),
      {numRuns: 600}
    );
    expect(penguins).toBeGreaterThan(200); // about half of 600
  });
});

describe("the Escape page's link state", () => {
  const schema = ESCAPE_URL as unknown as Schema;

  it("lowers m to N without replacement", () => {
    expect(only(schema, "n=10&m=50").values.m).toBe(10);
    expect(parseQuery(ESCAPE_URL, "n=10&m=50&mode=with+replacement")).toMatchObject({values: {m: 50}, notices: []});
  });

  it("keeps the tilt below 8h/(3√3), on its grid, with the sign it had, so that the well exists", () => {
    for (const [h, a] of [[1, 5], [1, -5], [0.01, 100], [0.01, -0.02], [3, 100], [100, -100]] as const) {
      const {values} = parseQuery(ESCAPE_URL, `h=${h}&a=${a}`);
      expect(Math.sign(values.a), `h=${h}, a=${a}`).toBe(Math.sign(a));
      expect(Math.abs(values.a) < criticalTilt(h), `h=${h}, a=${a} → ${values.a}`).toBe(true);
      expect(Math.abs(values.a) + 0.01 >= criticalTilt(h) || Math.abs(values.a) === Math.abs(a), `h=${h}, a=${a} → ${values.a}: the largest such tilt`).toBe(true);
      expect(() => doubleWell({h, a: values.a})).not.toThrow();
    }
    const {values, notice} = only(schema, "a=1.54"); // 8/(3√3) = 1.5396
    expect(values.a).toBe(1.53);
    expect(notice.reason).toMatch(/1\.53960/);
    expect(parseQuery(ESCAPE_URL, "a=1.53").notices).toEqual([]);
  });

  it("puts the shown step on the slider: on its grid and within K, with the default meaning the last step", () => {
    expect(escapeRecordEvery({runs: 100, steps: 1000})).toBe(1);
    expect(escapeRecordEvery({runs: 10_000, steps: 100_000})).toBe(2501);
    expect(escapeShownStep(ESCAPE_URL.fields.shown.default, {runs: 100, steps: 1000})).toBe(1000);
    expect(escapeShownStep(ESCAPE_URL.fields.shown.default, {runs: 10_000, steps: 100_000})).toBe(100_000 - (100_000 % 2501));
    expect(parseQuery(ESCAPE_URL, "shown=500").notices).toEqual([]);
    const beyond = only(schema, "steps=200&shown=500");
    expect(beyond.values.shown).toBe(200);
    expect(beyond.notice.reason).toMatch(/beyond the last recorded step/);
    const grid = only(schema, "runs=10000&steps=1000&shown=37"); // recordEvery = ceil(10000 · 1001 / 400000) = 26
    expect(grid.values.shown).toBe(26);
    expect(grid.notice.reason).toMatch(/steps of 26/);
  });
});
