// SPDX-License-Identifier: Apache-2.0
// status_str.
#include "attnkit/status.h"

namespace attnkit {

const char* status_str(status s) {
  switch (s) {
    case status::ok:
      return "ok";
    case status::null_pointer:
      return "null pointer";
    case status::bad_size:
      return "bad size";
    case status::size_overflow:
      return "size overflow";
    case status::scratch_too_small:
      return "scratch too small";
    case status::bad_argument:
      return "bad argument";
    case status::unsupported:
      return "unsupported";
  }
  return "unknown status";
}

}  // namespace attnkit
