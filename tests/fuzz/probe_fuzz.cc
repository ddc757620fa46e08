// SPDX-License-Identifier: Apache-2.0
// Fuzz target: probe_f32 with fuzzer-chosen shapes, optional outputs and label maps, against
// a double matmul, argmax (ties to the lowest index) and the softmax contract.
#include <cmath>
#include <limits>

#include "attnkit/probe.h"
#include "fuzz/fuzz.h"
#include "ref/reference.h"
#include "support/metrics.h"

using attnkit::status;

namespace {

bool product_overflows(size_t a, size_t b) {
  size_t t;
  return __builtin_mul_overflow(a, b, &t) || t > SIZE_MAX / sizeof(float);
}

void fuzz_probe_f32(fuzz::input& in, uint8_t mode, const std::vector<std::string>& variants) {
  attnkit::probe_f32_model m;
  m.classes = in.size(12);
  m.dims = in.size(24);
  const size_t batch = in.size(6);
  const bool bias = mode & 2, labels_out = mode & 4, probs_out = mode & 8, alias = mode & 16;
  const bool use_map = mode & 32, specials = (mode & 0xC0) == 0xC0;
  const uint8_t nulls = (mode & 0xC1) == 0x41 ? 1 + in.u8() % 3 : 0;
  const bool zero = m.classes == 0 || m.dims == 0 || batch == 0;
  const bool overflow =
      !zero && (product_overflows(m.classes, m.dims) || product_overflows(batch, m.dims) ||
                product_overflows(batch, m.classes));
  const bool big = zero || overflow || m.classes > 12 || m.dims > 24 || batch > 6;
  fuzz::expect want;
  want.add(nulls != 0, status::null_pointer);
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  const bool ok_expected = want.ok();
  if (ok_expected && big) return;
  const size_t c = big ? 1 : m.classes, n = big ? 1 : m.dims, b = big ? 1 : batch;

  std::vector<float> w(c * n), bv(bias ? c : 0), x(b * n);
  for (float& v : w) v = in.value(1.0f, specials);
  for (float& v : bv) v = in.value(1.0f, specials);
  for (float& v : x) v = in.value(3.0f, specials);
  if (mode & 1)  // exact ties: argmax must pick the lowest index
    for (size_t i = 1; i < c; i += 2)
      for (size_t j = 0; j < n; ++j) w[i * n + j] = w[(i - 1) * n + j];
  std::vector<int32_t> map(c);
  for (int32_t& l : map) l = static_cast<int32_t>(in.u32());
  m.w = nulls == 1 ? nullptr : w.data();
  m.b = bias ? bv.data() : nullptr;
  m.label_map = use_map ? map.data() : nullptr;

  std::vector<double> ref_logits;
  if (ok_expected && !specials) ref_logits = ref::linear(x.data(), b, n, w.data(), c, m.b);
  fuzz::buffer<float> logits(b * c, in.u8() % 16), probs(b * c);
  fuzz::buffer<int32_t> labels(b);
  for (const std::string& var : variants) {
    fuzz::select(var);
    float* pp = probs_out ? (alias ? logits.data() : probs.data()) : nullptr;
    const status st = attnkit::probe_f32(m, nulls == 2 ? nullptr : x.data(), batch,
                                         nulls == 3 ? nullptr : logits.data(),
                                         labels_out ? labels.data() : nullptr, pp);
    const std::string where = var + " " + std::to_string(m.classes) + "x" + std::to_string(m.dims) +
                              " batch " + std::to_string(batch);
    want.check(st, where);
    if (!ok_expected) continue;
    if (specials) continue;
    for (size_t i = 0; i < b; ++i) {
      const double scale =
          std::fmax(1e-6, testing_support::max_magnitude(ref_logits.data() + i * c, c));
      if (!(probs_out && alias)) {
        FUZZ_CHECK(testing_support::max_abs_error(logits.data() + i * c, ref_logits.data() + i * c,
                                                  c) <= 1e-5 * (scale + n),
                   where + " logit");
        if (labels_out) {
          const size_t best = ref::argmax(logits.data() + i * c, c);
          FUZZ_CHECK(labels[i] == (use_map ? map[best] : static_cast<int32_t>(best)),
                     where + " label of row " + std::to_string(i));
        }
      }
      if (probs_out) {
        const float* p = pp + i * c;
        double sum = 0;
        for (size_t k = 0; k < c; ++k) {
          FUZZ_CHECK(p[k] >= 0.0f && p[k] <= 1.0f, where + " prob");
          sum += p[k];
        }
        FUZZ_CHECK(std::fabs(sum - 1.0) <= 1e-5, where + " prob sum");
      }
    }
  }
}

}  // namespace

ATTNKIT_FUZZ_TARGET(probe) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8();
  fuzz_probe_f32(in, mode, variants);
  return 0;
}
