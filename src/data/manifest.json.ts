// /data/manifest.json: every snapshot with its schema, generator and SHA-256.
import {emitManifest} from "../../data-loaders/snapshots/emit.js";

await emitManifest();
