/* SPDX-License-Identifier: Apache-2.0
 * Dense single-precision matrix product C = A x B (192 x 192 x 192), blocked by 32 for the
 * caches, with fixed-seed operands (tools/cpu_suite/make_suite.sh traces it). Prints a checksum. */
#include <stdio.h>

enum { N = 192, B = 32 };
static float a[N][N], b[N][N], c[N][N];

/* The traced region starts at this function's entry (make_suite.sh: --start gemm_kernel). */
__attribute__((noinline)) void gemm_kernel(void) {
  for (int ii = 0; ii < N; ii += B)
    for (int kk = 0; kk < N; kk += B)
      for (int jj = 0; jj < N; jj += B)
        for (int i = ii; i < ii + B; ++i)
          for (int k = kk; k < kk + B; ++k) {
            const float aik = a[i][k];
            for (int j = jj; j < jj + B; ++j) c[i][j] += aik * b[k][j];
          }
}

int main(void) {
  unsigned s = 12345;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      s = s * 1103515245u + 12345u, a[i][j] = (float)((s >> 16) % 200) / 100.0f - 1.0f;
      s = s * 1103515245u + 12345u, b[i][j] = (float)((s >> 16) % 200) / 100.0f - 1.0f;
    }
  gemm_kernel();
  double sum = 0;
  for (int i = 0; i < N; ++i) sum += c[i][i] + c[i][N - 1 - i];
  printf("gemm: checksum %.6f\n", sum);
  return 0;
}
