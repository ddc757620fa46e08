// SPDX-License-Identifier: Apache-2.0
// Writes data/golden/<case>.bin from the scalar reference port (run by `make golden`).
#include <cstdio>
#include <string>

#include "attnkit/port.h"
#include "golden/golden_cases.h"

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "data/golden";
  if (attnkit::select_port("scalar") != attnkit::status::ok) return 1;
  for (const golden::golden_case& c : golden::cases()) {
    golden::bytes b;
    if (!c.run(&b)) {
      std::fprintf(stderr, "gen_golden: %s failed\n", c.name);
      return 1;
    }
    const std::string path = dir + "/" + c.name + ".bin";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "gen_golden: cannot write %s\n", path.c_str());
      return 1;
    }
    const std::string h = golden::header(c.name);
    const bool ok = std::fwrite(h.data(), 1, h.size(), f) == h.size() &&
                    std::fwrite(b.data(), 1, b.size(), f) == b.size();
    if (std::fclose(f) != 0 || !ok) return 1;
    std::printf("%s: %zu bytes\n", path.c_str(), h.size() + b.size());
  }
  return 0;
}
