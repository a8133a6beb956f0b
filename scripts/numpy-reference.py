#!/usr/bin/env python3
"""Writes test/fixtures/numpy-legacy.json: reference draws from NumPy's legacy
RandomState (np.random.seed & co.) for the TypeScript port in
src/lib/random/numpy-legacy.ts.

Run with a Python that has NumPy, e.g. Debian's:  /usr/bin/python3 scripts/numpy-reference.py

Normal deviates go through the C library's log(), so they are only reproducible
per libm; meta.logVariant records which glibc build of log() produced them
(the tests check normals bit for bit only when it is a known one).
"""
import ctypes
import hashlib
import json
import math
import platform
import re
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "numpy-legacy.json"
SEEDS = [0, 1, 42, 2**32 - 1]


def fnv1a32(words):
    """FNV-1a over 32-bit words; the tests compute the same hash in TypeScript."""
    h = 0x811C9DC5
    for w in words:
        h = ((h ^ w) * 0x01000193) & 0xFFFFFFFF
    return h


def hash_f64(values):
    """FNV-1a over the little-endian 32-bit words of a float64 array."""
    raw = np.ascontiguousarray(values, dtype="<f8").tobytes()
    return fnv1a32(np.frombuffer(raw, dtype="<u4").tolist())


def init_genrand(seed):
    """Reference MT19937 init_genrand, to confirm what np.random.seed does."""
    key = [seed]
    for i in range(1, 624):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return key


def raw(rs, n):
    """Raw genrand_int32 outputs of a RandomState's (legacy-seeded) MT19937."""
    return [int(v) for v in rs._bit_generator.random_raw(n)]


def floats(values):
    return [float(v) for v in values]


def ints(values):
    return [int(v) for v in values]


# glibc's log() has several builds; on Debian 12's libm (2.36) we can call them
# directly to tell which one NumPy used. Offsets are for this exact file only.
DEBIAN_LIBM = "/lib/x86_64-linux-gnu/libm.so.6"
DEBIAN_LIBM_SHA256 = "7f2ca87f652f56b094462474b076749e90e689d0ecb9cb63c7679820b271b4e7"
LOG_GLOBAL_OFFSET = 0x39270  # log@@GLIBC_2.29
LOG_VARIANT_OFFSETS = {"glibc-fma": 0x6EDA0, "glibc-nofma": 0x2AA50}


def glibc_log_variants():
    try:
        if hashlib.sha256(Path(DEBIAN_LIBM).read_bytes()).hexdigest() != DEBIAN_LIBM_SHA256:
            return {}
        libm = ctypes.CDLL(DEBIAN_LIBM)
        base = ctypes.cast(libm.log, ctypes.c_void_p).value - LOG_GLOBAL_OFFSET
        proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
        return {name: proto(base + off) for name, off in LOG_VARIANT_OFFSETS.items()}
    except OSError:
        return {}


def log_section():
    rs = np.random.RandomState(777)
    uniform = rs.random_sample(100_000)
    near_one = 0.9375 + rs.random_sample(50_000) * 0.0625  # glibc's special-cased band
    inputs = np.concatenate([uniform, near_one]).tolist()
    specials = [1.0, 0.5, 2.0, 0.9375, 1.0644531249999998, 1.064453125, 3.0, 10.0,
                1e-300, 5e-324, 2.2250738585072014e-308, 1e300, 1.7976931348623157e308]
    system = [math.log(x) for x in inputs]
    variants = glibc_log_variants()
    section = {
        "inputs": "RandomState(777): random_sample(100000), then 0.9375 + random_sample(50000) * 0.0625",
        "systemHash": hash_f64(system),
        "specials": [[x, math.log(x)] for x in specials],
        "variantHashes": {},
        "variantDifferences": [],
    }
    variant = "unknown"
    for name, fn in variants.items():
        values = [fn(x) for x in inputs]
        section["variantHashes"][name] = hash_f64(values)
        if values == system:
            variant = name
    if len(variants) == 2:
        fma, nofma = variants["glibc-fma"], variants["glibc-nofma"]
        section["variantDifferences"] = [
            [x, fma(x), nofma(x)] for x in inputs if fma(x) != nofma(x)][:12]
    return section, variant


def mt19937_section():
    out = {}
    for seed in SEEDS:
        assert list(np.random.RandomState(seed).get_state()[1]) == init_genrand(seed)
        rs = np.random.RandomState(seed)
        first = raw(rs, 10)
        same = np.random.RandomState(seed).randint(0, 2**32, size=10, dtype=np.uint32)
        assert first == ints(same), "random_raw and randint(uint32 full range) disagree"
        raw(rs, 990)
        out[str(seed)] = {"first10": first, "from1000": raw(rs, 5)}
    return out


def random_sample_section():
    return {str(s): floats(np.random.RandomState(s).random_sample(10)) for s in SEEDS}


def randn_section():
    first11 = {str(s): floats(np.random.RandomState(s).randn(11)) for s in SEEDS}
    # Scalar calls interleaved: a uniform drawn between two normals of one pair
    # does not disturb the cached second normal.
    ops = ["randn", "random_sample", "randn", "randn", "random_sample", "random_sample",
           "randn", "randn", "randn", "random_sample", "randn"]
    rs = np.random.RandomState(2024)
    values = [float(rs.randn() if op == "randn" else rs.random_sample()) for op in ops]
    _, key, pos, has_gauss, gauss = rs.get_state()
    interleaved = {"seed": 2024, "ops": ops, "values": values,
                   "state": {"pos": int(pos), "hasGauss": bool(has_gauss), "gauss": float(gauss),
                             "keyHash": fnv1a32(ints(key))}}
    # An odd-sized array call leaves the cache full for the next call.
    rs = np.random.RandomState(5)
    split = {"seed": 5, "randn3": floats(rs.randn(3)), "thenRandn": float(rs.randn()),
             "thenRandomSample": float(rs.random_sample())}
    long_runs = []
    for seed in (0, 12345):
        z = np.random.RandomState(seed).randn(200_000)
        long_runs.append({"seed": seed, "n": 200_000, "hash": hash_f64(z),
                          "first": float(z[0]), "last": float(z[-1])})
    return {"first11": first11, "interleaved": interleaved, "split": split, "long": long_runs}


def permutation_section():
    cases = []
    for n in (0, 1, 2, 7, 10, 1000):
        rs = np.random.RandomState(100 + n)
        cases.append({"seed": 100 + n, "n": n, "result": ints(rs.permutation(n)),
                      "nextRaw": raw(rs, 1)[0]})
    return cases


def choice_section():
    cases = []
    spec = [(0, 10, 3, False), (0, 10, 10, False), (1, 7, 7, False), (2, 1000, 16, False),
            (3, 5, 0, False), (4, 1, 1, False), (5, 33, 5, False),
            (0, 10, 3, True), (1, 7, 20, True), (2, 1000, 16, True), (4, 1, 5, True),
            (5, 2**20 + 3, 8, True), (6, 3, 3, True), (7, 256, 10, True), (8, 5, 0, True)]
    for seed, n, m, replace in spec:
        rs = np.random.RandomState(seed)
        cases.append({"seed": seed, "n": n, "m": m, "replace": replace,
                      "result": ints(rs.choice(n, m, replace=replace)), "nextRaw": raw(rs, 1)[0]})
    return cases


def randint_section():
    cases = []
    spec = [(0, 0, 10, 20), (1, -5, 5, 10), (2, 0, 2**31, 5), (3, -2**31, 2**31, 5),
            (4, 7, 8, 5), (5, 100, 1000, 10), (6, -1000, -999, 3), (7, 0, 3, 0)]
    for seed, low, high, size in spec:
        rs = np.random.RandomState(seed)
        cases.append({"seed": seed, "low": low, "high": high, "size": size,
                      "result": ints(rs.randint(low, high, size=size)), "nextRaw": raw(rs, 1)[0]})
    # random_interval(max) is not exposed, but randint(0, max + 1) runs the same
    # masked loop for max < 2**32 (int64 dtype, 32-bit branch of the fill).
    intervals = []
    for seed, mx in enumerate([0, 1, 2, 5, 1000, 2**31 - 1, 2**31, 3_000_000_000, 2**32 - 1]):
        rs = np.random.RandomState(seed)
        intervals.append({"seed": seed, "max": mx,
                          "values": ints(rs.randint(0, mx + 1, size=20)), "nextRaw": raw(rs, 1)[0]})
    return cases, intervals


def reductions_section():
    """np.sum / np.mean / np.var on float64 vectors: pairwise sums in 8192-element blocks."""
    rs = np.random.RandomState(99)
    cases = []
    for n in (1, 7, 8, 9, 127, 128, 129, 1000, 8192, 8193, 20000):
        x = rs.randn(n) * 10 + 3
        cases.append({"n": n, "sum": float(np.sum(x)), "mean": float(np.mean(x)), "var": float(np.var(x))})
    return {"inputs": "RandomState(99): for each n in turn, randn(n) * 10 + 3", "cases": cases}


EXPERIMENTS = [
    dict(seed=0, n=1000, gradient=2.0, noise=1.0, trials=1000, batchSizes=[1, 4, 16, 64, 256], replace=False),
    dict(seed=1, n=500, gradient=-1.0, noise=0.5, trials=200, batchSizes=[1, 3, 10, 500], replace=False),
    dict(seed=7, n=100, gradient=0.5, noise=3.0, trials=500, batchSizes=[1, 2, 7, 50, 100, 150], replace=True),
    dict(seed=123, n=257, gradient=0.0, noise=2.0, trials=300, batchSizes=[2, 5, 257], replace=False),
    dict(seed=2**32 - 1, n=1, gradient=3.0, noise=1.0, trials=10, batchSizes=[1, 5], replace=True),
]


def course_experiment(seed, n, gradient, noise, trials, batchSizes, replace):
    """The course script, verbatim apart from parameter names."""
    np.random.seed(seed)
    gradients = gradient + np.random.randn(n) * noise
    rows = []
    for m in batchSizes:
        batch_grads = []
        for _ in range(trials):
            batch = np.random.choice(gradients, size=m, replace=replace)
            batch_grads.append(np.mean(batch))
        means = np.array(batch_grads)
        rows.append({"m": m, "variance": float(np.var(batch_grads)),
                     "batchMeansHash": hash_f64(means), "batchMeansFirst3": floats(means[:3])})
    return {"params": dict(seed=seed, n=n, gradient=gradient, noise=noise, trials=trials,
                           batchSizes=batchSizes, replace=replace),
            "populationHash": hash_f64(gradients), "populationFirst3": floats(gradients[:3]),
            "rows": rows}


def compact(text):
    """Keeps the JSON reviewable: numeric lists on one line."""
    return re.sub(r"\[\s+([-+0-9.e,\s]*?)\s+\]",
                  lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)


def main():
    log, variant = log_section()
    randint_cases, interval_cases = randint_section()
    data = {
        "meta": {
            "generator": "scripts/numpy-reference.py",
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "machine": platform.machine(),
            "libc": " ".join(platform.libc_ver()),
            "logVariant": variant,
        },
        "mt19937": mt19937_section(),
        "randomSample": random_sample_section(),
        "randn": randn_section(),
        "permutation": permutation_section(),
        "choice": choice_section(),
        "randint": randint_cases,
        "randomInterval": interval_cases,
        "log": log,
        "reductions": reductions_section(),
        "experiments": [course_experiment(**p) for p in EXPERIMENTS],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(compact(json.dumps(data, indent=2)) + "\n")
    print(f"wrote {OUT} (logVariant: {variant})")


if __name__ == "__main__":
    main()
