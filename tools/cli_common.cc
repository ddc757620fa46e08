// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the CLI's subcommands: strict option parsing, array loading, exit codes.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <new>

#include "attnkit/attnkit.h"
#include "commands.h"
#include "io_guard.h"

namespace cli {
namespace {

// CLI11 messages and ours must stay on one line.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string prog(const CLI::App& app) {
  std::string p = "attnkit";
  for (const CLI::App* sub : app.get_subcommands()) p += " " + sub->get_name();
  return p;
}

}  // namespace

uint64_t parse_uint(const std::string& text, const std::string& option, uint64_t min,
                    uint64_t max) {
  uint64_t v = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (char c : text) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > (UINT64_MAX - d) / 10) {
      ok = false;
      break;
    }
    v = v * 10 + d;
  }
  if (!ok) throw usage_error(option + ": '" + text + "' is not a non-negative integer");
  if (v < min || v > max)
    throw usage_error(option + ": " + text + " is out of range [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
  return v;
}

npy::array<float> load_f32(const std::string& path, size_t rank, const char* form,
                           bool allow_nonfinite) {
  npy::array<float> a = npy::read<float>(path);
  bool empty = false;
  for (size_t d : a.shape) empty = empty || d == 0;
  if (a.shape.size() != rank || empty)
    throw data_error(path + ": expected a non-empty " + std::to_string(rank) + "-D array " + form +
                     ", got shape " + npy::shape_str(a.shape));
  if (!allow_nonfinite) require_finite(path, a.data, a.shape.back());
  return a;
}

void require_finite(const std::string& path, const std::vector<float>& v, size_t cols) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isfinite(v[i])) continue;
    const char* what = std::isnan(v[i]) ? "NaN" : v[i] > 0 ? "+inf" : "-inf";
    throw data_error(path + ": element " + std::to_string(i) + " (row " + std::to_string(i / cols) +
                     ", column " + std::to_string(i % cols) + ") is " + what +
                     "; only finite values are accepted here");
  }
}

void expect_shape(const std::string& path, const std::vector<size_t>& got,
                  const std::vector<size_t>& want) {
  if (got != want)
    throw data_error(path + ": expected shape " + npy::shape_str(want) + ", got " +
                     npy::shape_str(got));
}

void add_port_option(CLI::App& sub, std::string* port) {
  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  std::vector<std::string> choices(names, names + n);
  sub.add_option("--port", *port, "Kernel implementation (default: " + choices.at(0) + ")")
      ->check(CLI::IsMember(choices));
}

void apply_port(const std::string& port) {
  if (!port.empty() && attnkit::select_port(port.c_str()) != attnkit::status::ok)
    throw usage_error("--port: '" + port + "' is not in this build");
}

std::string version_string() {
  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  std::string s = "attnkit 0.1.0 (ports:";
  for (size_t i = 0; i < n; ++i) s += std::string(" ") + names[i];
  return s + ")";
}

int run(CLI::App& app, int argc, char** argv) {
  io_guard::enabled() = true;  // no output may replace one of this run's inputs
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "%s: %s (see --help)\n", prog(app).c_str(), one_line(e.what()).c_str());
    return 2;
  } catch (const usage_error& e) {
    std::fprintf(stderr, "%s: %s (see --help)\n", prog(app).c_str(), one_line(e.what()).c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: out of memory\n", prog(app).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", prog(app).c_str(), one_line(e.what()).c_str());
    return 1;
  }
}

}  // namespace cli
