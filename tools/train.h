// SPDX-License-Identifier: Apache-2.0
// Fitting linear probes: multinomial logistic regression (L-BFGS) and ridge regression, int8
// export.
//
// Objective, as scikit-learn's LogisticRegression(C) and Ridge(alpha = 1/C):
//   classification: mean_i [logsumexp(z_i) - z_i[y_i]] + ||W||^2 / (2 C n),  z_i = W x_i + b
//   regression:     mean_i (y_i - w.x_i - b)^2 / 2     + ||w||^2 / (2 C n)
// The intercept is not penalised. With standardisation the objective is over the
// standardised inputs (as a StandardScaler + LogisticRegression pipeline).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "akp.h"
#include "attnkit/probe.h"

namespace train {

/// A problem with the training data. A std::invalid_argument (as every other rejected input);
/// `source` names the part at fault: 'x' (the features) or 'y' (the labels or targets).
struct data_error : std::invalid_argument {
  data_error(char src, const std::string& what) : std::invalid_argument(what), source(src) {}
  char source;
};

/// Sorted distinct labels and each sample's class index into them.
struct label_map {
  std::vector<int32_t> labels;
  std::vector<int32_t> index;
};

/// Maps arbitrary integer labels to classes 0..K-1 (sorted by label). Throws
/// std::invalid_argument if a label does not fit in int32.
label_map map_labels(const int64_t* y, size_t n);

/// A seeded shuffle of 0..n-1, split into test (the first ceil(n * test_fraction)) and
/// train (the rest). test_fraction in [0, 1); both parts non-empty unless test_fraction is 0.
struct split {
  std::vector<size_t> train, test;
};
split make_split(size_t n, double test_fraction, uint64_t seed);

/// Rows `idx` of x (n x d), contiguous.
std::vector<float> gather_rows(const float* x, size_t d, const std::vector<size_t>& idx);

/// One line of progress per L-BFGS iteration.
struct progress {
  int iteration = 0;
  double loss = 0;      ///< objective value
  double grad_max = 0;  ///< max |gradient| (the convergence test compares it with tol)
  double seconds = 0;
};

struct options {
  double C = 1.0;
  int max_iter = 100;  ///< L-BFGS iterations (scikit-learn's default)
  double tol = 1e-4;   ///< stop when max |gradient| <= tol (scikit-learn's gtol)
  bool standardize = false;
  unsigned threads = 0;  ///< 0: up to the hardware's count; results do not depend on it
  std::function<void(const progress&)> on_iteration;
};

struct fit_info {
  int iterations = 0;
  int evaluations = 0;  ///< objective + gradient evaluations (line searches included)
  bool converged = false;
  std::string stop;  ///< why the solver stopped
  double loss = 0;
  double grad_max = 0;
  std::string kernel;  ///< which ISA build did the products
};

/// Multinomial logistic regression on n samples x (n x d) with class indices cls
/// (0..labels.size()-1; labels is the label map stored in the probe). Needs >= 2 classes.
/// The result is the same bytes for any thread count and wherever x lives in memory (the
/// products run on 64-byte-aligned copies, so vector loops split the same way every run).
/// Throws data_error('x') when finite features overflow float32 in the loss or gradient,
/// and std::invalid_argument for C outside [1e-300, 1e300].
akp::probe fit_classifier(const float* x, size_t n, size_t d, const int32_t* cls,
                          const std::vector<int32_t>& labels, const options& opt,
                          fit_info* info = nullptr);

/// Ridge regression (closed form) on n samples with targets y. Throws data_error('y') for a
/// target beyond float32 (|y| > 3.4e38) or a solution that does not fit float32.
akp::probe fit_regressor(const float* x, size_t n, size_t d, const double* y, const options& opt,
                         fit_info* info = nullptr);

/// Adds the int8 form through attnkit::probe_quantize_s8: standardisation folded into W and
/// b, per-class weight scales max|w_c| / 127, bias in logit units. `x` (the training inputs)
/// only sizes the logit unit: 2^-16 unless the scores need more range, or a class's weight
/// scale over the unit would not fit a Q31 multiplier (2^31). Throws data_error('x') when
/// no unit works (scores beyond 2^31).
void quantize_s8(akp::probe* p, const float* x, size_t n);

/// The library's int8 model over p's int8 part; its w_scale points into *scales.
attnkit::probe_s8_model s8_model(const akp::probe& p, std::vector<attnkit::quant_scale>* scales);

/// Scores (n x classes, or n x 1 for regression) from the float probe through the library's
/// attnkit::probe_f32 (standardisation folded in).
std::vector<float> scores_f32(const akp::probe& p, const float* x, size_t n);

/// Scores from the int8 form (needs has_s8) through attnkit::probe_s8: each input quantised
/// with its own scale (quantize_rows_s8), integer logits, then times logit_unit. Throws
/// data_error('x') for a row with |x| >= 2.7e11 (its int8 scale has no Q31 multiplier).
std::vector<float> scores_s8(const akp::probe& p, const float* x, size_t n);

/// Predicted labels (the label map applied to the argmax; ties to the lower class).
std::vector<int32_t> argmax_labels(const akp::probe& p, const std::vector<float>& scores);

/// Fraction of predictions equal to truth.
double accuracy(const std::vector<int32_t>& pred, const int64_t* truth, size_t n);

/// Regression figures.
double r2_score(const std::vector<float>& pred, const double* truth, size_t n);
double mean_abs_error(const std::vector<float>& pred, const double* truth, size_t n);

}  // namespace train
