// SPDX-License-Identifier: Apache-2.0
// Integer kernels against the float ones, once they are in the library (mk/bench.mk defines
// ATTNKIT_BENCH_PROBE_S8 when lib/attnkit/probe.h declares probe_s8 and lib/src defines it).
// probe_s8/IMPL/B<batch>-D1280-C<classes>: IMPL attnkit[-port] runs probe_s8 on the quantised
// probe and inputs (quantisation outside the timed loop); IMPL attnkit-f32 runs probe_f32 on
// the float originals, so the ratio column reads "times faster than float".
// Counter argmax_agree: fraction of the batch whose int8 label equals the float label.
#include "bench/bench_common.h"

#if defined(ATTNKIT_BENCH_PROBE_S8)
#include <map>
#include <tuple>
#endif

namespace bench {

#if defined(ATTNKIT_BENCH_PROBE_S8)
namespace {

constexpr size_t kDims = 1280;
constexpr size_t kBatches[] = {1, 256};
constexpr size_t kClasses[] = {20, 250};

struct inputs {
  buffer<float> x, w, b;
  buffer<int8_t> xq, wq;
  buffer<attnkit::quant_scale> xs, ws;
  buffer<int32_t> bq;
  attnkit::probe_s8_model q{};
  bool ok = false;
};

const inputs& input(size_t batch, size_t classes) {
  static std::map<std::pair<size_t, size_t>, inputs> cache;
  auto it = cache.find({batch, classes});
  if (it != cache.end()) return it->second;
  const uint32_t s = static_cast<uint32_t>(batch * 37 + classes);
  inputs in{randn(batch * kDims, s),
            randn(classes * kDims, s + 1, 0.03f),
            randn(classes, s + 2, 0.1f),
            buffer<int8_t>(batch * kDims),
            buffer<int8_t>(classes * kDims),
            buffer<attnkit::quant_scale>(batch),
            buffer<attnkit::quant_scale>(classes),
            buffer<int32_t>(classes)};
  const attnkit::probe_f32_model f{classes, kDims, in.w.data(), in.b.data(), nullptr};
  const attnkit::probe_s8_storage st{in.wq.data(), in.ws.data(), in.bq.data(), nullptr};
  in.ok = attnkit::probe_quantize_s8(f, 0.0, st, &in.q) == attnkit::status::ok &&
          attnkit::quantize_rows_s8(in.x.data(), batch, kDims, in.xq.data(), nullptr,
                                    in.xs.data()) == attnkit::status::ok;
  return cache.emplace(std::make_pair(batch, classes), std::move(in)).first->second;
}

double agreement(const inputs& in, size_t batch, size_t classes) {
  buffer<float> lf(batch * classes);
  buffer<int32_t> li(batch * classes), a(batch), b(batch);
  const attnkit::probe_f32_model f{classes, kDims, in.w.data(), in.b.data(), nullptr};
  if (attnkit::probe_f32(f, in.x.data(), batch, lf.data(), a.data()) != attnkit::status::ok ||
      attnkit::probe_s8(in.q, in.xq.data(), in.xs.data(), batch, li.data(), b.data()) !=
          attnkit::status::ok)
    return 0;
  size_t same = 0;
  for (size_t i = 0; i < batch; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / batch;
}

void finish(benchmark::State& st, size_t batch, size_t classes) {
  set_flops(st, 2.0 * batch * classes * kDims);  // operations, int or float
  set_traffic(st, 0, static_cast<double>(batch));
}

}  // namespace

void register_int8() {
  for (const size_t batch : kBatches)
    for (const size_t classes : kClasses) {
      const std::string size = "B" + std::to_string(batch) + "-D" + std::to_string(kDims) + "-C" +
                               std::to_string(classes);
      for (const port_impl& p : ports())
        add("probe_s8", p.impl, size, [batch, classes, p](benchmark::State& st) {
          if (!use_port(st, p.port)) return;
          const inputs& in = input(batch, classes);
          if (!in.ok) return st.SkipWithError("quantisation failed");
          buffer<int32_t> logits(batch * classes);
          for (auto _ : st) {
            if (!ok(st, attnkit::probe_s8(in.q, in.xq.data(), in.xs.data(), batch, logits.data())))
              return;
            benchmark::DoNotOptimize(logits.data());
            benchmark::ClobberMemory();
          }
          finish(st, batch, classes);
          st.counters["argmax_agree"] = agreement(in, batch, classes);
        });
      add("probe_s8", "attnkit-f32", size, [batch, classes](benchmark::State& st) {
        if (!use_port(st, ports()[0].port)) return;
        const inputs& in = input(batch, classes);
        const attnkit::probe_f32_model f{classes, kDims, in.w.data(), in.b.data(), nullptr};
        buffer<float> logits(batch * classes);
        for (auto _ : st) {
          if (!ok(st, attnkit::probe_f32(f, in.x.data(), batch, logits.data()))) return;
          benchmark::DoNotOptimize(logits.data());
          benchmark::ClobberMemory();
        }
        finish(st, batch, classes);
      });
    }
}
#else
void register_int8() { benchmark::AddCustomContext("int8", "probe_s8 not in the library yet"); }
#endif

}  // namespace bench
