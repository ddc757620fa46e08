// SPDX-License-Identifier: Apache-2.0
// The attnkit CLI's subcommands and the helpers they share; each command lives in cmd_<name>.cc.
//
// Adding a command: write `void register_<name>(CLI::App& app)` in tools/cmd_<name>.cc (add a
// subcommand, its options, and a callback that does the work), declare it below and call it
// from main.cc. Throw usage_error for a bad option value (exit 2) and data_error or npy::error
// for bad input data (exit 1). Call check_outputs() with every output and input path before the
// work; write every output through one npy::output_set (add_file for non-.npy files), after
// printing the command's report and flush_stdout(), so that a failure leaves no partial output.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "npy.h"

namespace CLI {
class App;
}

namespace cli {

/// A bad option value, found after parsing: exit code 2 (as CLI11's own parse errors).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Bad input data (contents, shapes): exit code 1 (as npy::error).
struct data_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses a plain decimal integer in [min, max] (no sign, no octal/hex; CLI11 accepts "-1"
/// into unsigned options). Throws usage_error naming `option`.
uint64_t parse_uint(const std::string& text, const std::string& option, uint64_t min, uint64_t max);

/// Parses a finite decimal number (digits, '.', an exponent; no hex, inf or nan, nothing
/// empty) in [min, max]. Throws usage_error naming `option`.
double parse_double(const std::string& text, const std::string& option, double min, double max);

/// An output option and its value (empty: not given).
struct output_arg {
  std::string option, path;
};

/// Checks a command's outputs before any work is done: each destination can be written
/// (io_guard::resolve_output: an existing directory, not a directory/FIFO/device, a name that
/// fits), no two name the same file (usage_error naming both options), and none is one of
/// `inputs` (data_error "<path>: is also an input"). The writers check again when they write.
void check_outputs(const std::vector<output_arg>& outputs, const std::vector<std::string>& inputs);

/// Throws data_error unless every value is finite: "<what>: <n> non-finite values (first at
/// row r, column c) <why>" -- every kernel output the CLI writes or reports goes through it.
void require_finite_output(const std::string& what, const float* v, size_t n, size_t cols,
                           const std::string& why);

/// Flushes stdout; throws std::runtime_error("stdout: <reason>") if anything printed so far
/// could not be written (a full disk, a closed pipe: SIGPIPE is ignored).
void flush_stdout();

/// Loads a float32 array of rank `rank` with no zero dimension; `form` describes it for
/// messages, e.g. "(N, D)". Any numeric dtype and Fortran order are accepted.
/// Values must be finite unless allow_nonfinite (e.g. -inf in an attention mask).
npy::array<float> load_f32(const std::string& path, size_t rank, const char* form,
                           bool allow_nonfinite = false);

/// Throws data_error "<path>: element 7 (row 1, column 3) is NaN; ..." for the first non-finite
/// value of a row-major array with `cols` columns.
void require_finite(const std::string& path, const std::vector<float>& v, size_t cols);

/// Throws data_error "<path>: expected shape (6, 6), got (6, 5)" unless got == want.
void expect_shape(const std::string& path, const std::vector<size_t>& got,
                  const std::vector<size_t>& want);

/// Adds `--port NAME` (choices: the ports compiled in) to a subcommand.
void add_port_option(CLI::App& sub, std::string* port);

/// Selects the port named by add_port_option's value (empty: keep the default).
void apply_port(const std::string& port);

/// Parses argv, runs the chosen subcommand and maps errors to exit codes: 0 success (and
/// --help/--version), 2 usage errors, 1 data errors and failed writes (stdout included).
/// Errors are one line on stderr. Installs io_guard's signal cleanup first.
int run(CLI::App& app, int argc, char** argv);

/// The `attnkit --version` text.
std::string version_string();

}  // namespace cli

// One per subcommand; main.cc calls each.
void register_pe(CLI::App& app);
void register_attention(CLI::App& app);
void register_probe(CLI::App& app);
void register_plot(CLI::App& app);
void register_gen(CLI::App& app);
