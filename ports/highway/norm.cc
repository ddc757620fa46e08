// SPDX-License-Identifier: Apache-2.0
// Highway layer norm (two-pass, double statistics and output arithmetic) and mean pooling.
#include <cmath>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/norm.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using DD = hn::ScalableTag<double>;
using VD = hn::Vec<DD>;
using DF = hn::Rebind<float, DD>;  // as many float lanes as double lanes

HWY_INLINE VD LoadD(const float* p) { return hn::PromoteTo(DD(), hn::LoadU(DF(), p)); }

void layernorm_f32(const float* x, size_t rows, size_t d, const float* gamma, const float* beta,
                   float eps, float* y) {
  const DD dd;
  const DF df;
  const size_t N = hn::Lanes(dd);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    float* yr = y + r * d;
    VD s0 = hn::Zero(dd), s1 = s0;
    size_t j = 0;
    for (; j + 2 * N <= d; j += 2 * N) {
      s0 = hn::Add(s0, LoadD(xr + j));
      s1 = hn::Add(s1, LoadD(xr + j + N));
    }
    for (; j + N <= d; j += N) s0 = hn::Add(s0, LoadD(xr + j));
    double mean = hn::GetLane(hn::SumOfLanes(dd, hn::Add(s0, s1)));
    for (; j < d; ++j) mean += xr[j];
    mean /= static_cast<double>(d);

    const VD vmean = hn::Set(dd, mean);
    s0 = s1 = hn::Zero(dd);
    for (j = 0; j + 2 * N <= d; j += 2 * N) {
      const VD a = hn::Sub(LoadD(xr + j), vmean), b = hn::Sub(LoadD(xr + j + N), vmean);
      s0 = hn::MulAdd(a, a, s0);
      s1 = hn::MulAdd(b, b, s1);
    }
    for (; j + N <= d; j += N) {
      const VD a = hn::Sub(LoadD(xr + j), vmean);
      s0 = hn::MulAdd(a, a, s0);
    }
    double var = hn::GetLane(hn::SumOfLanes(dd, hn::Add(s0, s1)));
    for (; j < d; ++j) var += (xr[j] - mean) * (xr[j] - mean);
    var /= static_cast<double>(d);
    const double inv = 1.0 / std::sqrt(var + eps);

    const VD vinv = hn::Set(dd, inv);
    for (j = 0; j + N <= d; j += N) {
      VD v = hn::Mul(hn::Sub(LoadD(xr + j), vmean), vinv);
      if (gamma) v = hn::Mul(v, LoadD(gamma + j));
      if (beta) v = hn::Add(v, LoadD(beta + j));
      hn::StoreU(hn::DemoteTo(df, v), df, yr + j);
    }
    for (; j < d; ++j) {
      const double g = gamma ? gamma[j] : 1.0, b = beta ? beta[j] : 0.0;
      yr[j] = static_cast<float>((xr[j] - mean) * inv * g + b);
    }
  }
}

void mean_pool_f32(const float* x, size_t rows, size_t d, float* y) {
  const DD dd;
  const DF df;
  const size_t N = hn::Lanes(dd);
  const VD vrows = hn::Set(dd, static_cast<double>(rows));
  size_t j = 0;
  for (; j + 4 * N <= d; j += 4 * N) {
    VD s0 = hn::Zero(dd), s1 = s0, s2 = s0, s3 = s0;
    for (size_t r = 0; r < rows; ++r) {
      const float* p = x + r * d + j;
      s0 = hn::Add(s0, LoadD(p));
      s1 = hn::Add(s1, LoadD(p + N));
      s2 = hn::Add(s2, LoadD(p + 2 * N));
      s3 = hn::Add(s3, LoadD(p + 3 * N));
    }
    hn::StoreU(hn::DemoteTo(df, hn::Div(s0, vrows)), df, y + j);
    hn::StoreU(hn::DemoteTo(df, hn::Div(s1, vrows)), df, y + j + N);
    hn::StoreU(hn::DemoteTo(df, hn::Div(s2, vrows)), df, y + j + 2 * N);
    hn::StoreU(hn::DemoteTo(df, hn::Div(s3, vrows)), df, y + j + 3 * N);
  }
  for (; j + N <= d; j += N) {
    VD s = hn::Zero(dd);
    for (size_t r = 0; r < rows; ++r) s = hn::Add(s, LoadD(x + r * d + j));
    hn::StoreU(hn::DemoteTo(df, hn::Div(s, vrows)), df, y + j);
  }
  for (; j < d; ++j) {
    double s = 0.0;
    for (size_t r = 0; r < rows; ++r) s += x[r * d + j];
    y[j] = static_cast<float>(s / static_cast<double>(rows));
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
