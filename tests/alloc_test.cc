// SPDX-License-Identifier: Apache-2.0
// Proves the float kernels never touch the heap: this binary's malloc family and operator
// new/delete are replaced by counting forwarders to glibc, and counted around kernel calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

#include "attnkit/attention.h"
#include "attnkit/norm.h"
#include "attnkit/pe.h"
#include "attnkit/probe.h"
#include "attnkit/softmax.h"
#include "support/ports.h"
#include "support/random_vectors.h"

// Sanitizers bring their own allocator; mixing it with glibc's would crash, so there the
// replacement is compiled out and the tests skip.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define ATTNKIT_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ATTNKIT_TEST_SANITIZED 1
#endif
#if defined(__GLIBC__) && !defined(ATTNKIT_TEST_SANITIZED)
#define ATTNKIT_COUNT_ALLOCS 1
#endif

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_calls{0};
std::atomic<bool> g_c_replaced{false};  // set by the replacement malloc when this link uses it

[[maybe_unused]] inline void note_call() {
  if (g_counting.load(std::memory_order_relaxed)) g_calls.fetch_add(1, std::memory_order_relaxed);
}

// Counts every allocator call made between its construction and stop().
class alloc_counter {
 public:
  alloc_counter() {
    g_calls.store(0);
    g_counting.store(true);
  }
  ~alloc_counter() { g_counting.store(false); }
  long stop() {
    g_counting.store(false);
    return g_calls.load();
  }
};

}  // namespace

#if defined(ATTNKIT_COUNT_ALLOCS)
// glibc's own entry points: the replacements forward here, so the heap stays glibc's.
// The C functions are weak: a static link (the ARM cross suites) takes libc.a's malloc.o for
// __libc_malloc, whose strong malloc/free then win instead of clashing; there only operator
// new/delete are counted (the self-check reports which applies). Dynamically linked, the
// executable's definitions interpose libc's whether weak or not.
#define ATTNKIT_REPLACE __attribute__((weak))
extern "C" {
void* __libc_malloc(size_t) noexcept;
void* __libc_calloc(size_t, size_t) noexcept;
void* __libc_realloc(void*, size_t) noexcept;
void __libc_free(void*) noexcept;
void* __libc_memalign(size_t, size_t) noexcept;
void* __libc_valloc(size_t) noexcept;
void* __libc_pvalloc(size_t) noexcept;

ATTNKIT_REPLACE void* malloc(size_t n) noexcept {
  g_c_replaced.store(true, std::memory_order_relaxed);
  note_call();
  return __libc_malloc(n);
}
ATTNKIT_REPLACE void* calloc(size_t n, size_t size) noexcept {
  note_call();
  return __libc_calloc(n, size);
}
ATTNKIT_REPLACE void* realloc(void* p, size_t n) noexcept {
  note_call();
  return __libc_realloc(p, n);
}
ATTNKIT_REPLACE void free(void* p) noexcept {
  note_call();
  __libc_free(p);
}
ATTNKIT_REPLACE void* aligned_alloc(size_t align, size_t n) noexcept {
  note_call();
  return __libc_memalign(align, n);
}
ATTNKIT_REPLACE void* memalign(size_t align, size_t n) noexcept {
  note_call();
  return __libc_memalign(align, n);
}
ATTNKIT_REPLACE int posix_memalign(void** out, size_t align, size_t n) noexcept {
  note_call();
  if (align < sizeof(void*) || (align & (align - 1)) != 0) return EINVAL;
  void* p = __libc_memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
ATTNKIT_REPLACE void* valloc(size_t n) noexcept {
  note_call();
  return __libc_valloc(n);
}
ATTNKIT_REPLACE void* pvalloc(size_t n) noexcept {
  note_call();
  return __libc_pvalloc(n);
}
}  // extern "C"

namespace {
void* new_impl(size_t n) {
  note_call();
  void* p = __libc_malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* new_aligned_impl(size_t n, std::align_val_t al) {
  note_call();
  void* p = __libc_memalign(static_cast<size_t>(al), n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void delete_impl(void* p) noexcept {
  note_call();
  __libc_free(p);
}
}  // namespace

void* operator new(size_t n) { return new_impl(n); }
void* operator new[](size_t n) { return new_impl(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return new_impl(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(size_t n, std::align_val_t al) { return new_aligned_impl(n, al); }
void* operator new[](size_t n, std::align_val_t al) { return new_aligned_impl(n, al); }
void* operator new(size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  try {
    return new_aligned_impl(n, al);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, std::align_val_t al, const std::nothrow_t& t) noexcept {
  return operator new(n, al, t);
}
void operator delete(void* p) noexcept { delete_impl(p); }
void operator delete[](void* p) noexcept { delete_impl(p); }
void operator delete(void* p, size_t) noexcept { delete_impl(p); }
void operator delete[](void* p, size_t) noexcept { delete_impl(p); }
void operator delete(void* p, std::align_val_t) noexcept { delete_impl(p); }
void operator delete[](void* p, std::align_val_t) noexcept { delete_impl(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { delete_impl(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { delete_impl(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { delete_impl(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { delete_impl(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { delete_impl(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  delete_impl(p);
}
#endif  // ATTNKIT_COUNT_ALLOCS

namespace {

using attnkit::status;

// The linker defines it in dynamically linked executables only.
extern "C" __attribute__((weak)) const char _DYNAMIC[];

// Keeps the compiler from proving an allocation unused and removing it.
void escape(void* p) { asm volatile("" : : "g"(p) : "memory"); }

#if defined(ATTNKIT_COUNT_ALLOCS)
#define SKIP_IF_NOT_COUNTING() (void)0
#else
#define SKIP_IF_NOT_COUNTING() GTEST_SKIP() << "allocator replacement needs glibc, no sanitizer"
#endif

struct alignas(128) over_aligned {
  char c[128];
};

// The counter must see each kind of allocation, or a zero below would prove nothing.
TEST(NoHeap, CounterSeesDeliberateAllocations) {
  SKIP_IF_NOT_COUNTING();
  void* (*volatile m)(size_t) = std::malloc;
  void* (*volatile c)(size_t, size_t) = std::calloc;
  void* (*volatile r)(void*, size_t) = std::realloc;
  void* (*volatile a)(size_t, size_t) = std::aligned_alloc;
  void (*volatile f)(void*) = std::free;
  long n;
  {
    alloc_counter count;
    void* p = m(16);
    escape(p);
    f(p);
    n = count.stop();
  }
  // A dynamic link must route malloc through the replacements (only static ones may not).
  EXPECT_TRUE(g_c_replaced.load() || _DYNAMIC == nullptr) << "malloc not interposed";
  if (!g_c_replaced.load()) {
    // Static link: libc.a's malloc won over the weak replacements; operator new still counts.
    std::printf("note: malloc family not interposable in this link; counting operator new only\n");
    RecordProperty("malloc_counted", "no");
  } else {
    EXPECT_EQ(n, 2) << "malloc + free";
  }
  if (g_c_replaced.load()) {
    alloc_counter count;
    void* p = c(4, 4);
    p = r(p, 64);
    escape(p);
    f(p);
    p = a(64, 128);
    escape(p);
    f(p);
    void* q = nullptr;
    const int rc = posix_memalign(&q, 64, 32);
    escape(q);
    f(q);
    n = count.stop();
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(n, 7) << "calloc, realloc, aligned_alloc, posix_memalign and their frees";
  }
  {
    alloc_counter count;
    int* p = new int(3);
    escape(p);
    delete p;
    over_aligned* o = new over_aligned;
    escape(o);
    delete o;
    {
      std::vector<float> v(100, 1.0f);
      escape(v.data());
    }
    n = count.stop();
  }
  EXPECT_EQ(n, 6) << "operator new/delete, aligned new/delete, std::vector";
}

TEST(NoHeap, EveryFloatKernelOnEveryVariant) {
  SKIP_IF_NOT_COUNTING();
  // All buffers are made before counting starts.
  const size_t nq = 19, nk = 140, e = 24, dkv = 17, heads = 3, dk = 24, dv = 17;
  const size_t classes = 5, batch = 4;
  testing_support::rng rng(51);
  auto randn = [&](size_t n) { return testing_support::randn(n, rng); };
  const auto q = randn(nq * dk), k = randn(nk * dk), v = randn(nk * dv), x = randn(nq * e);
  const auto kv = randn(nk * dkv), wq = randn(e * e), wk = randn(e * dkv), wv = randn(e * dkv);
  const auto wo = randn(e * e), bias = randn(e), pw = randn(classes * e);
  std::vector<float> mask = randn(nq * nk);
  mask[3] = -std::numeric_limits<float>::infinity();
  std::vector<float> out(nq * e), weights(heads * nq * nk), pe(64 * e), probs(batch * classes);
  std::vector<float> logits(batch * classes), sm(nk * 3), pooled(e);
  std::vector<int32_t> labels(batch), map(classes, 7);
  const attnkit::attention_dims ad{nq, nk, dk, dv};
  const attnkit::mha_dims md{nq, nk, e, dkv, heads}, self{nq, nq, e, e, heads};
  std::vector<unsigned char> work(attnkit::mha_f32_scratch_size(md) +
                                  attnkit::mha_f32_scratch_size(self) +
                                  attnkit::attention_f32_scratch_size(ad));
  const attnkit::scratch s{work.data(), work.size()};
  attnkit::mha_weights w;
  w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
  attnkit::probe_f32_model pm;
  pm.classes = classes, pm.dims = e, pm.w = pw.data(), pm.b = bias.data(),
  pm.label_map = map.data();

  testing_support::for_each_variant([&](const std::string&) {
    status st[32];
    size_t n = 0;
    long calls;
    {
      alloc_counter count;
      st[n++] = attnkit::pe_f32(12345, e, pe.data());
      st[n++] = attnkit::pe_table_f32(1000, 64, e, pe.data(), 100.0f);
      st[n++] = attnkit::softmax_f32(mask.data(), nk, sm.data());
      st[n++] = attnkit::softmax_rows_f32(mask.data(), 3, nk, sm.data());
      attnkit::attention_opts o;
      st[n++] = attnkit::attention_f32(ad, q.data(), k.data(), v.data(), out.data(), o, s);
      o.causal = true;
      o.mask = mask.data();
      st[n++] = attnkit::attention_f32(ad, q.data(), k.data(), v.data(), out.data(), o, s);
      o.weights = weights.data();
      st[n++] = attnkit::attention_f32(ad, q.data(), k.data(), v.data(), out.data(), o, s);
      st[n++] = attnkit::mha_f32(md, x.data(), kv.data(), w, out.data(), o, s);
      o = {};
      st[n++] = attnkit::mha_f32(self, x.data(), nullptr, w, out.data(), o, s);
      st[n++] = attnkit::probe_f32(pm, x.data(), batch, logits.data(), labels.data(), probs.data());
      st[n++] =
          attnkit::probe_f32(pm, x.data(), batch, logits.data(), labels.data(), logits.data());
      st[n++] = attnkit::layernorm_f32(x.data(), nq, e, wq.data(), bias.data(), 1e-5f, out.data());
      st[n++] = attnkit::layernorm_f32(out.data(), nq, e, nullptr, nullptr, 1e-5f, out.data());
      st[n++] = attnkit::mean_pool_f32(x.data(), nq, e, pooled.data());
      // Error paths too: they must not allocate either (e.g. to format a message).
      st[n++] = attnkit::attention_f32(ad, q.data(), k.data(), v.data(), out.data(), {},
                                       {work.data(), 1});
      st[n++] = attnkit::pe_f32(1, e, pe.data(), 0.5f);
      calls = count.stop();
    }
    EXPECT_EQ(calls, 0) << "heap calls during the float kernels";
    for (size_t i = 0; i + 2 < n; ++i) EXPECT_EQ(st[i], status::ok) << "call " << i;
    EXPECT_EQ(st[n - 2], status::scratch_too_small);
    EXPECT_EQ(st[n - 1], status::bad_argument);
  });
}

}  // namespace
