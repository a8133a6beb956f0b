// Exact port of NumPy's legacy `RandomState` stream — np.random.seed, random_sample,
// randn, randint, permutation, choice — so that a course script written against
// `np.random.seed(0)` replays bit for bit in a browser or a Web Worker (no DOM,
// no Node APIs here).
//
// Followed from NumPy's sources (the legacy stream has been frozen since 1.17):
//   random/src/mt19937/mt19937.c                 mt19937_seed, mt19937_gen, tempering
//   random/src/legacy/legacy-distributions.c     legacy_gauss (polar method, cached pair)
//   random/src/distributions/distributions.c     random_interval, random_bounded_uint64_fill
//   random/mtrand.pyx, random/_bounded_integers   shuffle, permutation, choice, randint
//   core/src/umath/loops_utils.h.src             pairwise summation behind np.mean / np.var
//
// Why this file carries its own log(): legacy_gauss calls the C library's log().
// V8's Math.log (fdlibm) differs from glibc's log by one ulp on ~5% of the inputs
// legacy_gauss feeds it, which flips the last bit of ~3% of the normal deviates.
// We port glibc's log (glibc ≥ 2.28, the ARM optimized-routines algorithm),
// including the fused multiply-adds of the x86-64 FMA build that glibc selects on
// CPUs since ~2013, with a software FMA. See `NumpyLogVariant` for the platform caveat.

const STATE_LEN = 624;
const SHIFT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
// NumPy's add.reduce works through its iterator buffer, so pairwise summation
// restarts every 8192 elements (checked against np.sum on this numpy).
const NUMPY_BUFSIZE = 8192;

/**
 * Which C-library log() to reproduce inside legacy_gauss. NumPy itself is only
 * bit-reproducible per libm: "glibc-fma" is glibc ≥ 2.28 on an x86-64 CPU with
 * FMA/AVX2 (what glibc's ifunc picks on Haswell and later; the reference fixtures
 * were made this way); "glibc-nofma" is the same glibc on older CPUs (differs from
 * "glibc-fma" in the last bit of log for ~1 input in 10⁴). macOS, Windows and
 * glibc < 2.28 use other log implementations. "Math.log" is the fast,
 * non-reproducing option.
 */
export type NumpyLogVariant = GlibcLogVariant | "Math.log";

/** The two builds of glibc's log() that x86-64 glibc chooses between at load time. */
export type GlibcLogVariant = "glibc-fma" | "glibc-nofma";

export interface NumpyRandomStateOptions {
  log?: NumpyLogVariant;
}

export interface NumpyChoiceOptions {
  /** As in NumPy, sampling is with replacement unless `replace: false`. */
  replace?: boolean;
}

/** Snapshot comparable with `RandomState.get_state()`. */
export interface NumpyLegacyState {
  key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

export interface NumpyRandomState {
  /** Next raw MT19937 output, genrand_int32 (what `MT19937.random_raw()` returns). */
  nextUint32(): number;
  /** `random_sample()`: 53-bit double in [0, 1) built from two outputs. */
  randomSample(): number;
  /** `standard_normal()` / `randn()`: legacy polar method, second value cached. */
  standardNormal(): number;
  /** `randn(n)`. */
  randn(n: number): Float64Array;
  /** Legacy `random_interval(max)`: uniform integer in [0, max] by masked rejection. max ≤ 2^32 − 1. */
  randomInterval(max: number): number;
  /** `permutation(n)`: Fisher–Yates shuffle of arange(n), last index first. */
  permutation(n: number): Int32Array;
  /** `permutation(out.length)` written into `out` (same draws), to reuse a buffer. */
  permutationInto(out: Int32Array): Int32Array;
  /** `choice(n, m, replace)` without `p`: `permutation(n)[:m]` or `randint(0, n, m)`. */
  choice(n: number, m: number, options?: NumpyChoiceOptions): Int32Array;
  /** `randint(low, high, size)` with the default int64 dtype; results must fit in int32. */
  randint(low: number, high: number, size: number): Int32Array;
  /** `get_state()` equivalent (a copy). */
  getState(): NumpyLegacyState;
}

export function numpyRandomState(seed: number, options: NumpyRandomStateOptions = {}): NumpyRandomState {
  checkInteger("seed", seed, 0, UINT32_MAX);
  const log = logFunction(options.log ?? "glibc-fma");
  const key = new Uint32Array(STATE_LEN);
  const tempered = new Uint32Array(STATE_LEN); // outputs of the current block, for speed
  let pos = STATE_LEN;
  let hasGauss = false;
  let gauss = 0;
  seedKey(key, seed);

  function nextUint32(): number {
    if (pos === STATE_LEN) {
      twist(key);
      temper(key, tempered);
      pos = 0;
    }
    return tempered[pos++];
  }

  function randomSample(): number {
    const a = nextUint32() >>> 5;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  function standardNormal(): number {
    if (hasGauss) {
      const cached = gauss;
      hasGauss = false;
      gauss = 0;
      return cached;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * randomSample() - 1;
      x2 = 2 * randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    // NumPy returns f·x2 now and keeps f·x1 for the next call.
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  // Masked rejection on 32-bit outputs; `mask` is the smallest 2^k − 1 ≥ max.
  function boundedMasked(max: number, mask: number): number {
    let value: number;
    do value = (nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  function randomInterval(max: number): number {
    return max === 0 ? 0 : boundedMasked(max, maskFor(max));
  }

  // shuffle(arange(n)) into out[0..n): NumPy's loop `for i in reversed(range(1, n))`.
  function shuffleArange(out: Int32Array, n: number): void {
    for (let i = 0; i < n; ++i) out[i] = i;
    let mask = maskFor(n - 1);
    for (let i = n - 1; i > 0; --i) {
      if (i <= mask >>> 1) mask >>>= 1; // still maskFor(i), updated incrementally
      const j = boundedMasked(i, mask);
      const t = out[j];
      out[j] = out[i];
      out[i] = t;
    }
  }

  // random_bounded_uint64_fill(off, rng, masked): rng ≤ 2^32 − 1 takes the 32-bit
  // path, whose "buffered" masked draw is plain random_interval per element.
  function fillBounded(out: Int32Array, off: number, rng: number): void {
    if (rng === 0) {
      out.fill(off); // no draws at all
      return;
    }
    const mask = maskFor(rng);
    for (let i = 0; i < out.length; ++i) out[i] = off + boundedMasked(rng, mask);
  }

  return {
    nextUint32,
    randomSample,
    standardNormal,
    randn(n) {
      checkInteger("n", n, 0, Number.MAX_SAFE_INTEGER);
      const out = new Float64Array(n);
      for (let i = 0; i < n; ++i) out[i] = standardNormal();
      return out;
    },
    randomInterval(max) {
      checkInteger("max", max, 0, UINT32_MAX);
      return randomInterval(max);
    },
    permutation(n) {
      checkInteger("n", n, 0, INT32_MAX);
      const out = new Int32Array(n);
      shuffleArange(out, n);
      return out;
    },
    permutationInto(out) {
      shuffleArange(out, out.length);
      return out;
    },
    choice(n, m, {replace = true} = {}) {
      checkInteger("n", n, 0, INT32_MAX);
      checkInteger("m", m, 0, replace ? INT32_MAX : n);
      if (n === 0 && m > 0) throw new RangeError(`n must be positive unless m is 0; got n = 0, m = ${m}`);
      if (replace) {
        const out = new Int32Array(m);
        if (m > 0) fillBounded(out, 0, n - 1); // randint returns early for size 0
        return out;
      }
      const perm = new Int32Array(n);
      shuffleArange(perm, n); // NumPy shuffles all n even when m < n
      return perm.slice(0, m);
    },
    randint(low, high, size) {
      checkInteger("low", low, INT32_MIN, INT32_MAX);
      checkInteger("high", high, low + 1, INT32_MAX + 1);
      checkInteger("size", size, 0, INT32_MAX);
      const out = new Int32Array(size);
      if (size > 0) fillBounded(out, low, high - 1 - low);
      return out;
    },
    getState() {
      return {key: key.slice(), pos, hasGauss, gauss};
    },
  };
}

/** Options of `numpyCourseExperiment`, named like the course script's variables. */
export interface NumpyCourseExperimentOptions {
  seed: number;
  /** Population size N. */
  n: number;
  gradient: number;
  noise: number;
  trials: number;
  batchSizes: readonly number[];
  replace: boolean;
  log?: NumpyLogVariant;
}

export interface NumpyCourseExperimentRow {
  m: number;
  /** np.var(batch_grads), ddof = 0. */
  variance: number;
  /** The `trials` values of np.mean(batch). */
  batchMeans: Float64Array;
}

export interface NumpyCourseExperimentResult {
  /** gradients = gradient + randn(N) * noise. */
  population: Float64Array;
  rows: NumpyCourseExperimentRow[];
}

/**
 * Replays the course script exactly, including NumPy's summation order:
 *
 *   np.random.seed(seed)
 *   gradients = gradient + np.random.randn(N) * noise
 *   for m in batch_sizes:
 *       batch_grads = [np.mean(np.random.choice(gradients, size=m, replace=replace))
 *                      for _ in range(trials)]
 *       variances.append(np.var(batch_grads))
 */
export function numpyCourseExperiment(options: NumpyCourseExperimentOptions): NumpyCourseExperimentResult {
  const {seed, n, gradient, noise, trials, batchSizes, replace} = options;
  checkInteger("n", n, 1, INT32_MAX);
  checkInteger("trials", trials, 1, INT32_MAX);
  checkFinite("gradient", gradient);
  checkFinite("noise", noise);
  for (const m of batchSizes) checkInteger("batch size", m, 1, replace ? INT32_MAX : n);
  const rs = numpyRandomState(seed, {log: options.log});

  const population = rs.randn(n);
  for (let i = 0; i < n; ++i) population[i] = gradient + population[i] * noise;

  const rows: NumpyCourseExperimentRow[] = [];
  const perm = new Int32Array(n); // reused: choice(replace=False) permutes all N per batch
  for (const m of batchSizes) {
    const batch = new Float64Array(m);
    const batchMeans = new Float64Array(trials);
    for (let t = 0; t < trials; ++t) {
      const idx = replace ? rs.choice(n, m, {replace: true}) : rs.permutationInto(perm);
      for (let k = 0; k < m; ++k) batch[k] = population[idx[k]];
      batchMeans[t] = numpyMean(batch);
    }
    rows.push({m, variance: numpyVar(batchMeans), batchMeans});
  }
  return {population, rows};
}

/** np.sum of a float64 vector: pairwise summation restarted every 8192 elements. */
export function numpySum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += NUMPY_BUFSIZE) {
    sum += pairwiseSum(values, start, Math.min(NUMPY_BUFSIZE, values.length - start));
  }
  return sum;
}

/** np.mean of a float64 vector. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}

/** np.var of a float64 vector (ddof = 0): mean first, then the mean of squared deviations. */
export function numpyVar(values: ArrayLike<number>): number {
  const mean = numpyMean(values);
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; ++i) {
    const d = values[i] - mean;
    squares[i] = d * d;
  }
  return numpySum(squares) / values.length;
}

// NumPy's DOUBLE_pairwise_sum: 8 accumulators up to 128 elements, halving above.
function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; ++i) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (const end = n - (n % 8); i < end; i += 8) {
      const p = start + i;
      r0 += a[p], r1 += a[p + 1], r2 += a[p + 2], r3 += a[p + 3];
      r4 += a[p + 4], r5 += a[p + 5], r6 += a[p + 6], r7 += a[p + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; ++i) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

function seedKey(key: Uint32Array, seed: number): void {
  // mt19937_seed: Knuth's multiplier, as in the reference init_genrand.
  let s = seed >>> 0;
  for (let pos = 0; pos < STATE_LEN; ++pos) {
    key[pos] = s;
    s = (Math.imul(1812433253, s ^ (s >>> 30)) + pos + 1) >>> 0;
  }
}

function twist(key: Uint32Array): void {
  let i = 0;
  for (; i < STATE_LEN - SHIFT_M; ++i) {
    const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
    key[i] = key[i + SHIFT_M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; i < STATE_LEN - 1; ++i) {
    const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
    key[i] = key[i + SHIFT_M - STATE_LEN] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = (key[STATE_LEN - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
  key[STATE_LEN - 1] = key[SHIFT_M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

function temper(key: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < STATE_LEN; ++i) {
    let y = key[i];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    out[i] = y;
  }
}

function maskFor(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}]; got ${describe(value)}`);
  }
}

function checkFinite(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number; got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function logFunction(variant: NumpyLogVariant): (x: number) => number {
  switch (variant) {
    case "glibc-fma": return glibcLogFma;
    case "glibc-nofma": return glibcLogNoFma;
    case "Math.log": return Math.log;
    default: throw new RangeError(`log must be "glibc-fma", "glibc-nofma" or "Math.log"; got ${describe(variant)}`);
  }
}

// ---------------------------------------------------------------------------
// glibc's log(), bit-exact. Constants are glibc's __log_data (LOG_TABLE_BITS = 7,
// LOG_POLY_ORDER = 6, LOG_POLY1_ORDER = 12), from ARM's optimized-routines.

/** glibc log() for the given build; "glibc-fma" matches x86-64 CPUs with FMA. */
export function glibcLog(x: number, variant: GlibcLogVariant = "glibc-fma"): number {
  return variant === "glibc-fma" ? glibcLogFma(x) : glibcLogNoFma(x);
}

const LN2_HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LN2_LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
const A0 = -0.5000000000000001, A1 = 0.33333333331825593, A2 = -0.2499999999622955;
const A3 = 0.20000304511814496, A4 = -0.16667054827627667;
const B0 = -0.5, B1 = 0.3333333333333352, B2 = -0.24999999999998432, B3 = 0.19999999999320328;
const B4 = -0.16666666669929706, B5 = 0.14285715076560868, B6 = -0.12499997863982555;
const B7 = 0.11110712032936046, B8 = -0.10000486757818193, B9 = 0.09181994006195467;
const B10 = -0.08328363062289341;
const TWO_POW_27 = 134217728;
const TWO_POW_52 = 4503599627370496;

// Pairs (invc, logc): 1/c and log(c) for c near the centre of subinterval i of [0x1.6p-1, 0x1.6p0).
const LOG_TABLE = new Float64Array([
  1.4504249240398293, -0.3718565645633589,
  1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945,
  1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097,
  1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188,
  1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586,
  1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761,
  1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526,
  1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998,
  1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555,
  1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154,
  1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115,
  1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692,
  1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968,
  1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678,
  1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873,
  1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895,
  1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046,
  1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045,
  1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833,
  1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919,
  1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543,
  1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228,
  1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024,
  1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573,
  1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727,
  1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279,
  1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482,
  1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573,
  1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901,
  1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698,
  1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668,
  1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897,
  1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143,
  1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327,
  1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086,
  1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985,
  1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888,
  1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822,
  1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831,
  1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809,
  1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412,
  0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066,
  0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744,
  0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186,
  0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107,
  0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153,
  0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905,
  0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516,
  0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061,
  0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756,
  0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146,
  0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969,
  0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753,
  0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317,
  0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744,
  0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396,
  0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975,
  0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884,
  0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145,
  0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143,
  0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595,
  0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256,
  0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876,
  0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366,
  0.729344777457841, 0.31560871301871884,
]);

// Pairs (chi, clo) with chi + clo ≈ c, used when there is no fast FMA.
const LOG_TABLE2 = new Float64Array([
  0.6894531274426304, 2.60290652810535e-17,
  0.6933593811533166, 5.1607448519931415e-17,
  0.6972656502972674, 5.290672414887869e-17,
  0.7011718886092148, 7.801030634806013e-18,
  0.7050781228976939, -2.471355337688684e-17,
  0.7089843887644558, -4.6413389636862956e-17,
  0.7128906815542553, 3.3387408065940366e-17,
  0.7167968359278303, -2.6454587338050098e-17,
  0.7207031520563163, 2.4284096334522285e-17,
  0.7246093683054673, 4.85782435031982e-17,
  0.7285155644718035, -1.3014776598894487e-17,
  0.7324219036935506, -1.0402317671225898e-17,
  0.73632811474659, 3.078291427467431e-17,
  0.7402343715130797, -1.4304998976623033e-17,
  0.7441405900738403, -2.8625955785571303e-17,
  0.7480468324364, 5.1609093535635645e-17,
  0.7519531335902885, 4.423423949536319e-17,
  0.7558594189116706, -4.683016762099508e-17,
  0.7597656365502305, 4.466742007514772e-17,
  0.7636719350887737, -4.8134498775190266e-17,
  0.767578087670501, -4.3371015350542286e-17,
  0.7714844396979536, -2.515644472251707e-17,
  0.7753905747966752, -4.163636184961329e-17,
  0.7792968686084766, 3.3837161384165165e-17,
  0.783203182701066, 4.379206565056758e-17,
  0.7871094109030913, 2.7322930976146396e-17,
  0.7910155783031153, -5.463661225364046e-17,
  0.7949218121071572, -1.4320502634189868e-17,
  0.7988281031542229, -4.0766731402809024e-17,
  0.8027343109146796, -4.0338264352540086e-17,
  0.8066405901480322, 1.7241428071650815e-18,
  0.8105469363625933, -4.5534218930924523e-17,
  0.8144531571720115, 1.821216920589142e-17,
  0.8183593894061396, 4.9864288025894273e-17,
  0.8222656559018297, 4.335990416726689e-17,
  0.8261719308006343, -5.422001471661127e-17,
  0.830078177803083, -5.333603728929035e-17,
  0.8339844538076674, -1.1270648442682386e-17,
  0.8378905498984414, -3.165126734800398e-17,
  0.8417968420618669, 1.1286283062565865e-17,
  0.8457030568173808, 5.643595964448442e-18,
  0.8496093725173733, -2.1687834632368187e-17,
  0.8535155534462677, -2.2548234217914977e-17,
  0.8574219432077146, 4.683260556353139e-17,
  0.8613281129443706, 2.5148296884122795e-17,
  0.8652342893532053, -8.672187570949467e-18,
  0.8691405397938828, -1.2576268285559751e-17,
  0.8730468608194392, -2.9930851265148e-17,
  0.8769530685783117, 4.814801507681644e-17,
  0.8808593488818101, -9.10549533611022e-18,
  0.8847655593409667, -3.512414651620766e-17,
  0.888671840226208, 3.555261815374023e-17,
  0.8925780870017613, 1.692380503540994e-17,
  0.8964844367374554, -1.0837881791715702e-17,
  0.9003905608862683, 5.2900545724138363e-17,
  0.9042968358682077, 5.3330721088784517e-17,
  0.9082031671057441, 1.8640040753232978e-17,
  0.9121093993305497, 4.467972832054075e-17,
  0.9160155849026457, -5.216213419585033e-18,
  0.9199219622862499, -2.7324731032846873e-17,
  0.9238281880717143, -1.7769263393434193e-17,
  0.9277343012727929, 4.943363080817441e-17,
  0.9316407021562788, 4.164434042024055e-17,
  0.935546825207466, 1.3011820859795741e-17,
  0.9394530312562943, -2.7332907838481398e-17,
  0.9433593066844669, 2.342133170803292e-17,
  0.9472655994038329, 1.6478717480487438e-17,
  0.9511718313032721, -5.19608290131499e-18,
  0.9550781578218178, -3.5565573220579e-17,
  0.9589843147339043, 2.0816772146458738e-17,
  0.9628906735633685, -3.471962826146841e-18,
  0.9667968893972092, -3.68646834472642e-17,
  0.9707031054025779, -3.4674108076868834e-18,
  0.9746094325494931, 4.598152624774392e-17,
  0.9785156054582722, 4.553145752392568e-17,
  0.9824218687812282, -7.811259169418978e-18,
  0.9863280690752917, 2.0375615178047467e-17,
  0.9902342909546034, -1.344597043422914e-17,
  0.9941406780264008, 1.51853723695054e-17,
  0.9980468598715558, -1.301926039598001e-17,
  1.0039062067717412, -4.596120641744973e-17,
  1.0117187035281372, -8.152405002665349e-17,
  1.0195312424919558, 8.239927014757811e-17,
  1.0273437641634193, 3.122851005327045e-17,
  1.0351562274561221, -1.3010212611128995e-17,
  1.0429687539123276, -5.984116688633458e-17,
  1.0507812561238108, 2.860923854822335e-17,
  1.0585937308350133, -1.9962944508904598e-17,
  1.0664062936992642, 5.291469130309099e-17,
  1.0742187309945372, 1.0321575006732523e-16,
  1.082031301537134, 9.021194373419119e-17,
  1.0898438063644336, 5.202798992357953e-17,
  1.0976562356711468, 5.898318482500785e-17,
  1.1054688179463226, 8.846377690653252e-17,
  1.113281220803328, -9.529455965212574e-18,
  1.1210937073167315, 6.765080709377787e-17,
  1.1289062967338532, 1.0929327370933015e-16,
  1.1367187631150848, 6.938570551230516e-17,
  1.1445312490244826, 1.908841015045148e-17,
  1.1523437096203593, 2.7744504138979832e-17,
  1.1601563266482477, -1.5621964097491672e-17,
  1.1679688257483505, -6.4191661495975e-17,
  1.1757811754697645, -4.336465165059268e-17,
  1.183593793665613, -3.8159292551356396e-17,
  1.1914062331617676, -2.94933042768015e-17,
  1.1992187450577771, -6.244142916351348e-17,
  1.2070312971249755, 7.458644622627413e-17,
  1.2148438169965134, 2.7760519266147807e-17,
  1.222656225220801, -7.025106921079665e-17,
  1.2304687681290862, 3.7292622364618835e-17,
  1.2382812116234925, 2.2558949940652082e-17,
  1.2460936706149877, 8.499368944400665e-17,
  1.2539063289686938, 1.039515474644361e-17,
  1.2617188367227732, 3.297262223275499e-17,
  1.2695311590462317, 4.509883253594155e-17,
  1.277343660657941, -7.546987371769545e-17,
  1.2851561882963496, 9.454295598818184e-17,
  1.2929686521915196, -7.28545609119749e-17,
  1.3007813359167737, -8.934357651462802e-17,
  1.3085938093753886, 8.15257059458102e-17,
  1.3164063202609564, 6.946341460765881e-18,
  1.3242188320313901, -7.892731380721676e-17,
  1.3320311786874468, -4.3384657500713545e-17,
  1.3398436880573092, 9.627577954598792e-17,
  1.3476563390295309, 4.2492400590204517e-17,
  1.3554687641043626, -1.0843419551446047e-16,
  1.3632813590971713, -8.50172782472025e-17,
  1.3710936595522603, -7.110627206162922e-17,
]);

// Word access to doubles; typed arrays use the platform byte order.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

// Outputs of logReduce (module scratch, to keep the hot path allocation-free).
let logK = 0;
let logZ = 0;
let logSpecial = 0;

// Writes x = 2^logK · logZ with logZ in [0x1.6p-1, 0x1.6p0) and returns the table
// index of logZ's subinterval; for 0, negative, infinite or NaN x it returns −1 and
// leaves log(x) in logSpecial. Mirrors glibc's bit manipulation on the 64-bit pattern.
function logReduce(x: number): number {
  f64[0] = x;
  let hi = u32[HI];
  const top = hi >>> 16;
  if (top < 0x0010 || top >= 0x7ff0) {
    if (!(x > 0) || x === Infinity) {
      logSpecial = x === 0 ? -Infinity : x === Infinity ? Infinity : NaN;
      return -1;
    }
    f64[0] = x * TWO_POW_52; // subnormal: normalize, then undo the scaling in k
    hi = (u32[HI] - (52 << 20)) | 0;
  }
  const lo = u32[LO];
  const tmpHi = (hi - 0x3fe60000) | 0; // high word of ix − 0x3fe6000000000000
  logK = tmpHi >> 20;
  u32[HI] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  u32[LO] = lo;
  logZ = f64[0];
  return (tmpHi >>> 13) & 127;
}

function isNearOne(x: number): boolean {
  f64[0] = x;
  const hi = u32[HI];
  // 1 − 2^-4 ≤ x < 1 + 0x1.09p-4: both bounds have a zero low word.
  return hi >= 0x3fee0000 && hi < 0x3ff10900;
}

function glibcLogFma(x: number): number {
  if (isNearOne(x)) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    // The FMA build contracts the Horner-like polynomial as below (from the machine code).
    let p1 = fma(r, B2, B1);
    let p4 = fma(r, B5, B4);
    let p7 = fma(r, B8, B7);
    p1 = fma(r2, B3, p1);
    p4 = fma(r2, B6, p4);
    p7 = fma(r2, B9, p7);
    p7 = fma(r3, B10, p7);
    p4 = fma(p7, r3, p4);
    p1 = fma(p4, r3, p1);
    // r = rhi + rlo with rhi on 26 bits, so rhi·rhi and the ·B0 = −0.5 below are exact.
    const w = r * TWO_POW_27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const w2 = rhi * rhi * B0;
    const hi = r + w2;
    let lo = r - hi + w2;
    lo = fma(B0 * rlo, rhi + r, lo);
    return hi + fma(p1, r3, lo);
  }
  const i = logReduce(x);
  if (i < 0) return logSpecial;
  const invc = LOG_TABLE[2 * i];
  const logc = LOG_TABLE[2 * i + 1];
  const kd = logK;
  const z = logZ;
  const w = fma(kd, LN2_HI, logc);
  const r = fma(z, invc, -1);
  const q = fma(r, A2, A1);
  const hi = r + w;
  const r2 = r * r;
  let lo = w - hi + r;
  lo = fma(kd, LN2_LO, lo);
  const r3 = r * r2;
  let p = fma(r, A4, A3);
  lo = fma(r2, A0, lo);
  p = fma(p, r2, q);
  return fma(r3, p, lo) + hi;
}

function glibcLogNoFma(x: number): number {
  if (isNearOne(x)) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    let y = r3 * (B1 + r * B2 + r2 * B3
      + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10)));
    const w = r * TWO_POW_27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const w2 = rhi * rhi * B0;
    const hi = r + w2;
    let lo = r - hi + w2;
    lo += B0 * rlo * (rhi + r);
    y += lo;
    y += hi;
    return y;
  }
  const i = logReduce(x);
  if (i < 0) return logSpecial;
  const invc = LOG_TABLE[2 * i];
  const logc = LOG_TABLE[2 * i + 1];
  const kd = logK;
  const r = (logZ - LOG_TABLE2[2 * i] - LOG_TABLE2[2 * i + 1]) * invc;
  const w = kd * LN2_HI + logc;
  const hi = w + r;
  const lo = w - hi + r + kd * LN2_LO;
  const r2 = r * r;
  return lo + r2 * A0 + r * r2 * (A1 + r * A2 + r2 * (A3 + r * A4)) + hi;
}

// ---------------------------------------------------------------------------
// Fused multiply-add, correctly rounded, without hardware FMA: Dekker's exact
// product, then Boldo & Melquiond's rounding-to-odd trick (IEEE TC 57(4), 2008).

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant

/**
 * RN(a·b + c) with a single rounding. Exact for finite inputs with |a|, |b| < 2^995
 * and, when a·b ≠ 0, |a·b| ≥ 2^-968 (so the product's error term is a normal double);
 * glibc's log stays far inside this range. Outside it the result may be off by one ulp.
 */
export function fma(a: number, b: number, c: number): number {
  const uh = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = ah * bh - uh + ah * bl + al * bh + al * bl; // uh + ul = a·b exactly
  const th = c + uh;
  const bv = th - c;
  const tl = c - (th - bv) + (uh - bv); // th + tl = c + uh exactly
  return th + addRoundToOdd(tl, ul);
}

// x + y rounded to the neighbouring double whose last significand bit is 1
// (unless exact): it keeps the "sticky" information the final rounding needs.
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bv = s - x;
  const e = x - (s - bv) + (y - bv);
  if (e === 0) return s;
  f64[0] = s;
  const lo = u32[LO];
  if (lo & 1) return s;
  if ((s > 0) === (e > 0)) u32[LO] = lo + 1; // away from zero; lo is even, so no carry
  else if (lo !== 0) u32[LO] = lo - 1;
  else {
    u32[LO] = UINT32_MAX;
    u32[HI] = u32[HI] - 1;
  }
  return f64[0];
}
