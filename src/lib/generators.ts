// The random sources a reader can choose. Each runs the whole experiment as a pure
// function of its options.
import {experimentSteps, runExperiment, type ExperimentOptions, type ExperimentResult, type ExperimentStep} from "./experiment.js";
import {numpyExperimentSteps, runNumpyExperiment} from "./numpy-experiment.js";

export interface Generator {
  name: string;
  label: string;
  run(options: ExperimentOptions): ExperimentResult;
  steps(options: ExperimentOptions): Iterable<ExperimentStep>;
}

export const GENERATORS = {
  default: {name: "default", label: "Default (xoshiro128** streams)", run: runExperiment, steps: experimentSteps},
  numpy: {name: "numpy", label: "numpy (legacy RandomState)", run: runNumpyExperiment, steps: numpyExperimentSteps},
} as const satisfies Record<string, Generator>;

export type GeneratorName = keyof typeof GENERATORS;
export const GENERATOR_NAMES = Object.keys(GENERATORS) as GeneratorName[];
