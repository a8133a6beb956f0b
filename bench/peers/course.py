# The course's numpy script, verbatim inside course(), timed with time.perf_counter.
# Usage: python3 course.py REPEATS  ->  {"seconds": [...], "numpy": "x.y.z"}
import json
import sys
import time

import numpy as np


def course():
    np.random.seed(0)
    N = 1000; true_gradient = 2.0; noise_std = 1.0
    gradients = true_gradient + np.random.randn(N) * noise_std
    batch_sizes = [1, 4, 16, 64, 256]
    variances = []
    for m in batch_sizes:
        batch_grads = []
        for _ in range(1000):
            batch = np.random.choice(gradients, size=m, replace=False)
            batch_grads.append(np.mean(batch))
        variances.append(np.var(batch_grads))
    return variances


seconds = []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
    start = time.perf_counter()
    course()
    seconds.append(time.perf_counter() - start)
print(json.dumps({"seconds": seconds, "numpy": np.__version__}))
