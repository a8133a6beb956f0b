// npm run build (after npm run clean): Framework's build, with the snapshots computed
// beside it. Framework renders pages and runs its data loaders one at a time, so most
// of its build keeps one core busy; meanwhile a second process computes every snapshot
// into the same store (snapshots/precompute.ts), and the loaders mostly find them ready.
// The exit code is the build's: a snapshot that failed here fails its loader too.
import {spawn, type ChildProcess} from "node:child_process";
import {join} from "node:path";
import {ROOT} from "./snapshots/store.js";

const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"};
const exited = (child: ChildProcess) => new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const precompute = spawn(process.execPath, ["--import", "tsx", join(ROOT, "data-loaders", "snapshots", "precompute.ts")], {cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"]});
const precomputed = exited(precompute);
const build = spawn(join(ROOT, "node_modules", ".bin", "observable"), ["build"], {cwd: ROOT, env, stdio: "inherit"});
const code = await exited(build);
// Normally finished long before; if the build failed early, stop computing.
const stopped = precompute.exitCode === null && precompute.kill();
if ((await precomputed) !== 0 && !stopped && code === 0) process.stderr.write("snapshots: the precompute process failed, but the loaders computed every snapshot\n");
process.exitCode = code;
