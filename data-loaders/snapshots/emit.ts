// What the loaders in src/data/ call: write one snapshot's bytes (or the manifest) to
// stdout. Any failure — a malformed spec or grid, an unknown name, a failing
// computation — prints one line naming the snapshot on stderr and exits non-zero,
// which fails Framework's build; nothing is written to stdout, and Framework keeps a
// loader's output only when it exits 0.
import {parseArgs} from "node:util";
import {buildSnapshot} from "./store.js";
import {SNAPSHOTS, SEED_SLICES, findSnapshot, checkRegistry} from "./registry.js";
import {snapshotJson} from "./render.js";
import {buildManifest} from "./manifest.js";
import {oneLine} from "./check.js";
import type {SnapshotSpec} from "./types.js";

interface EmitOptions {
  /** The registered snapshots (tests pass others). */
  specs?: readonly SnapshotSpec<any>[];
  argv?: string[];
}

/** The loader's --name (Framework passes a parameterized path's parameter so), or "". */
function nameArg(argv: string[]): string {
  const {values} = parseArgs({args: argv, options: {name: {type: "string"}}, strict: false});
  return typeof values.name === "string" ? values.name : "";
}

async function run(label: string, write: () => Promise<string>): Promise<void> {
  let text: string;
  try {
    text = await write();
  } catch (error) {
    process.stderr.write(`error: ${oneLine(label, error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(text);
}

export async function emitSnapshot(format: "csv" | "json", {specs = SNAPSHOTS, argv = process.argv.slice(2)}: EmitOptions = {}): Promise<void> {
  const name = nameArg(argv);
  await run(name, async () => {
    checkRegistry(specs, {grids: () => false});
    const spec = findSnapshot(name, specs);
    checkRegistry([spec]); // its grid too
    return (await buildSnapshot(spec))[format];
  });
}

export async function emitManifest({specs = SNAPSHOTS}: EmitOptions = {}): Promise<void> {
  await run("", async () => JSON.stringify(await buildManifest(specs), null, 2) + "\n");
}

/** The rows of one seed of a snapshot in SEED_SLICES, as its JSON (--name <snapshot>-seed-<k>). */
export async function emitSeedSlice({specs = SNAPSHOTS, argv = process.argv.slice(2)}: EmitOptions = {}): Promise<void> {
  const sliceName = nameArg(argv);
  const [, name = "", seed = ""] = /^(.*)-seed-(\d+)$/.exec(sliceName) ?? [];
  await run(name, async () => {
    const slice = SEED_SLICES.find((s) => s.name === name && s.seeds.includes(Number(seed)));
    if (!slice) throw new Error(`no seed slice ${JSON.stringify(sliceName)}; known: ${SEED_SLICES.map((s) => `${s.name}-seed-{${s.seeds.join(",")}}`).join(", ")}`);
    const spec = findSnapshot(name, specs);
    const table = JSON.parse((await buildSnapshot(spec)).json) as {columns: string[]; rows: unknown[][]};
    const column = table.columns.indexOf("seed");
    return snapshotJson(spec, table.rows.filter((row) => row[column] === Number(seed)) as never);
  });
}
