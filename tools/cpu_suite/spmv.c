/* SPDX-License-Identifier: Apache-2.0
 * Sparse matrix x sparse vector in CSC (compressed sparse columns), EIE's kernel (Han et al.,
 * ISCA 2016): for each non-zero input x_j, add x_j times column j's non-zeros into y. The
 * matrix and input are a layer that axsim's front-end compressed (tools/cpu_suite/make_suite.sh:
 * EIE's Alex-7, 4096 x 4096, 9 % weights and 35.3 % inputs), read from the CSC file that
 * `axsim inspect TRACE --csc fc7 -o FILE` writes (workloads/cpu/csc_layer.hpp). Prints a
 * checksum of y.
 *   spmv FILE.csc */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REPEATS = 2 };

/* The traced region starts at this function's entry (make_suite.sh: --start spmv_kernel). */
__attribute__((noinline)) void spmv_kernel(uint32_t cols, const uint32_t* col_start,
                                           const uint16_t* row, const float* value,
                                           const float* x, float* y) {
  for (uint32_t j = 0; j < cols; ++j) {
    const float xj = x[j];
    if (xj == 0.0f) continue; /* skip zero activations, as EIE does */
    for (uint32_t k = col_start[j]; k < col_start[j + 1]; ++k) y[row[k]] += value[k] * xj;
  }
}

static void* read_array(FILE* f, size_t count, size_t size, const char* what) {
  void* p = malloc(count * size + 1);
  if (!p || fread(p, size, count, f) != count) {
    fprintf(stderr, "spmv: the file ends before its %s\n", what);
    exit(2);
  }
  return p;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: spmv FILE.csc\n");
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  char magic[8];
  uint32_t dims[3]; /* rows, cols, non-zeros */
  if (!f || fread(magic, 1, 8, f) != 8 || memcmp(magic, "AXCSC1\0\0", 8) != 0 ||
      fread(dims, 4, 3, f) != 3 || dims[0] == 0 || dims[0] > 65536 || dims[1] == 0) {
    fprintf(stderr, "spmv: %s: not a CSC file of axsim inspect --csc\n", argv[1]);
    return 2;
  }
  const uint32_t rows = dims[0], cols = dims[1], nz = dims[2];
  uint32_t* col_start = read_array(f, cols + 1u, sizeof *col_start, "column starts");
  uint16_t* row = read_array(f, nz, sizeof *row, "row indices");
  float* value = read_array(f, nz, sizeof *value, "values");
  float* x = read_array(f, cols, sizeof *x, "inputs");
  fclose(f);
  for (uint32_t j = 0; j < cols; ++j)
    if (col_start[j] > col_start[j + 1] || col_start[cols] != nz) {
      fprintf(stderr, "spmv: %s: column starts out of order\n", argv[1]);
      return 2;
    }
  for (uint32_t k = 0; k < nz; ++k)
    if (row[k] >= rows) {
      fprintf(stderr, "spmv: %s: a row index beyond %u rows\n", argv[1], rows);
      return 2;
    }
  float* y = calloc(rows, sizeof *y);
  if (!y) return 1;
  for (int r = 0; r < REPEATS; ++r) spmv_kernel(cols, col_start, row, value, x, y);
  double sum = 0;
  for (uint32_t i = 0; i < rows; ++i) sum += y[i] * (double)(i % 7 + 1);
  printf("spmv: %u x %u, %u non-zeros, checksum %.6f\n", rows, cols, nz, sum);
  return 0;
}
