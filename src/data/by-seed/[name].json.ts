// /data/by-seed/<snapshot>-seed-<k>.json: one seed's rows of a snapshot (see SEED_SLICES).
import {emitSeedSlice} from "../../../data-loaders/snapshots/emit.js";

await emitSeedSlice();
