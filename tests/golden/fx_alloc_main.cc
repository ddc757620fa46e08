// SPDX-License-Identifier: Apache-2.0
// Separate test program: counts every malloc/calloc/realloc and operator new while the integer
// kernels run on each port and Highway target, and requires zero. Its own binary, so its
// allocator hooks cannot clash with other tests' (glibc: forwards to __libc_malloc & co).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "attnkit/attnkit.h"
#include "support/ports.h"

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void __libc_free(void*);
}

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocs{0};
void note() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1);
}
}  // namespace

extern "C" {
void* malloc(size_t n) {
  note();
  return __libc_malloc(n);
}
void* calloc(size_t a, size_t b) {
  note();
  return __libc_calloc(a, b);
}
void* realloc(void* p, size_t n) {
  note();
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
}

namespace {

TEST(FxAlloc, IntegerKernelsNeverAllocate) {
  using namespace attnkit;
  // Inputs and outputs, all allocated before counting starts.
  const size_t n = 700, rows = 4;
  std::vector<int32_t> logits(rows * n);
  for (size_t i = 0; i < logits.size(); ++i)
    logits[i] = static_cast<int32_t>(i * 7919 % 4001) - 2000;
  std::vector<int16_t> q15(rows * n);
  std::vector<int8_t> s8(rows * n), s8o(rows * n);
  for (size_t i = 0; i < s8.size(); ++i) s8[i] = static_cast<int8_t>(i * 31 % 255 - 127);
  const softmax_s8_params sp{1717986918, 22, -496};
  std::vector<int16_t> pe(64 * 33);
  const attention_dims ad{33, 65, 24, 12};
  std::vector<int8_t> q(ad.nq * ad.dk, 3), k(ad.nk * ad.dk, -2), v(ad.nk * ad.dv, 5),
      o(ad.nq * ad.dv);
  std::vector<quant_scale> qs(ad.nq, {1 << 30, -6}), ks(ad.nk, {1 << 30, -6}), os(ad.nq);
  std::vector<int16_t> wts(ad.nq * ad.nk);
  std::vector<unsigned char> abuf(attention_s8_scratch_size(ad));
  const mha_dims md{17, 17, 32, 32, 4};
  std::vector<int8_t> x(md.nq * md.d_model, 7), y(md.nq * md.d_model), w(32 * 32, 1);
  std::vector<quant_scale> xs(md.nq, {1 << 30, -5}), ys(md.nq), wsc(32, {1 << 30, -8});
  std::vector<unsigned char> mbuf(mha_s8_scratch_size(md));
  mha_s8_weights mw;
  mw.wq = mw.wk = mw.wv = mw.wo = w.data();
  mw.wq_scale = mw.wk_scale = mw.wv_scale = mw.wo_scale = wsc.data();
  probe_s8_model pm;
  pm.classes = 3;
  pm.dims = 32;
  pm.w = w.data();
  pm.w_scale = wsc.data();
  pm.logit_scale = {1 << 30, -15};
  std::vector<int32_t> plog(5 * 3), plab(5);
  std::vector<int16_t> pprob(5 * 3);
  // The hooks see allocations (else a zero below would prove nothing).
  g_counting = true;
  void* volatile probe = std::malloc(16);
  std::free(probe);
  { std::vector<int> t(9); }
  g_counting = false;
  ASSERT_GE(g_allocs.load(), 2);
  testing_support::for_each_variant([&](const std::string&) {
    g_allocs = 0;
    g_counting = true;
    bool ok = softmax_rows_s32_q15(logits.data(), rows, n, {1 << 30, -8}, q15.data()) == status::ok;
    ok &= softmax_rows_s8(s8.data(), rows, n, sp, s8o.data()) == status::ok;
    ok &= pe_table_q15(100, 64, 33, pe.data()) == status::ok;
    attention_s8_opts opts;
    opts.causal = true;
    opts.weights = wts.data();
    ok &= attention_s8(ad, q.data(), qs.data(), k.data(), ks.data(), v.data(), {1 << 30, -5},
                       o.data(), os.data(), opts, {abuf.data(), abuf.size()}) == status::ok;
    ok &= mha_s8(md, x.data(), xs.data(), nullptr, nullptr, mw, y.data(), ys.data(), {},
                 {mbuf.data(), mbuf.size()}) == status::ok;
    ok &=
        probe_s8(pm, x.data(), xs.data(), 5, plog.data(), plab.data(), pprob.data()) == status::ok;
    g_counting = false;
    EXPECT_TRUE(ok);
    EXPECT_EQ(g_allocs.load(), 0) << "heap allocations inside the integer kernels";
  });
}

}  // namespace

void* operator new(size_t n) {
  note();
  void* p = __libc_malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { __libc_free(p); }
void operator delete[](void* p) noexcept { __libc_free(p); }
void operator delete(void* p, size_t) noexcept { __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { __libc_free(p); }
