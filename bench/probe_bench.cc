// SPDX-License-Identifier: Apache-2.0
// probe_f32/IMPL/B<batch>-D1280-C<classes>: logits = W x + b for a batch of embeddings
// (W classes x D row-major, x ~ N(0, 1)). Anchors: OpenBLAS (one thread) cblas_sgemv for a
// batch of 1 and cblas_sgemm otherwise, and Eigen. attnkit is timed on logits only (no
// labels or probabilities), the same work as the anchors. rel_diff as in attention_bench.cc.
#include <cblas.h>

#include <Eigen/Core>
#include <cstring>
#include <map>
#include <tuple>

#include "bench/bench_common.h"

extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_corename(void);

namespace bench {
namespace {

constexpr size_t kDims = 1280;
constexpr size_t kBatches[] = {1, 256};
constexpr size_t kClasses[] = {20, 250};

struct inputs {
  buffer<float> x, w, b;
};
const inputs& input(size_t batch, size_t classes) {
  static std::map<std::pair<size_t, size_t>, inputs> cache;
  auto it = cache.find({batch, classes});
  if (it == cache.end()) {
    const uint32_t s = static_cast<uint32_t>(batch * 31 + classes);
    it = cache
             .emplace(std::make_pair(batch, classes),
                      inputs{randn(batch * kDims, s), randn(classes * kDims, s + 1, 0.03f),
                             randn(classes, s + 2, 0.1f)})
             .first;
  }
  return it->second;
}

attnkit::probe_f32_model model(const inputs& in, size_t classes) {
  return {classes, kDims, in.w.data(), in.b.data(), nullptr};
}

void finish(benchmark::State& st, size_t batch, size_t classes) {
  set_flops(st, 2.0 * batch * classes * kDims);
  // Weights dominate the traffic at batch 1 (the GEMV is memory bound).
  set_traffic(st, 4.0 * (classes * kDims + batch * kDims + batch * classes),
              static_cast<double>(batch));
}

void check_against_attnkit(benchmark::State& st, const inputs& in, size_t batch, size_t classes,
                           const float* logits) {
  buffer<float> ref(batch * classes);
  if (attnkit::select_port(ports()[0].port.c_str()) != attnkit::status::ok ||
      attnkit::probe_f32(model(in, classes), in.x.data(), batch, ref.data()) != attnkit::status::ok)
    return;
  st.counters["rel_diff"] = rel_diff(logits, ref.data(), batch * classes);
}

}  // namespace

void register_probe() {
  openblas_set_num_threads(1);
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  for (const size_t batch : kBatches)
    for (const size_t classes : kClasses) {
      const std::string size = "B" + std::to_string(batch) + "-D" + std::to_string(kDims) + "-C" +
                               std::to_string(classes);
      for (const port_impl& p : ports())
        add("probe_f32", p.impl, size, [batch, classes, p](benchmark::State& st) {
          if (!use_port(st, p.port)) return;
          const inputs& in = input(batch, classes);
          const attnkit::probe_f32_model m = model(in, classes);
          buffer<float> logits(batch * classes);
          for (auto _ : st) {
            if (!ok(st, attnkit::probe_f32(m, in.x.data(), batch, logits.data()))) return;
            benchmark::DoNotOptimize(logits.data());
            benchmark::ClobberMemory();
          }
          finish(st, batch, classes);
        });

      add("probe_f32", "openblas", size, [batch, classes](benchmark::State& st) {
        const inputs& in = input(batch, classes);
        buffer<float> y(batch * classes);
        const int c = static_cast<int>(classes), d = static_cast<int>(kDims);
        for (auto _ : st) {
          for (size_t i = 0; i < batch; ++i)
            std::memcpy(y.data() + i * classes, in.b.data(), classes * sizeof(float));
          if (batch == 1)
            cblas_sgemv(CblasRowMajor, CblasNoTrans, c, d, 1.0f, in.w.data(), d, in.x.data(), 1,
                        1.0f, y.data(), 1);
          else
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(batch), c, d,
                        1.0f, in.x.data(), d, in.w.data(), d, 1.0f, y.data(), c);
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        finish(st, batch, classes);
        check_against_attnkit(st, in, batch, classes, y.data());
      });

      add("probe_f32", "eigen", size, [batch, classes](benchmark::State& st) {
        using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const inputs& in = input(batch, classes);
        buffer<float> y(batch * classes);
        const auto B = static_cast<Eigen::Index>(batch), C = static_cast<Eigen::Index>(classes),
                   D = static_cast<Eigen::Index>(kDims);
        const Eigen::Map<const RowMat> x(in.x.data(), B, D), w(in.w.data(), C, D);
        const Eigen::Map<const Eigen::RowVectorXf> b(in.b.data(), C);
        Eigen::Map<RowMat> out(y.data(), B, C);
        for (auto _ : st) {
          if (batch == 1)
            out.row(0).noalias() = (w * x.row(0).transpose()).transpose() + b;
          else {
            out.noalias() = x * w.transpose();
            out.rowwise() += b;
          }
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        finish(st, batch, classes);
        check_against_attnkit(st, in, batch, classes, y.data());
      });
    }
}

}  // namespace bench
