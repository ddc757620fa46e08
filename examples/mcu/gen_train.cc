// SPDX-License-Identifier: Apache-2.0
// Host side of the MCU example: writes DIR/x.npy (N x 16 features from features.h, the same
// code the firmware runs) and DIR/y.npy (shape labels) to train the probe with the CLI.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "examples/mcu/features.h"

namespace {

struct lcg {
  uint64_t s;
  double uniform() {  // [0, 1)
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(s >> 11) * (1.0 / 9007199254740992.0);
  }
  double normal() {
    return std::sqrt(-2.0 * std::log(1.0 - uniform())) * std::cos(6.283185307179586 * uniform());
  }
};

bool write_npy(const std::string& path, const char* descr, const std::string& shape,
               const void* data, size_t bytes) {
  std::string h =
      std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  const uint16_t len = static_cast<uint16_t>(h.size());
  const unsigned char len_le[2] = {static_cast<unsigned char>(len & 0xFF),
                                   static_cast<unsigned char>(len >> 8)};
  const bool ok = std::fwrite(magic, 1, 8, f) == 8 && std::fwrite(len_le, 1, 2, f) == 2 &&
                  std::fwrite(h.data(), 1, h.size(), f) == h.size() &&
                  std::fwrite(data, 1, bytes, f) == bytes;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const size_t per_class = 200, n = 3 * per_class;
  std::vector<float> x(n * mcu::kDims);
  std::vector<int64_t> y(n);
  lcg r{2024};
  for (size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % 3);
    float noise[mcu::kSteps], s[mcu::kSteps];
    for (float& v : noise) v = static_cast<float>(0.05 * r.normal());
    const float amp = static_cast<float>(0.5 + r.uniform()),
                off = static_cast<float>(0.6 * r.uniform() - 0.3);
    mcu::make_signal(c, amp, off, noise, s);
    if (!mcu::features(s, &x[i * mcu::kDims])) return 1;
    y[i] = c;
  }
  const std::string dir = argv[1];
  const std::string shape = "(" + std::to_string(n) + ", " + std::to_string(mcu::kDims) + ")";
  if (!write_npy(dir + "/x.npy", "<f4", shape, x.data(), x.size() * sizeof(float)) ||
      !write_npy(dir + "/y.npy", "<i8", "(" + std::to_string(n) + ",)", y.data(), y.size() * 8))
    return 1;
  std::printf("%zu samples -> %s/x.npy, %s/y.npy\n", n, dir.c_str(), dir.c_str());
  return 0;
}
