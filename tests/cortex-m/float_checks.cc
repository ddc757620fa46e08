// SPDX-License-Identifier: Apache-2.0
// Float checks on the target: softmax rows sum to 1, pe against double values, and attention on
// a tiny case against double results (expected values from NumPy float64, pasted below).
#include <cmath>
#include <cstdint>
#include <initializer_list>

#include "attnkit/attention.h"
#include "attnkit/pe.h"
#include "attnkit/softmax.h"
#include "tests/cortex-m/check.h"
#include "tests/support/metrics.h"
#include "tests/support/random.h"

namespace fw {
namespace {

using testing_support::max_abs_error;

void softmax_sums(const char* port) {
  static float x[1000], y[1000];
  testing_support::rng r(7);
  bool ok = true;
  long long bad_n = 0;
  for (size_t n : {1u, 3u, 17u, 64u, 1000u}) {
    for (float spread : {0.1f, 10.0f, 100.0f}) {
      testing_support::fill_uniform(x, n, r, -spread, spread);
      if (n > 2) x[n / 2] = -INFINITY;  // a masked entry
      if (attnkit::softmax_f32(x, n, y) != attnkit::status::ok) ok = false;
      double sum = 0;
      for (size_t i = 0; i < n; ++i) {
        sum += y[i];
        if (!(y[i] >= 0.0f && y[i] <= 1.0f)) ok = false;
      }
      if (std::fabs(sum - 1.0) > 1e-5 || (n > 2 && y[n / 2] != 0.0f)) ok = false;
      if (!ok && bad_n == 0) bad_n = static_cast<long long>(n);
    }
  }
  report("float softmax rows sum to 1", port, ok, "first bad row length, 0", bad_n, 0);
}

void pe_values(const char* port) {
  struct row {
    uint32_t pos;
    double want[5];  // columns 1, 2, 9, 14, 15 of d = 16, base 10000
  };
  static const row rows[] = {
      {0, {1, 0, 1, 0, 1}},
      {1,
       {0.54030230586813965, 0.3109835929071858, 0.99995000041666537, 0.00031622776074637522,
        0.9999999500000003}},
      {1000,
       {0.56237907629070283, 0.87868085076878299, -0.83907152907645244, 0.3109835929071858,
        0.95041528025518285}},
      {65535,
       {0.192344018605864, 0.89124809774009739, -0.32208566241939346, 0.95425614412696846,
        -0.29899031990338854}},
      {1000000,
       {0.93675212753314474, 0.97178678780957783, -0.95215536825901492, 0.87868085076878299,
        -0.47740963803870523}},
  };
  static const int cols[5] = {1, 2, 9, 14, 15};
  double worst = 0;
  bool ok = true;
  for (const row& r : rows) {
    float out[16], got[5];
    if (attnkit::pe_f32(r.pos, 16, out) != attnkit::status::ok) ok = false;
    for (int c = 0; c < 5; ++c) got[c] = out[cols[c]];
    worst = std::fmax(worst, max_abs_error(got, r.want, 5));
  }
  ok = ok && worst <= 3e-7;
  report("float pe vs double (max abs err <= 3e-7)", port, ok, "err * 1e9, bound * 1e9",
         static_cast<long long>(worst * 1e9), 300);
}

void attention_tiny(const char* port) {
  static const float q[3 * 4] = {0.5f,  -1.0f, 0.25f,  2.0f, 1.5f, 0.0f,
                                 -0.5f, 0.75f, -1.25f, 0.5f, 1.0f, -0.25f};
  static const float k[4 * 4] = {1.0f,  0.5f,  -0.5f, 0.0f, -0.75f, 1.25f, 0.5f,  1.0f,
                                 0.25f, -1.5f, 2.0f,  0.5f, 0.0f,   0.75f, -1.0f, 1.5f};
  static const float v[4 * 2] = {1.0f, -2.0f, 0.5f, 0.25f, -1.5f, 1.0f, 2.0f, 0.75f};
  static const double want[2][6] = {
      {-0.014219923422973513, 0.54071041753795568, 0.94917192462124089, -0.32589026066234322,
       0.13277150181162803, 0.32246622706233041},
      {1, -2, 0.88314682154297985, -1.4741606969434093, -0.12181183862556158, 0.26417503443658119}};
  const attnkit::attention_dims d{3, 4, 4, 2};
  alignas(8) static unsigned char buf[4096];
  bool ok = attnkit::attention_f32_scratch_size(d) <= sizeof buf;
  double worst = 0;
  for (int causal = 0; causal < 2 && ok; ++causal) {
    float out[6];
    attnkit::attention_opts opts;
    opts.causal = causal != 0;
    if (attnkit::attention_f32(d, q, k, v, out, opts, {buf, sizeof buf}) != attnkit::status::ok)
      ok = false;
    worst = std::fmax(worst, max_abs_error(out, want[causal], 6));
  }
  ok = ok && worst <= 1e-5;
  report("float attention 3x4 vs double (max abs err <= 1e-5)", port, ok, "err * 1e9, bound * 1e9",
         static_cast<long long>(worst * 1e9), 10000);
}

}  // namespace

void float_checks(const char* port) {
  softmax_sums(port);
  pe_values(port);
  attention_tiny(port);
}

}  // namespace fw
