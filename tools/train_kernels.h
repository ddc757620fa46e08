// SPDX-License-Identifier: Apache-2.0
// The heavy products of probe training, compiled once per x86 ISA level and picked at run time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace train_kernels {

/// One implementation (baseline, AVX2+FMA or AVX-512); all use Eigen underneath.
struct impl {
  const char* name;
  /// Softmax cross-entropy over `rows` samples x (row-major, stride d) with classes y:
  /// returns sum_i [logsumexp(z_i) - z_i[y_i]], z_i = W x_i + b, and overwrites
  /// G (K x d) = sum_i (p_i - e_{y_i}) x_i^T and gb (K) = sum_i (p_i - e_{y_i}).
  /// work: scratch of at least work_floats(K) floats.
  double (*softmax_loss_grad)(const float* x, size_t rows, size_t d, const int32_t* y, size_t K,
                              const float* w, const float* b, float* G, double* gb, float* work);
  /// Ridge least squares on centred data: solves (Xc^T Xc + alpha I) w = Xc^T yc (through the
  /// n x n dual system when n < d) and sets *b so that the fit passes through the means.
  /// Returns false if the system is not positive definite.
  bool (*ridge)(const float* x, size_t n, size_t d, const double* y, double alpha, double* w,
                double* b);
};

/// Rows per block: a block's scores (kBlockRows x K) and its rows of x stay in cache between
/// the forward product and the gradient product (64 measured best on Zen 5, K = 20 and 250).
constexpr size_t kBlockRows = 64;

/// Floats of scratch softmax_loss_grad needs for K classes.
inline size_t work_floats(size_t K) { return kBlockRows * K; }

/// The best implementation this CPU runs.
const impl& best();

/// Every implementation this CPU runs (for tests), best first; *count receives how many.
const impl* const* all(size_t* count);

}  // namespace train_kernels
