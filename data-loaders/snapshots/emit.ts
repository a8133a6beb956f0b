// What the loaders in src/data/ call: write one snapshot's bytes to stdout.
import {parseArgs} from "node:util";
import {buildSnapshot} from "./store.js";
import {findSnapshot, checkRegistry} from "./registry.js";
import {buildManifest} from "./manifest.js";

export async function emitSnapshot(format: "csv" | "json"): Promise<void> {
  const {values} = parseArgs({options: {name: {type: "string"}}});
  checkRegistry();
  const file = await buildSnapshot(findSnapshot(values.name ?? ""));
  process.stdout.write(file[format]);
}

export async function emitManifest(): Promise<void> {
  process.stdout.write(JSON.stringify(await buildManifest(), null, 2) + "\n");
}
