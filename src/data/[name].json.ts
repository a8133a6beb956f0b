// Stable address /data/<name>.json for every snapshot (see data-loaders/snapshots).
import {emitSnapshot} from "../../data-loaders/snapshots/emit.js";

await emitSnapshot("json");
