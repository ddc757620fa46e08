// SPDX-License-Identifier: Apache-2.0
// attnkit host CLI entry point: registers every subcommand and maps errors to exit codes.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"attnkit: prepare and check data for the attnkit transformer kernels", "attnkit"};
  app.set_version_flag("--version", cli::version_string());
  app.require_subcommand(1);

  // Subcommands (each in tools/cmd_<name>.cc); add new ones to this list.
  register_pe(app);
  register_attention(app);
  register_probe(app);
  register_plot(app);
  register_gen(app);

  return cli::run(app, argc, argv);
}
