// Tests of the experiment CLI: the pure argument parser (data-loaders/cli-args.ts) and
// the command itself (bin/experiment.ts), spawned as `node --import tsx bin/experiment.ts`.
import {describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {fileURLToPath} from "node:url";
import {parseCliArgs, formatCsv, UsageError, CSV_HEADER, USAGE} from "../data-loaders/cli-args.js";
import {runExperiment, REFERENCE, type ExperimentOptions} from "../src/lib/experiment.js";
import {ParameterError} from "../src/lib/validate.js";

const REFERENCE_FLAGS = ["--seed", "0", "--n", "1000", "--gradient", "2", "--noise", "1", "--trials", "1000", "--batch-sizes", "1,4,16,64,256", "--replacement", "false"];
const reference = (): ExperimentOptions => ({...REFERENCE, batchSizes: [...REFERENCE.batchSizes]});

/** The error parseCliArgs throws for argv (fails the test if it does not throw). */
function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  return expect.fail(`parseCliArgs(${JSON.stringify(argv)}) did not throw`);
}

describe("parseCliArgs", () => {
  it("defaults to the reference experiment with the default random source", () => {
    expect(parseCliArgs([])).toEqual({help: false, rng: "default", experiment: reference()});
  });

  it("parses the reference flags to the reference experiment", () => {
    expect(parseCliArgs(REFERENCE_FLAGS)).toEqual({help: false, rng: "default", experiment: reference()});
  });

  it("parses every flag, in both --flag value and --flag=value forms", () => {
    const argv = ["--seed=7", "--n", "50", "--gradient=-1.5", "--noise", "0.25", "--trials=200", "--batch-sizes", " 1, 5 ,50", "--replacement=true", "--rng", "default"];
    expect(parseCliArgs(argv)).toEqual({
      help: false,
      rng: "default",
      experiment: {seed: 7, n: 50, gradient: -1.5, noise: 0.25, trials: 200, batchSizes: [1, 5, 50], replace: true},
    });
  });

  it("accepts decimal number forms: exponents, signs, leading and trailing dots", () => {
    const {experiment} = parseCliArgs(["--n", "1e3", "--gradient", "+.5", "--noise", "2.", "--seed", "4294967295"]);
    expect(experiment).toMatchObject({n: 1000, gradient: 0.5, noise: 2, seed: 4294967295});
  });

  it("recognises --help and -h", () => {
    expect(parseCliArgs(["--help"]).help).toBe(true);
    expect(parseCliArgs(["-h"]).help).toBe(true);
    expect(parseCliArgs(["--seed", "3", "--help"]).help).toBe(true);
  });

  it("rejects unknown flags and positional arguments", () => {
    expect(usageError(["--foo"]).message).toBe("unknown option --foo");
    expect(usageError(["--batch-size", "4"]).message).toBe("unknown option --batch-size");
    expect(usageError(["-x"]).message).toBe("unknown option -x");
    expect(usageError(["1000"]).message).toContain("Unexpected argument '1000'");
  });

  it("rejects a flag without a value, and a negative value without '='", () => {
    expect(usageError(["--seed"]).message).toContain("--seed");
    expect(usageError(["--gradient", "-2"]).message).toContain("--gradient=-XYZ");
    expect(usageError(["--help=yes"]).message).toContain("--help");
  });

  it("rejects a flag given twice", () => {
    expect(usageError(["--seed", "1", "--seed=2"]).message).toBe("--seed is given more than once");
  });

  it("rejects values that are not decimal numbers, naming the flag and the value", () => {
    for (const [flag, value] of [["seed", "abc"], ["n", ""], ["n", "0x10"], ["noise", "1_000"], ["trials", "Infinity"], ["gradient", "NaN"], ["seed", "1e"], ["trials", " "]])
      expect(usageError([`--${flag}=${value}`]).message).toBe(`--${flag} must be a decimal number; got ${JSON.stringify(value)}`);
  });

  // --batch-sizes goes through parseBatchSizes of src/lib/parse.ts, shared with the pages.
  it("parses batch-size lists: integers ≥ 1, spaces allowed, duplicates dropped, order kept", () => {
    expect(parseCliArgs(["--batch-sizes", "64, 4,1,4"]).experiment.batchSizes).toEqual([64, 4, 1]);
  });

  it("rejects malformed batch-size lists, naming the flag and the value", () => {
    const LIST = "--batch-sizes must be a comma-separated list of integers such as 1,4,16,64,256";
    expect(usageError(["--batch-sizes", "1,,2"]).message).toBe(`${LIST}; got "1,,2"`);
    expect(usageError(["--batch-sizes", "1,2,"]).message).toBe(`${LIST}; got "1,2,"`);
    expect(usageError(["--batch-sizes", ""]).message).toBe(`${LIST}; got ""`);
    const ENTRY = "--batch-sizes must be integers in [1, 1000000]";
    expect(usageError(["--batch-sizes", "1;2"]).message).toBe(`${ENTRY}; got "1;2"`);
    expect(usageError(["--batch-sizes", "4,x"]).message).toBe(`${ENTRY}; got "x"`);
    expect(usageError(["--batch-sizes", "4,2.5"]).message).toBe(`${ENTRY}; got "2.5"`);
    expect(usageError(["--batch-sizes", "0"]).message).toBe(`${ENTRY}; got "0"`);
    expect(usageError(["--batch-sizes", "1000001"]).message).toBe(`${ENTRY}; got "1000001"`);
    for (const argv of [["--batch-sizes", "1,,2"], ["--batch-sizes", "x"]]) expect(usageError(argv).cause).toBeInstanceOf(ParameterError);
  });

  it("accepts only true and false for --replacement", () => {
    for (const value of ["yes", "TRUE", "1", "0", ""])
      expect(usageError(["--replacement", value]).message).toBe(`--replacement must be true or false; got ${JSON.stringify(value)}`);
    expect(parseCliArgs(["--replacement", "true"]).experiment.replace).toBe(true);
  });

  it("accepts only known random sources for --rng", () => {
    expect(usageError(["--rng", "mersenne"]).message).toBe('--rng must be one of default, numpy; got "mersenne"');
  });

  it("rejects out-of-range values with the core's message, prefixed by the flag", () => {
    const cases: [string[], string][] = [
      [["--seed", "4294967296"], "--seed: seed must be an integer in [0, 4294967295]; got 4294967296"],
      [["--seed", "1.5"], "--seed: seed must be an integer in [0, 4294967295]; got 1.5"],
      [["--n", "0"], "--n: n (population size N) must be an integer in [1, 1000000]; got 0"],
      [["--noise=-1"], "--noise: noise (σ) must be a finite number ≥ 0; got -1"],
      [["--gradient", "1e400"], "--gradient: gradient must be a finite number; got Infinity"],
      [["--trials", "1"], "--trials: trials (T) must be an integer in [2, 10000000]; got 1"],
      [["--batch-sizes", "1,2000"], "--batch-sizes: m (batch size, without replacement) must be an integer in [1, 1000]; got 2000"],
    ];
    for (const [argv, message] of cases) {
      const error = usageError(argv);
      expect(error.message).toBe(message);
      expect(error.cause).toBeInstanceOf(ParameterError);
    }
  });
});

describe("formatCsv", () => {
  it("writes the header and one row per m, numbers with String(x)", () => {
    const result = runExperiment({...REFERENCE, trials: 10, batchSizes: [1, 3]});
    const lines = formatCsv(result).split("\n");
    expect(lines).toEqual([CSV_HEADER, ...result.rows.map((r) => `${r.m},${r.variance},${r.theoryIid},${r.theoryFpc},${r.bandLow},${r.bandHigh}`), ""]);
    expect(CSV_HEADER).toBe("m,variance,theory_iid,theory_fpc,band_low,band_high");
  });
});

// --- The command itself.
const ROOT = fileURLToPath(new URL("..", import.meta.url));

function cli(args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bin/experiment.ts", ...args], {cwd: ROOT, encoding: "utf8", timeout: 60_000});
  if (run.error) throw run.error;
  return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

/** Parses the CLI's CSV into header and numeric rows (Number() round-trips String(x) exactly). */
function parseCsv(text: string) {
  const [header, ...lines] = text.trimEnd().split("\n");
  return {header, rows: lines.map((line) => line.split(",").map(Number))};
}

function expectMatchesCore(stdout: string, options: ExperimentOptions) {
  const {header, rows} = parseCsv(stdout);
  expect(header).toBe("m,variance,theory_iid,theory_fpc,band_low,band_high");
  const result = runExperiment(options);
  expect(rows).toEqual(result.rows.map((r) => [r.m, r.variance, r.theoryIid, r.theoryFpc, r.bandLow, r.bandHigh]));
}

describe("bin/experiment.ts", () => {
  it("prints exactly runExperiment(REFERENCE) for the reference flags", () => {
    const run = cli(REFERENCE_FLAGS);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expectMatchesCore(run.stdout, REFERENCE);
    expect(cli([]).stdout).toBe(run.stdout); // the defaults are the reference experiment
  });

  it("prints exactly runExperiment for other options", () => {
    const run = cli(["--seed", "7", "--n", "50", "--gradient=-1.5", "--noise", "0.25", "--trials", "200", "--batch-sizes", "1,5,50", "--replacement", "true", "--rng", "default"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expectMatchesCore(run.stdout, {seed: 7, n: 50, gradient: -1.5, noise: 0.25, trials: 200, batchSizes: [1, 5, 50], replace: true});
  });

  it("prints the usage to stdout with --help and exits 0", () => {
    const run = cli(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(USAGE);
    expect(run.stderr).toBe("");
  });

  it.each([
    [["--foo"], "unknown option --foo"],
    [["--seed", "abc"], '--seed must be a decimal number; got "abc"'],
    [["--batch-sizes", "1,,2"], '--batch-sizes must be a comma-separated list of integers such as 1,4,16,64,256; got "1,,2"'],
    [["--replacement", "yes"], '--replacement must be true or false; got "yes"'],
    [["--rng", "mersenne"], '--rng must be one of default, numpy; got "mersenne"'],
    [["--trials"], "--trials"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--seed", "4294967296"], "--seed: seed must be an integer in [0, 4294967295]; got 4294967296"],
    [["--noise=-0.5"], "--noise: noise (σ) must be a finite number ≥ 0; got -0.5"],
    [["--batch-sizes", "1,2000"], "--batch-sizes: m (batch size, without replacement) must be an integer in [1, 1000]; got 2000"],
  ])("exits 2 with the usage and an error line with the reason on stderr for %j", (args, reason) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(USAGE);
    const errorLine = run.stderr.split("\n").find((line) => line.startsWith("error: "));
    expect(errorLine).toContain(reason);
  });
});
