// The pure parts of the experiment CLI (bin/experiment.ts): argument parsing and the
// CSV output. parseCliArgs returns the options or throws a UsageError whose message is
// the reason, so the wrapper only prints and picks the exit code.
import {GENERATOR_NAMES, type GeneratorName} from "../src/lib/generators.js";
import {parseArgs} from "node:util";
import {REFERENCE, checkExperiment, type ExperimentOptions, type ExperimentResult} from "../src/lib/experiment.js";
import {MAX_POPULATION} from "../src/lib/population.js";
import {parseBatchSizes} from "../src/lib/parse.js";
import {ParameterError} from "../src/lib/validate.js";

/** The random sources the CLI can run the experiment with: those of src/lib/generators.ts. */
export const RNG_NAMES = GENERATOR_NAMES;
export type RngName = GeneratorName;

export interface CliOptions {
  /** --help: print the usage and exit. */
  help: boolean;
  rng: RngName;
  experiment: ExperimentOptions;
  /** --snapshot: recompute rows of a published snapshot instead (the other flags select them). */
  snapshot?: SnapshotSelection;
}

/** A snapshot name and, per column, the values the given flags select (a flag left out selects every grid value). */
export interface SnapshotSelection {
  name: string;
  where: Record<string, (number | boolean)[]>;
}

/** A bad command line: an unknown flag, a malformed value, or one out of range. */
export class UsageError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: npm run experiment -- [options]
       npx tsx bin/experiment.ts [options]

Runs the mini-batch gradient noise experiment and prints CSV to stdout:
  m,variance,theory_iid,theory_fpc,band_low,band_high

Options (defaults: the reference experiment):
  --seed <int>           seed, an integer in [0, 2^32 - 1]            (default ${REFERENCE.seed})
  --n <int>              population size N, in [1, 1000000]           (default ${REFERENCE.n})
  --gradient <number>    centre of the per-sample gradients           (default ${REFERENCE.gradient})
  --noise <number>       σ, the per-sample noise, ≥ 0                 (default ${REFERENCE.noise})
  --trials <int>         T, mini-batches per batch size, in [2, 10^7] (default ${REFERENCE.trials})
  --batch-sizes <list>   comma-separated batch sizes m, e.g. 1,4,16   (default ${REFERENCE.batchSizes.join(",")})
  --replacement <bool>   true or false: sample with replacement       (default ${REFERENCE.replace})
  --rng <name>           random source: ${RNG_NAMES.join(", ")}${" ".repeat(Math.max(1, 30 - RNG_NAMES.join(", ").length))}(default default)
  --snapshot <name>      recompute rows of a published snapshot, e.g. variance-v1, and
                         print them in its CSV format (RFC 4180, its columns); the flags
                         above select rows and must lie on its grid; a flag left out
                         selects all its grid values (gradient and T are fixed by it)
  -h, --help             print this help and exit

Write negative values with "=", e.g. --gradient=-2.
Exit codes: 0 success, 2 bad arguments, 1 other errors.
`;

const OPTIONS = {
  seed: {type: "string"},
  n: {type: "string"},
  gradient: {type: "string"},
  noise: {type: "string"},
  trials: {type: "string"},
  "batch-sizes": {type: "string"},
  replacement: {type: "string"},
  rng: {type: "string"},
  snapshot: {type: "string"},
  help: {type: "boolean", short: "h"},
} as const;

/** The snapshot column each row-selecting flag filters (--batch-sizes gives a list of m). */
const SNAPSHOT_COLUMN_OF_FLAG = {seed: "seed", n: "n", gradient: "gradient", noise: "noise", trials: "trials", "batch-sizes": "m", replacement: "replace"} as const;

/** The flag that sets each core parameter (ParameterError.parameter, up to its first space). */
const FLAG_OF_PARAMETER: Record<string, string> = {
  seed: "--seed",
  n: "--n",
  gradient: "--gradient",
  noise: "--noise",
  trials: "--trials",
  m: "--batch-sizes",
  batchSizes: "--batch-sizes",
  replace: "--replacement",
};

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(flag: string, text: string): number {
  if (!DECIMAL.test(text)) throw new UsageError(`--${flag} must be a decimal number; got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The list parser shared with the pages (integers ≥ 1, duplicates dropped), as a usage error. */
function batchSizes(text: string): number[] {
  try {
    return parseBatchSizes(text, {name: "--batch-sizes", max: MAX_POPULATION});
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError(error.message, {cause: error});
    throw error;
  }
}

function parseBoolean(flag: string, text: string): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  throw new UsageError(`--${flag} must be true or false; got ${JSON.stringify(text)}`);
}

function parseRng(text: string): RngName {
  const name = RNG_NAMES.find((n) => n === text);
  if (name === undefined) throw new UsageError(`--rng must be one of ${RNG_NAMES.join(", ")}; got ${JSON.stringify(text)}`);
  return name;
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({args: [...argv], options: OPTIONS, strict: true, allowPositionals: false, tokens: true});
  } catch (error) {
    const code = (error as {code?: unknown}).code;
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw error;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = /'([^']*)'/.exec((error as Error).message)?.[1];
      throw new UsageError(`unknown option ${flag ?? ""}`.trim(), {cause: error});
    }
    throw new UsageError((error as Error).message.replace(/\n/g, " "), {cause: error});
  }
}

/**
 * Parses the CLI's arguments (without the node and script paths) into options, with the
 * reference experiment as defaults, and checks them with the core's checkExperiment.
 * Throws a UsageError naming the flag and the reason for any bad argument. With --help
 * (and no unknown or repeated flag) the other values are not read.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const {values, tokens} = parseFlags(argv);
  const seen = new Set<string>();
  for (const token of tokens)
    if (token.kind === "option") {
      if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
      seen.add(token.name);
    }

  if (values.help === true) return {help: true, rng: "default", experiment: {...REFERENCE, batchSizes: [...REFERENCE.batchSizes]}};

  if (values.snapshot !== undefined) return {help: false, rng: "default", experiment: {...REFERENCE, batchSizes: [...REFERENCE.batchSizes]}, snapshot: snapshotSelection(values)};

  const number = (flag: "seed" | "n" | "gradient" | "noise" | "trials", fallback: number) => {
    const text = values[flag];
    return text === undefined ? fallback : parseNumber(flag, text);
  };
  const experiment: ExperimentOptions = {
    seed: number("seed", REFERENCE.seed),
    n: number("n", REFERENCE.n),
    gradient: number("gradient", REFERENCE.gradient),
    noise: number("noise", REFERENCE.noise),
    trials: number("trials", REFERENCE.trials),
    batchSizes: values["batch-sizes"] === undefined ? [...REFERENCE.batchSizes] : batchSizes(values["batch-sizes"]),
    replace: values.replacement === undefined ? REFERENCE.replace : parseBoolean("replacement", values.replacement),
  };
  const rng = values.rng === undefined ? "default" : parseRng(values.rng);
  try {
    checkExperiment(experiment);
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    const flag = FLAG_OF_PARAMETER[error.parameter.split(" ")[0]];
    throw new UsageError(flag ? `${flag}: ${error.message}` : error.message, {cause: error});
  }
  return {help: false, rng, experiment};
}

function snapshotSelection(values: ReturnType<typeof parseFlags>["values"]): SnapshotSelection {
  const name = values.snapshot!;
  if (!/^[a-z][a-z0-9-]*-v[1-9][0-9]*$/.test(name)) throw new UsageError(`--snapshot must name a snapshot such as variance-v1; got ${JSON.stringify(name)}`);
  if (values.rng !== undefined && values.rng !== "default") throw new UsageError(`--rng ${values.rng} cannot be combined with --snapshot: a snapshot fixes its random source`);
  const where: SnapshotSelection["where"] = {};
  for (const [flag, column] of Object.entries(SNAPSHOT_COLUMN_OF_FLAG)) {
    const text = values[flag as keyof typeof SNAPSHOT_COLUMN_OF_FLAG];
    if (text === undefined) continue;
    where[column] = flag === "batch-sizes" ? batchSizes(text) : flag === "replacement" ? [parseBoolean(flag, text)] : [parseNumber(flag, text)];
  }
  return {name, where};
}

export const CSV_HEADER = "m,variance,theory_iid,theory_fpc,band_low,band_high";

/** The CLI's CSV: one row per batch size, numbers as String(x) (shortest round-trip). */
export function formatCsv(result: ExperimentResult): string {
  const rows = result.rows.map((r) => [r.m, r.variance, r.theoryIid, r.theoryFpc, r.bandLow, r.bandHigh].map(String).join(","));
  return [CSV_HEADER, ...rows].join("\n") + "\n";
}
