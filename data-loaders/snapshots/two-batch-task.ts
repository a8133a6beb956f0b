// One task of the two-batch grid, run on a worker: one dataset and one point of the
// gradient-descent path, every (B_small, B_big) pair, mode, r and seed.
import {preparedDataset} from "../datasets.js";
import {gradientDescentPath, type Weights} from "../../src/lib/regression.js";
import {noiseAt, twoBatchRun} from "../../src/lib/gradient-noise.js";

export interface TwoBatchTask {
  dataset: string;
  step: number;
  path: {start: Weights; learningRate: number};
  pairs: [number, number][];
  replace: boolean[];
  repeats: number[];
  seeds: {from: number; count: number};
}

/** Rows in the column order of TWO_BATCH_COLUMNS. */
export function twoBatchRows(task: TwoBatchTask): (number | string | boolean)[][] {
  const data = preparedDataset(task.dataset);
  const n = data.x.length;
  const w = gradientDescentPath(data, {...task.path, steps: task.step})[task.step];
  const exact = noiseAt(data, w);
  const rows: (number | string | boolean)[][] = [];
  for (const [bSmall, bBig] of task.pairs)
    for (const replace of task.replace)
      for (const repeats of task.repeats)
        for (let seed = task.seeds.from; seed < task.seeds.from + task.seeds.count; ++seed) {
          const r = twoBatchRun(exact.gradients, {dataset: task.dataset, seed, n, bSmall, bBig, replace, repeats});
          rows.push([task.dataset, n, task.step, bSmall, bBig, replace, repeats, seed, r.smallNorm2, r.bigNorm2,
            r.exact.gradientNorm2, r.exact.trace, r.exact.bSimple, r.paper.gradientNorm2, r.paper.trace, r.paper.bSimple,
            exact.gradientNorm2, exact.trace, exact.bSimple]);
        }
  return rows;
}
