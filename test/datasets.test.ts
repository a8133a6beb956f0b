// Tests of the dataset loader: CSV parsing with missing values, errors that name the
// file and the line, and the two real datasets read from node_modules.
import {describe, expect, it} from "vitest";
import {DataFileError, parseNumericCsv, readDataset, regressionDatasetsJson, preparedDataset, DATASETS} from "../data-loaders/datasets.js";

const FILE = "test.csv";
const columns = [{name: "a"}, {name: "b"}];

describe("parseNumericCsv", () => {
  it("keeps complete rows and drops rows with NA, NaN or an empty cell, reporting the file line", () => {
    const text = "a,b,label\n1,2,x\nNA,3,y\n4,,z\n5,NaN,w\n6.5,-7e1,\n";
    const parsed = parseNumericCsv(text, {file: FILE, columns});
    expect(parsed.values).toEqual({a: [1, 6.5], b: [2, -70]});
    expect(parsed.rowsRead).toBe(5);
    expect(parsed.dropped).toEqual([
      {line: 3, reasons: ["a is missing (NA)"], cells: ["NA", "3", "y"]},
      {line: 4, reasons: ["b is missing (empty)"], cells: ["4", "", "z"]},
      {line: 5, reasons: ["b is missing (NaN)"], cells: ["5", "NaN", "w"]},
    ]);
    // The last row lacks only its label, which no requested column uses: kept and counted.
    expect(parsed.keptWithMissingElsewhere).toBe(1);
  });

  it("reports every missing column of a row", () => {
    const parsed = parseNumericCsv("a,b\nNA,NA\n", {file: FILE, columns});
    expect(parsed.dropped[0].reasons).toEqual(["a is missing (NA)", "b is missing (NA)"]);
  });

  it("drops values ≤ 0 in a column that will be log-transformed, with the reason", () => {
    const parsed = parseNumericCsv("a,b\n1,2\n0,3\n-1,4\n", {file: FILE, columns: [{name: "a", positive: true}, {name: "b"}]});
    expect(parsed.values.a).toEqual([1]);
    expect(parsed.dropped.map((d) => [d.line, d.reasons[0]])).toEqual([[3, "a is 0, not > 0 (its log is undefined)"], [4, "a is -1, not > 0 (its log is undefined)"]]);
  });

  it("a row with the wrong number of cells is an error naming the file and the line", () => {
    expect(() => parseNumericCsv("a,b\n1,2\n3\n4,5\n", {file: "penguins.csv", columns})).toThrow(
      new DataFileError("penguins.csv", 3, 'expected 2 cells (as in the header), got 1: "3"'));
    expect(() => parseNumericCsv("a,b\n1,2\n3,4,5\n", {file: "penguins.csv", columns})).toThrow(/^penguins\.csv, line 3: expected 2 cells/);
  });

  it("a cell that is neither a number nor a missing marker is an error naming the file, line and column", () => {
    expect(() => parseNumericCsv("a,b\n1,2\n3,4\n5,abc\n", {file: "diamonds.csv", columns})).toThrow(
      'diamonds.csv, line 4: column b holds "abc", which is neither a decimal number nor a missing marker ("", "NA", "NaN")');
    expect(() => parseNumericCsv("a,b\n1,0x10\n", {file: FILE, columns})).toThrow(/line 2: column b holds "0x10"/);
  });

  it("a missing column is an error on line 1, listing the header", () => {
    expect(() => parseNumericCsv("a,c\n1,2\n", {file: FILE, columns})).toThrow('test.csv, line 1: the header has no column "b"; it has "a", "c"');
    expect(() => parseNumericCsv("", {file: FILE, columns})).toThrow(/line 1: the file is empty/);
  });

  it("counts lines inside quoted cells, so later line numbers stay right", () => {
    const text = 'a,b,note\n1,2,"two\nlines"\nNA,3,x\n';
    expect(parseNumericCsv(text, {file: FILE, columns}).dropped[0].line).toBe(4);
    expect(() => parseNumericCsv('a,b,note\n1,2,"x\ny"\n7\n', {file: FILE, columns})).toThrow(/line 4:/);
  });

  it("handles CRLF line ends", () => {
    expect(parseNumericCsv("a,b\r\n1,2\r\nNA,3\r\n", {file: FILE, columns}).values).toEqual({a: [1], b: [2]});
  });
});

describe("the datasets from @observablehq/sample-datasets", () => {
  it("penguins: 344 rows, the two rows without measurements (lines 5 and 341) dropped, N = 342", () => {
    const raw = readDataset("penguins");
    expect(raw.rowsRead).toBe(344);
    expect(raw.x.length).toBe(342);
    expect(raw.dropped.map((d) => d.line)).toEqual([5, 341]);
    expect(raw.dropped[0].cells.slice(0, 2)).toEqual(["Adelie", "Torgersen"]);
    expect(raw.keptWithMissingElsewhere).toBe(9); // rows missing only `sex`
    expect(raw.file).toMatch(/^@observablehq\/sample-datasets@\d+\.\d+\.\d+\/penguins\.csv$/);
  });

  it("diamonds: 53,940 complete rows, positive carat and price", () => {
    const raw = readDataset("diamonds");
    expect(raw.x.length).toBe(53940);
    expect(raw.dropped).toEqual([]);
    expect(Math.min(...raw.x)).toBeGreaterThan(0);
    expect(Math.min(...raw.y)).toBeGreaterThan(0);
  });

  it("the page's JSON has the schema the page reads, and the same values as preparedDataset", () => {
    const json = JSON.parse(regressionDatasetsJson());
    expect(json.datasets.map((d: {id: string}) => d.id)).toEqual(DATASETS.map((d) => d.id));
    for (const d of json.datasets) {
      expect(Object.keys(d).sort()).toEqual(["dropped", "feature", "file", "id", "keptWithMissingElsewhere", "n", "rowsRead", "source", "sourceUrl", "target", "title", "x", "y"]);
      expect(d.x.length).toBe(d.n);
      expect(d.y.length).toBe(d.n);
      expect(d.rowsRead).toBe(d.n + d.dropped.length);
      expect(Object.keys(d.feature).sort()).toEqual(["column", "label", "transform", "unit"]);
    }
    expect(preparedDataset("penguins").x.length).toBe(json.datasets[0].n);
    expect(regressionDatasetsJson()).toBe(regressionDatasetsJson()); // deterministic
  });

  it("an unknown dataset is an error listing the known ones", () => {
    expect(() => readDataset("iris")).toThrow('dataset must be one of penguins, diamonds; got "iris"');
  });
});
