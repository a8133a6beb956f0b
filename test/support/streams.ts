// Stream helpers shared by the sampler tests.
import type {RandomStream} from "../../src/lib/random/stream.js";

/**
 * The same stream behind a plain object: the samplers do not recognise the default
 * generator, so they take batchSampler's generic JavaScript path.
 */
export const genericStream = (s: RandomStream): RandomStream => ({nextUint32: () => s.nextUint32(), random: () => s.random(), below: (n) => s.below(n)});
