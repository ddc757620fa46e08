// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the .akp probe reader (tools/akp.*). The first byte can ask the harness to fix
// the payload length and CRC so that the fuzzer reaches the field parser behind them.
#include <cmath>
#include <cstring>

#include "akp.h"
#include "fuzz/fuzz.h"

ATTNKIT_FUZZ_TARGET(akp) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((mode & 2) && bytes.size() >= 20) {  // payload length = what is there
    const uint64_t payload = bytes.size() - 20;
    for (int i = 0; i < 8; ++i) bytes[8 + i] = static_cast<char>(payload >> (8 * i));
  }
  if ((mode & 1) && bytes.size() >= 4) {  // a valid CRC over everything before it
    const uint32_t crc = akp::crc32(bytes.data(), bytes.size() - 4);
    for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  }
  try {
    const akp::probe p = akp::decode(bytes, "in.akp");
    // Whatever decodes is valid, and encodes to a file that decodes to the same probe.
    akp::validate(p, "in.akp");
    // (encode is canonical, so equal encodings mean equal probes.)
    const std::string once = akp::encode(p);
    FUZZ_CHECK(akp::encode(akp::decode(once, "again.akp")) == once, "round trip");
    FUZZ_CHECK(p.w.size() == size_t{p.dims} * p.classes, "weight count");
  } catch (const akp::error& e) {
    const std::string m = e.what();
    FUZZ_CHECK(m.compare(0, 8, "in.akp: ") == 0, "message lacks the name: " + m);
    FUZZ_CHECK(m.find('\n') == std::string::npos, "message spans lines: " + m);
  }
  return 0;
}
