// The URL-state parser (src/components/url-state.ts) is pure: any query string must give
// valid values that satisfy the page's rules, with a notice for every change; valid values
// must survive the trip through the URL unchanged. Property-based with fast-check, per schema.
import {describe, expect, it} from "vitest";
import fc from "fast-check";
import {parseQuery, formatQuery, isValid, snapToStep, defaults, MAX_VALUE_LENGTH, type Field, type Schema} from "../src/components/url-state.js";
import {URL_SCHEMAS, VARIANCE_URL} from "../src/components/url-schemas.js";

const RUNS = 600; // ≥ 500 generated query strings per schema and property

const NASTY = [
  "", " ", "NaN", "nan", "Infinity", "-Infinity", "1e309", "-1e309", "1e308", "9007199254740993", "-0", "0x10", "1_000",
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "javascript:alert(1)",
  "%3Cscript%3E", "${alert(1)}", "1,4,<b>", "1,,4", ",", "1;4", "null", "undefined", "true", "[1,2]", "{}", "٣", "１２",
  "x".repeat(10_000), "1,".repeat(5000) + "1",
];

/** Raw query values: nasty constants, numbers of every kind, lists, and arbitrary text. */
const rawValue = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.double().map(String),
  fc.integer({min: -1e10, max: 1e10}).map(String),
  fc.array(fc.integer({min: -10, max: 300_000}), {maxLength: 20}).map((a) => a.join(",")),
  fc.string({maxLength: 50}),
  fc.string({unit: "grapheme", maxLength: 30}),
  fc.string({minLength: MAX_VALUE_LENGTH - 2, maxLength: MAX_VALUE_LENGTH + 2, unit: fc.constantFrom("1", ",", "4")}),
);

function queryArbitrary(schema: Schema) {
  const names = Object.keys(schema.fields);
  const optionValues = Object.values(schema.fields).flatMap((f) => (f.type === "enum" ? f.options : []));
  const value = fc.oneof(rawValue, fc.constantFrom(...(optionValues.length ? optionValues : ["x"])));
  const key = fc.oneof({weight: 4, arbitrary: fc.constantFrom(...names)}, fc.string({maxLength: 8}));
  return fc.oneof(
    fc.array(fc.tuple(key, value), {maxLength: 14}).map((pairs) => new URLSearchParams(pairs).toString()),
    fc.string({maxLength: 300}), // not even a well-formed query string
  );
}

/** Values the page's inputs can take. */
function validValue(field: Field): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "integer":
      return fc.integer({min: field.min, max: field.max});
    case "number":
      if (field.step === undefined) return fc.double({min: field.min, max: field.max, noNaN: true}).map((x) => (Object.is(x, -0) ? 0 : x));
      return fc.integer({min: 0, max: Math.floor((field.max - field.min) / field.step)}).map((k) => snapToStep(field.min + k * field.step!, field.min, field.step!));
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...field.options);
    case "list":
      return fc.uniqueArray(fc.integer({min: field.min, max: field.max}), {minLength: 1, maxLength: field.maxItems});
  }
}

function validValues(schema: Schema) {
  const record = Object.fromEntries(Object.entries(schema.fields).map(([name, field]) => [name, validValue(field)]));
  return fc.record(record).filter((values) => (schema.rules ?? []).every((rule) => rule(values as never) === null));
}

function expectValid(schema: Schema, values: Record<string, unknown>) {
  for (const [name, field] of Object.entries(schema.fields)) expect(isValid(field, values[name]), `${name} = ${JSON.stringify(values[name])}`).toBe(true);
  expect(Object.keys(values).sort()).toEqual(Object.keys(schema.fields).sort());
  for (const rule of schema.rules ?? []) expect(rule(values as never)).toBeNull();
}

for (const [page, schema] of Object.entries(URL_SCHEMAS)) {
  describe(`URL state of ${page}`, () => {
    it("turns any query string into valid values, explaining every change in plain, short text", () => {
      fc.assert(
        fc.property(queryArbitrary(schema), (query) => {
          const {values, notices} = parseQuery(schema, query);
          expectValid(schema, values);
          for (const notice of notices) {
            expect(Object.keys(schema.fields)).toContain(notice.name);
            expect(notice.given.length).toBeLessThanOrEqual(80);
            expect(typeof notice.reason).toBe("string");
            expect(notice.used.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
          }
          // A parameter that is absent or already valid is never reported.
          const params = new URLSearchParams(query);
          for (const notice of notices) expect(params.has(notice.name) || (schema.rules ?? []).length > 0).toBe(true);
        }),
        {numRuns: RUNS}
      );
    });

    it("is a fixed point: writing the parsed values and reading them back changes nothing", () => {
      fc.assert(
        fc.property(queryArbitrary(schema), (query) => {
          const first = parseQuery(schema, query).values;
          const again = parseQuery(schema, formatQuery(schema, first));
          expect(again.notices).toEqual([]);
          expect(again.values).toEqual(first);
        }),
        {numRuns: RUNS}
      );
    });

    it("round-trips every valid view exactly, without notices, keeping foreign parameters such as embed", () => {
      fc.assert(
        fc.property(validValues(schema), fc.boolean(), (values, embed) => {
          const query = formatQuery(schema, values, embed ? "embed=1" : "");
          const {values: parsed, notices} = parseQuery(schema, query);
          expect(notices).toEqual([]);
          expect(parsed).toEqual(values);
          expect(new URLSearchParams(query).get("embed")).toBe(embed ? "1" : null);
        }),
        {numRuns: RUNS}
      );
    });
  });
}

describe("the Variance page's schema on hand-picked links", () => {
  const parse = (query: string) => parseQuery(VARIANCE_URL, query);
  const only = (query: string) => {
    const {values, notices} = parse(query);
    expect(notices).toHaveLength(1);
    return {values, notice: notices[0]};
  };

  it("gives the defaults, silently, for an empty query", () => {
    expect(parse("")).toEqual({values: defaults(VARIANCE_URL), notices: []});
  });

  it("replaces non-numbers, NaN and overflowing numbers by the default", () => {
    for (const bad of ["abc", "NaN", "1e309", "-1e309", "0x10", "", "<script>alert(1)</script>"]) {
      const {values, notice} = only(`n=${encodeURIComponent(bad)}`);
      expect(values.n).toBe(1000);
      expect(notice.name).toBe("n");
      expect(notice.reason).toMatch(/default/);
    }
  });

  it("clamps negative and huge numbers into range and rounds to the input's step", () => {
    const tiny = parse("n=-5");
    expect(tiny.values).toMatchObject({n: 1, batch: [1]}); // and the batch rule then drops m > 1
    expect(tiny.notices.map((n) => n.name)).toEqual(["n", "batch"]);
    expect(only("n=1e9").values.n).toBe(100_000);
    expect(only("seed=-1").values.seed).toBe(0);
    expect(only("seed=4294967296").values.seed).toBe(4294967295);
    expect(only("trials=2.6").values.trials).toBe(3);
    expect(only("noise=0.123").values.noise).toBe(0.1);
    expect(only("noise=17").values.noise).toBe(4);
    expect(only("gradient=2.04").values.gradient).toBe(2);
    expect(parse("noise=0.15").notices).toEqual([]);
    expect(Object.is(parse("noise=-0").values.noise, 0)).toBe(true); // -0 is 0, nothing to report
  });

  it("drops batch sizes above N when sampling without replacement, and keeps them with replacement", () => {
    const {values, notice} = only("n=100&batch=1,50,256");
    expect(values.batch).toEqual([1, 50]);
    expect(notice).toMatchObject({name: "batch", given: "1,50,256", used: "1,50"});
    expect(only("n=10&batch=256").values.batch).toEqual([10]);
    expect(parse("n=100&batch=1,50,256&mode=with+replacement")).toMatchObject({values: {batch: [1, 50, 256]}, notices: []});
  });

  it("replaces script-like strings, unknown options and very long values by the default, quoting them shortened", () => {
    const seed = only(`seed=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    expect(seed.values.seed).toBe(0);
    expect(seed.notice.given).toBe("<img src=x onerror=alert(1)>");
    expect(only("batch=%3Cscript%3Ealert(1)%3C/script%3E").values.batch).toEqual([1, 4, 16, 64, 256]);
    expect(only("mode=sideways").values.mode).toBe("without replacement");
    expect(only("generator=__proto__").values.generator).toBe("default");
    expect(only("theory=maybe").values.theory).toBe(true);
    const long = only(`batch=${"1,".repeat(5000)}1`);
    expect(long.values.batch).toEqual([1, 4, 16, 64, 256]);
    expect(long.notice.given).toMatch(/… \(10001 characters\)$/);
    expect(long.notice.reason).toMatch(/longer than 200 characters/);
  });

  it("keeps the last of repeated parameters and says so", () => {
    const {values, notice} = only("seed=1&seed=2");
    expect(values.seed).toBe(2);
    expect(notice.reason).toMatch(/given 2 times/);
  });

  it("writes nothing for the defaults and every parameter as soon as one differs", () => {
    expect(formatQuery(VARIANCE_URL, defaults(VARIANCE_URL))).toBe("");
    expect(formatQuery(VARIANCE_URL, defaults(VARIANCE_URL), "embed=1&n=5")).toBe("?embed=1");
    const query = formatQuery(VARIANCE_URL, {...defaults(VARIANCE_URL), seed: 7, mode: "with replacement"});
    expect(query).toBe("?n=1000&gradient=2&noise=1&trials=1000&seed=7&batch=1%2C4%2C16%2C64%2C256&mode=with+replacement&generator=default&theory=true&snapshot=true");
  });

  it("writes a half-typed batch list as typed, which reading back explains", () => {
    const query = formatQuery(VARIANCE_URL, {...defaults(VARIANCE_URL), batch: "1,4,"});
    expect(new URLSearchParams(query).get("batch")).toBe("1,4,");
    expect(only(query.slice(1)).values.batch).toEqual([1, 4, 16, 64, 256]);
  });
});

describe("snapToStep", () => {
  it("gives the decimal a number input accepts, not a binary neighbour", () => {
    for (let k = 0; k <= 80; ++k) expect(snapToStep(k * 0.05, 0, 0.05)).toBe(Number((k * 0.05).toFixed(2)));
    expect(snapToStep(0.15000000000000002, 0, 0.05)).toBe(0.15);
    expect(snapToStep(2.06, -1e6, 0.1)).toBe(2.1);
  });
});
