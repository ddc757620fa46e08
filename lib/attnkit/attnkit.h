// SPDX-License-Identifier: Apache-2.0
// attnkit: transformer building blocks for small machines. Umbrella header.
//
// No heap, no exceptions: callers own every buffer; kernels that need working memory
// have a *_scratch_size(). Every function returns attnkit::status.
//
//   #include "attnkit/attnkit.h"
//   float pe[8 * 64];
//   if (attnkit::pe_table_f32(0, 8, 64, pe) != attnkit::status::ok) { /* handle */ }
//   attnkit::attention_dims d{8, 8, 64, 64};
//   alignas(64) static unsigned char buf[1 << 16];
//   attnkit::scratch work{buf, sizeof buf};   // >= attention_f32_scratch_size(d)
//   float out[8 * 64];
//   attnkit::status s = attnkit::attention_f32(d, pe, pe, pe, out, {}, work);
#pragma once
#include "attnkit/attention.h"
#include "attnkit/norm.h"
#include "attnkit/pe.h"
#include "attnkit/port.h"
#include "attnkit/probe.h"
#include "attnkit/quant.h"
#include "attnkit/softmax.h"
#include "attnkit/status.h"
#include "attnkit/tokens.h"
