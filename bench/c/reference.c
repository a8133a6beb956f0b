// A C reference for the sampling throughput: xoshiro128** 1.1 with Lemire's bounded
// integers and a partial Fisher–Yates shuffle (or independent draws), m = 256,
// T = 1000, N = 1000, the same loop as batchMeans. Prints the throughput of each
// repetition in M samples/s, as JSON: {"without": [...], "with": [...], "checksum": x}.
// Build: cc -O2 -o reference reference.c
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint32_t s[4] = {0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x3c6ef372};

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static inline uint32_t next(void) {
  uint32_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 9;
  s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 11);
  return result;
}

// Lemire (2019): a uniform integer in [0, n), unbiased.
static inline uint32_t below(uint32_t n) {
  uint64_t product = (uint64_t)next() * n;
  uint32_t low = (uint32_t)product;
  if (low < n) {
    uint32_t threshold = -n % n;
    while (low < threshold) product = (uint64_t)next() * n, low = (uint32_t)product;
  }
  return product >> 32;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

enum { N = 1000, M = 256, T = 1000, REPEATS = 30 };

int main(void) {
  double *values = malloc(N * sizeof *values), *means = malloc(T * sizeof *means), checksum = 0;
  int32_t *permutation = malloc(N * sizeof *permutation), swaps[M];
  for (int i = 0; i < N; ++i) values[i] = 2.0 + (double)next() / 4294967296.0, permutation[i] = i;
  double rate[2][REPEATS];
  for (int r = 0; r < REPEATS; ++r) {
    for (int replace = 0; replace < 2; ++replace) {
      double start = now();
      for (int t = 0; t < T; ++t) {
        double sum = 0;
        if (replace) {
          for (int j = 0; j < M; ++j) sum += values[below(N)];
        } else {
          for (int j = 0; j < M; ++j) {
            int32_t k = j + below(N - j), picked = permutation[k];
            swaps[j] = k, permutation[k] = permutation[j], permutation[j] = picked;
            sum += values[picked];
          }
          for (int j = M - 1; j >= 0; --j) {
            int32_t k = swaps[j], x = permutation[k];
            permutation[k] = permutation[j], permutation[j] = x;
          }
        }
        means[t] = sum / M;
      }
      rate[replace][r] = M * T / (now() - start) / 1e6;
      for (int t = 0; t < T; ++t) checksum += means[t];
    }
  }
  for (int replace = 0; replace < 2; ++replace) {
    printf(replace ? "], \"with\": [" : "{\"without\": [");
    for (int r = 0; r < REPEATS; ++r) printf(r ? ", %.1f" : "%.1f", rate[replace][r]);
  }
  printf("], \"checksum\": %.17g}\n", checksum);
  return 0;
}
