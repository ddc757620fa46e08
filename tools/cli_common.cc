// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the CLI's subcommands: strict option parsing, array loading, output
// checks, exit codes.
#define _FILE_OFFSET_BITS 64
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// "attnkit probe train": the command chain that was parsed.
std::string prog(const CLI::App& app) {
  std::string p = "attnkit";
  for (const CLI::App* a = &app;;) {
    const std::vector<CLI::App*> subs = a->get_subcommands();
    if (subs.empty()) return p;
    a = subs.front();
    p += " " + a->get_name();
  }
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

double parse_double(const std::string& text, const std::string& option, double min, double max) {
  // Digits, one '.', an optional exponent: what strtod reads, minus hex, inf, nan and spaces.
  bool ok = !text.empty() && text.size() <= 64 &&
            text.find_first_not_of("0123456789.eE+-") == std::string::npos;
  double v = 0;
  if (ok) {
    char* end = nullptr;
    v = std::strtod(text.c_str(), &end);  // underflow gives a tiny value: the range says no
    ok = end == text.c_str() + text.size() && std::isfinite(v);
  }
  if (!ok) throw usage_error(option + ": '" + text + "' is not a finite decimal number");
  if (!(v >= min && v <= max)) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " is out of range [%g, %g]", min, max);
    throw usage_error(option + ": " + text + buf);
  }
  return v;
}

void check_outputs(const std::vector<output_arg>& outputs, const std::vector<std::string>& inputs) {
  std::vector<io_guard::destination> d(outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].path.empty()) continue;
    try {
      d[i] = io_guard::resolve_output(outputs[i].path);
    } catch (const io_guard::error& e) {
      throw data_error(e.what());
    }
    for (size_t j = 0; j < i; ++j)
      if (!outputs[j].path.empty() && io_guard::same_file(d[i], d[j]))
        throw usage_error(outputs[i].option + " " + outputs[i].path + " and " + outputs[j].option +
                          " " + outputs[j].path + " name the same file");
    if (!d[i].exists) continue;
    for (const std::string& in : inputs) {
      struct stat st;
      if (!in.empty() && ::stat(in.c_str(), &st) == 0 && st.st_dev == d[i].id.dev &&
          st.st_ino == d[i].id.ino)
        throw data_error(outputs[i].path + ": is also an input (" + in +
                         "); write the output to another file");
    }
  }
}

void require_finite_output(const std::string& what, const float* v, size_t n, size_t cols,
                           const std::string& why) {
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i]) && bad++ == 0) first = i;
  if (bad == 0) return;
  if (cols == 0) cols = 1;
  throw data_error(what + ": " + std::to_string(bad) + " of " + std::to_string(n) +
                   " values are not finite (first at row " + std::to_string(first / cols) +
                   ", column " + std::to_string(first % cols) + ", " +
                   (std::isnan(v[first]) ? "NaN" : "inf") + ")" + (why.empty() ? "" : ": " + why));
}

void flush_stdout() {
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return;
  // errno is 0 when an earlier flush (std::endl in --help) failed and stdio kept the error.
  const int err = errno;
  throw std::runtime_error(std::string("stdout: cannot write: ") +
                           (err ? std::strerror(err) : "write error"));
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
  io_guard::enabled() = true;  // no output may replace one of this run's inputs or outputs
  io_guard::install_signal_cleanup();
  int rc = 0;
  try {
    app.parse(argc, argv);
    flush_stdout();
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version: printed to stdout, which must take it
      rc = app.exit(e);
      try {
        flush_stdout();  // std::cout is synchronised with stdio: it writes through stdout
      } catch (const std::exception& f) {
        std::fprintf(stderr, "%s: %s\n", prog(app).c_str(), one_line(f.what()).c_str());
        rc = 1;
      }
    } else {
      std::fprintf(stderr, "%s: %s (see --help)\n", prog(app).c_str(), one_line(e.what()).c_str());
      rc = 2;
    }
  } catch (const usage_error& e) {
    std::fprintf(stderr, "%s: %s (see --help)\n", prog(app).c_str(), one_line(e.what()).c_str());
    rc = 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: out of memory\n", prog(app).c_str());
    rc = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", prog(app).c_str(), one_line(e.what()).c_str());
    rc = 1;
  }
  // Whatever stdout still holds must not be lost silently at exit; nor reported twice.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (rc == 0)
      std::fprintf(stderr, "%s: stdout: cannot write: %s\n", prog(app).c_str(),
                   errno ? std::strerror(errno) : "write error");
    rc = rc ? rc : 1;
    // exit() would try the same flush again; the buffer has nowhere to go.
    std::fflush(stderr);
    ::_exit(rc);
  }
  return rc;
}

}  // namespace cli
