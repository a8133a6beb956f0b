# The course's experiment vectorized over the T batches: each batch of m distinct
# indices is the m smallest of N uniform keys (np.argpartition), then one gather and
# one mean per batch size. Timed with time.perf_counter.
# Usage: python3 vectorized.py REPEATS  ->  {"seconds": [...], "numpy": "x.y.z"}
import json
import sys
import time

import numpy as np


def vectorized():
    rng = np.random.default_rng(0)
    N, T = 1000, 1000
    gradients = 2.0 + rng.standard_normal(N) * 1.0
    variances = []
    for m in [1, 4, 16, 64, 256]:
        keys = rng.random((T, N))
        batches = np.argpartition(keys, m - 1, axis=1)[:, :m]
        variances.append(np.var(gradients[batches].mean(axis=1)))
    return variances


seconds = []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
    start = time.perf_counter()
    vectorized()
    seconds.append(time.perf_counter() - start)
print(json.dumps({"seconds": seconds, "numpy": np.__version__}))
