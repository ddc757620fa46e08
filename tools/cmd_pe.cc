// SPDX-License-Identifier: Apache-2.0
// `attnkit pe`: writes a table of sinusoidal positional encodings as an .npy file.
#include <CLI/CLI.hpp>
#include <cmath>
#include <memory>

#include "attnkit/attnkit.h"
#include "commands.h"

namespace {

struct pe_options {
  std::string dim, positions, out, base = "10000";
  std::string format = "f32";
};

void run_pe(const pe_options& o) {
  const size_t dim = cli::parse_uint(o.dim, "--dim", 1, SIZE_MAX);
  const size_t colon = o.positions.find(':');
  if (colon == std::string::npos)
    throw cli::usage_error("--positions: expected A:B, got '" + o.positions + "'");
  const uint64_t a =
      cli::parse_uint(o.positions.substr(0, colon), "--positions (A)", 0, UINT32_MAX);
  const uint64_t b =
      cli::parse_uint(o.positions.substr(colon + 1), "--positions (B)", 0, UINT32_MAX);
  if (a > b) throw cli::usage_error("--positions: A must be <= B, got " + o.positions);
  // The library takes a float base; check the value it will actually see.
  const double base_d = cli::parse_double(o.base, "--base", -HUGE_VAL, HUGE_VAL);
  const float base = static_cast<float>(base_d);
  if (!std::isfinite(base) || !(base > 1.0f))
    throw cli::usage_error("--base: must be finite and > 1");
  // The Q15 table is integer-only and takes an integer base.
  const bool q15 = o.format == "q15";
  if (q15 && (base_d != std::floor(base_d) || base_d < 2.0 || base_d > 4294967295.0))
    throw cli::usage_error("--base: --format q15 needs an integer base in [2, 2^32)");
  cli::check_outputs({{"--output", o.out}}, {});

  const size_t rows = static_cast<size_t>(b - a + 1);
  size_t n = 0;
  if (__builtin_mul_overflow(rows, dim, &n) || n > SIZE_MAX / sizeof(float))
    throw cli::data_error("--positions/--dim: table of " + std::to_string(rows) + " x " +
                          std::to_string(dim) + " floats is too large");
  if (q15) {
    std::vector<int16_t> table(n);
    const attnkit::status s = attnkit::pe_table_q15(static_cast<uint32_t>(a), rows, dim,
                                                    table.data(), static_cast<uint32_t>(base_d));
    if (s != attnkit::status::ok)
      throw cli::data_error(std::string("pe_table_q15 failed: ") + attnkit::status_str(s));
    npy::write(o.out, {rows, dim}, table.data());
    return;
  }
  std::vector<float> table(n);
  const attnkit::status s =
      attnkit::pe_table_f32(static_cast<uint32_t>(a), rows, dim, table.data(), base);
  if (s != attnkit::status::ok)
    throw cli::data_error(std::string("pe_table_f32 failed: ") + attnkit::status_str(s));
  cli::require_finite_output(o.out, table.data(), n, dim, "not written");
  npy::write(o.out, {rows, dim}, table.data());
}

}  // namespace

void register_pe(CLI::App& app) {
  auto o = std::make_shared<pe_options>();
  CLI::App* sub = app.add_subcommand("pe", "Write a sinusoidal positional-encoding table");
  sub->footer(
      "Writes (B-A+1) x D float32; row k is position p = A+k:\n"
      "  PE(p, 2i) = sin(p w_i), PE(p, 2i+1) = cos(p w_i), w_i = base^(-2i/D)\n"
      "--format q15 writes int16 round(32768 PE) (clamped to 32767) from the integer-only\n"
      "kernel pe_table_q15 (integer base; within 1 LSB of the exact value).\n"
      "Example: attnkit pe --dim 64 --positions 0:511 -o pe.npy");
  sub->add_option("--dim", o->dim, "Encoding width D (> 0)")->required()->type_name("D");
  sub->add_option("--positions", o->positions, "Inclusive position range, 0 <= A <= B < 2^32")
      ->required()
      ->type_name("A:B");
  sub->add_option("--base", o->base, "Frequency base (> 1)")->capture_default_str()->type_name("B");
  sub->add_option("--format", o->format, "Output element type")
      ->check(CLI::IsMember({"f32", "q15"}))
      ->capture_default_str();
  sub->add_option("-o,--output", o->out, "Output .npy file")->required()->type_name("FILE");
  sub->callback([o] { run_pe(*o); });
}
