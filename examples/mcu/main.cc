// SPDX-License-Identifier: Apache-2.0
// MCU example firmware: three sensor signals -> Q15 positional encodings scaled by the signal
// -> int8 self-attention -> mean pool -> int8 linear probe (exported by `attnkit probe export`)
// -> the signal's shape, printed over semihosting. Exit status: number of wrong answers.
#include "examples/mcu/features.h"
#include "examples/mcu/signal_probe.h"
#include "ports/cortex-m/board/semihost.h"

int main() {
  static const char* const kShape[] = {"rising", "falling", "bump"};
  static const float kNoise[mcu::kSteps] = {0.02f,  -0.03f, 0.01f,  0.04f, -0.02f, 0.0f,
                                            -0.01f, 0.03f,  -0.04f, 0.02f, 0.01f,  -0.02f};
  int wrong = 0;
  for (int c = 0; c < 3; ++c) {
    float s[mcu::kSteps], feat[mcu::kDims];
    mcu::make_signal(c, 1.0f, 0.1f, kNoise, s);
    int8_t fq[mcu::kDims];
    attnkit::quant_scale fs;
    int32_t logits[signal_probe::kClasses], label = -1;
    const bool ok =
        mcu::features(s, feat) &&
        attnkit::quantize_rows_s8(feat, 1, mcu::kDims, fq, nullptr, &fs) == attnkit::status::ok &&
        attnkit::probe_s8(signal_probe::kS8, fq, &fs, 1, logits, &label) == attnkit::status::ok;
    const bool right = ok && label == c;
    wrong += right ? 0 : 1;
    sh::write(right ? "ok example-mcu " : "not ok example-mcu ");
    sh::write(kShape[c]);
    sh::write(" signal: the probe says ");
    sh::write(ok && label >= 0 && label < 3 ? kShape[label] : "(error)");
    sh::write(" (int8 logits");
    for (size_t k = 0; ok && k < signal_probe::kClasses; ++k) {
      sh::write(" ");
      sh::write_int(logits[k]);
    }
    sh::write(")\n");
  }
  return wrong;
}
