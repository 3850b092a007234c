/* SPDX-License-Identifier: Apache-2.0
 * Sparse matrix x sparse vector in CSC (compressed sparse columns), EIE's kernel (Han et al.,
 * ISCA 2016): for each non-zero input x_j, add x_j times column j's non-zeros into y. The matrix
 * has the shape and density of EIE's Alex-7 benchmark (4096 x 4096, 9 % non-zero weights, 35.3 %
 * non-zero activations), its values and positions drawn from a fixed-seed generator, so the run
 * is the same everywhere (tools/cpu_suite/make_suite.sh traces it). Prints a checksum of y. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { ROWS = 4096, COLS = 4096, REPEATS = 2 };

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint32_t next(void) { /* xorshift64* */
  state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
  return (uint32_t)((state * 0x2545f4914f6cdd1dull) >> 32);
}
static int chance(double p) { return next() < p * 4294967296.0; }

/* The traced region starts at this function's entry (make_suite.sh: --start spmv_kernel). */
__attribute__((noinline)) void spmv_kernel(const uint32_t* col_start, const uint16_t* row,
                                           const float* value, const float* x, float* y) {
  for (int j = 0; j < COLS; ++j) {
    const float xj = x[j];
    if (xj == 0.0f) continue; /* skip zero activations, as EIE does */
    for (uint32_t k = col_start[j]; k < col_start[j + 1]; ++k) y[row[k]] += value[k] * xj;
  }
}

int main(void) {
  uint32_t* col_start = malloc((COLS + 1) * sizeof *col_start);
  uint16_t* row = malloc((size_t)ROWS * COLS / 8 * sizeof *row);
  float* value = malloc((size_t)ROWS * COLS / 8 * sizeof *value);
  float* x = malloc(COLS * sizeof *x);
  float* y = calloc(ROWS, sizeof *y);
  if (!col_start || !row || !value || !x || !y) return 1;
  uint32_t nz = 0;
  for (int j = 0; j < COLS; ++j) {
    col_start[j] = nz;
    for (int i = 0; i < ROWS; ++i)
      if (chance(0.09)) row[nz] = (uint16_t)i, value[nz++] = (float)(next() % 255) / 128.0f - 1.0f;
  }
  col_start[COLS] = nz;
  for (int j = 0; j < COLS; ++j) x[j] = chance(0.353) ? (float)(next() % 255) / 64.0f : 0.0f;
  for (int r = 0; r < REPEATS; ++r) spmv_kernel(col_start, row, value, x, y);
  double sum = 0;
  for (int i = 0; i < ROWS; ++i) sum += y[i] * (double)(i % 7 + 1);
  printf("spmv: %u non-zeros, checksum %.6f\n", nz, sum);
  return 0;
}
