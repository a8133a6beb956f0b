// The Real-loss page's datasets (read from node_modules at build time): see data-loaders/datasets.ts.
import {regressionDatasetsJson} from "../../../data-loaders/datasets.js";

process.stdout.write(regressionDatasetsJson());
