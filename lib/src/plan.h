// SPDX-License-Identifier: Apache-2.0
// Scratch plans: one plan_* per kernel validates the dims and lays out every scratch buffer once;
// the kernel's *_scratch_size() returns the plan's total and the kernel carves from its offsets.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/attention.h"
#include "attnkit/status.h"
#include "checks.h"

namespace attnkit {
namespace detail {

/// Consecutive arrays, each starting on a kScratchAlign boundary. Offsets count from the first
/// aligned byte of the caller's buffer; total() adds kScratchAlign bytes of slack for reaching
/// it, so any buffer alignment works. total() is 0 once a part is empty or a size overflows:
/// no buffer can hold the layout.
class layout {
 public:
  /// Reserves n objects of T; returns their offset.
  template <class T>
  size_t add(size_t n) {
    size_t b;
    if (n == 0 || !mul_ok(n, sizeof(T), &b)) return fail();
    return add_bytes(b);
  }
  /// Reserves rows x cols objects of T; returns their offset.
  template <class T>
  size_t add(size_t rows, size_t cols) {
    size_t n;
    if (!mul_ok(rows, cols, &n)) return fail();
    return add<T>(n);
  }
  /// Reserves b bytes; returns their offset.
  size_t add_bytes(size_t b) {
    const size_t off = end_;
    if (b == 0 || b > SIZE_MAX - (kScratchAlign - 1)) return fail();
    if (!add_ok(end_, (b + kScratchAlign - 1) & ~(kScratchAlign - 1), &end_)) return fail();
    return off;
  }
  size_t total() const {
    size_t t;
    return ok_ && add_ok(end_, kScratchAlign, &t) ? t : 0;
  }

 private:
  size_t fail() {
    ok_ = false;
    return 0;
  }
  size_t end_ = 0;
  bool ok_ = true;
};

/// The first kScratchAlign-aligned byte of s.data: offset 0 of every plan. Only call it once
/// s.bytes >= a plan's non-zero total (the slack then keeps every array inside s).
inline unsigned char* scratch_base(const scratch& s) {
  const size_t mis = reinterpret_cast<uintptr_t>(s.data) & (kScratchAlign - 1);
  return static_cast<unsigned char*>(s.data) + (mis ? kScratchAlign - mis : 0);
}

/// The array of a plan at byte offset off from scratch_base().
template <class T>
T* carve(unsigned char* base, size_t off) {
  return reinterpret_cast<T*>(base + off);
}

/// s holds a plan of this total: the total exists (non-zero) and s has that many bytes. The
/// size contract, not what happens to fit: alignment slack the buffer's start does not need
/// is still required.
inline bool scratch_holds(const scratch& s, size_t total) { return total != 0 && s.bytes >= total; }

// ---- float attention (attention.cc) ----

/// Online-softmax state of the streaming path: a min(nq, 64) x min(nk, 128) score tile and
/// the running max, running sum and rescale factor per query row of a block.
struct f32_stream_offsets {
  size_t s, m, l, corr;
};

struct attention_f32_plan {
  f32_stream_offsets stream;
  size_t total;  ///< attention_f32_scratch_size
};

/// bad_size (a zero dim) or size_overflow (an operand's byte count does not fit size_t), else
/// ok and the layout.
status plan_attention_f32(const attention_dims& d, attention_f32_plan* p);

struct mha_f32_plan {
  size_t q, k, v, cat;  ///< nq x d_model, nk x d_model, nk x d_model, nq x d_model floats
  f32_stream_offsets stream;
  size_t total;  ///< mha_f32_scratch_size
};

/// bad_size (a zero dim) or size_overflow, else ok and the layout (total 0 when it does not
/// fit size_t). heads dividing d_model and the self-attention shape are mha_f32's own checks.
status plan_mha_f32(const mha_dims& d, mha_f32_plan* p);

// ---- int8 attention (attention_fx.cc) ----

/// The blocked path's per-head buffers: nk key scale ratios, 16 x nk int32 scores and
/// 16 x nk Q15 weights.
struct s8_attend_offsets {
  size_t kr, s, w;
};

struct attention_s8_plan {
  s8_attend_offsets att;
  size_t o;      ///< nq x dv int32 P V
  size_t rs;     ///< nq requantisation scales
  size_t total;  ///< attention_s8_scratch_size
};

/// bad_size (a zero dim, dk > kMaxDotS8) or size_overflow, else ok and the layout (total 0
/// when it does not fit size_t).
status plan_attention_s8(const attention_dims& d, attention_s8_plan* p);

struct attention_s8_stream_plan {
  size_t kr;     ///< 128 key scale ratios (one tile)
  size_t s;      ///< 16 x 128 int32 scores
  size_t w;      ///< 16 x 128 Q15 weights
  size_t pv;     ///< 16 x dv int32: one tile's P V
  size_t o;      ///< 16 x dv int32: the block's P V
  size_t rs;     ///< 16 requantisation scales
  size_t total;  ///< attention_s8_stream_scratch_size
};

/// As plan_attention_s8 (the same dims checks); the layout does not depend on nk.
status plan_attention_s8_stream(const attention_dims& d, attention_s8_stream_plan* p);

struct mha_s8_plan {
  size_t t;               ///< max(nq, nk) x d_model int32 accumulators
  size_t q, k, v, cat;    ///< int8 projections and the concatenated heads
  size_t qs, ks, vs, cs;  ///< their row scales
  size_t unit, rs;        ///< max(nq, nk) row units and requantisation scales
  size_t col;             ///< d_model column scales
  s8_attend_offsets att;  ///< one head's attention buffers (reused by every head)
  size_t total;           ///< mha_s8_scratch_size
};

/// bad_size (a zero dim, heads not dividing d_model, d_model or d_kv > kMaxDotS8) or
/// size_overflow, else ok and the layout (total 0 when it does not fit size_t). The
/// self-attention shape is mha_s8's own check.
status plan_mha_s8(const mha_dims& d, mha_s8_plan* p);

}  // namespace detail
}  // namespace attnkit
