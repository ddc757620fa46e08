// SPDX-License-Identifier: Apache-2.0
// `attnkit gen esm-like`: writes synthetic files shaped like the worksheet's ESM-1b data.
#include <limits.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "gen.h"

namespace {

struct gen_options {
  std::string out, n = "2500", dim = "1280", seed = "0", id = "P00644", length = "231";
  std::string seq_len = "250";
  bool quiet = false;
};

void run_gen(const gen_options& o) {
  gen::esm_like_options g;
  g.n = cli::parse_uint(o.n, "--n", 1, size_t{1} << 24);
  g.dim = cli::parse_uint(o.dim, "--dim", 1, 65536);
  g.seed = cli::parse_uint(o.seed, "--seed", 0, UINT64_MAX);
  g.attn_len = cli::parse_uint(o.length, "--length", 1, 4000);
  g.seq_len = cli::parse_uint(o.seq_len, "--seq-len", 1, 100000);
  if (o.id.empty() || o.id.find_first_of("/\\") != std::string::npos || o.id == "." || o.id == "..")
    throw cli::usage_error("--id: must be a non-empty name without slashes");
  const std::string attention_name = "attention_head_max_" + o.id + ".npy";
  if (attention_name.size() > NAME_MAX)
    throw cli::usage_error("--id: " + attention_name.substr(0, 40) + "... is longer than " +
                           std::to_string(NAME_MAX) + " bytes, the longest file name");
  // The directory: an existing one, or a new one in an existing parent. It is created only
  // once the data exist, and removed again if writing fails (or a signal stops the run).
  if (o.out.empty()) throw cli::usage_error("--output: empty directory name");
  struct stat st;
  if (::stat(o.out.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw cli::data_error(o.out + ": exists and is not a directory");
  } else {
    std::string parent = o.out;
    while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
    const size_t slash = parent.rfind('/');
    parent = slash == std::string::npos ? "." : slash == 0 ? "/" : parent.substr(0, slash);
    if (::stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      throw cli::data_error(o.out + ": cannot create directory: '" + parent +
                            "' is not an existing directory");
  }

  const gen::esm_like_data d = gen::esm_like(g);
  cli::require_finite_output("gen esm-like", d.embeddings.data(), d.embeddings.size(), d.dim,
                             "generator bug");
  cli::require_finite_output("gen esm-like", d.attention.data(), d.attention.size(), d.T,
                             "generator bug");
  if (!o.quiet)
    std::printf(
        "wrote %s: embeddings.npy (%zu, %zu), labels_AA.npy (%zu,) in 0..19, labels_pos.npy "
        "(%zu,) in 1..%zu, attention_head_max_%s.npy (%zu, %zu, %zu)\n"
        "synthetic data (seed %llu): token + learned-style position embedding + noise; "
        "attention from attnkit::mha_f32\n",
        o.out.c_str(), d.n, d.dim, d.n, d.n, std::min(g.seq_len, g.n), o.id.c_str(), d.layers, d.T,
        d.T, static_cast<unsigned long long>(g.seed));
  cli::flush_stdout();  // the report first: a failed stdout leaves no data behind
  const std::string dir = o.out + (o.out.back() == '/' ? "" : "/");
  npy::output_set out;
  out.make_dir(o.out);
  out.add(dir + "embeddings.npy", {d.n, d.dim}, d.embeddings.data());
  out.add(dir + "labels_AA.npy", {d.n}, d.labels_aa.data());
  out.add(dir + "labels_pos.npy", {d.n}, d.labels_pos.data());
  out.add(dir + attention_name, {d.layers, d.T, d.T}, d.attention.data());
  out.commit();
}

}  // namespace

void register_gen(CLI::App& app) {
  CLI::App* gen = app.add_subcommand("gen", "Generate synthetic data sets");
  gen->require_subcommand(1);
  auto o = std::make_shared<gen_options>();
  CLI::App* e =
      gen->add_subcommand("esm-like", "Synthetic stand-in for the ESM-1b worksheet files");
  e->footer(
      "Writes embeddings.npy (N, D) float32 = token embedding + learned-style positional\n"
      "embedding + noise, labels_AA.npy (N,) in 0..19 (ESM order LAGVSERTIDPKQNFYMHWC),\n"
      "labels_pos.npy (N,) token positions, and attention_head_max_<ID>.npy (33, T, T):\n"
      "per layer the max over heads of attnkit::mha_f32 weights over one synthetic protein\n"
      "(T = length + 2 for <cls> and <eos>). Real ESM files with these names drop in unchanged.");
  e->add_option("-o,--output", o->out, "Output directory (created if missing)")
      ->required()
      ->type_name("DIR");
  e->add_option("--n", o->n, "Embeddings")->capture_default_str();
  e->add_option("--dim", o->dim, "Embedding width")->capture_default_str();
  e->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  e->add_option("--seq-len", o->seq_len, "Residues per protein (position labels 1..seq-len)")
      ->capture_default_str();
  e->add_option("--length", o->length, "Residues of the attention protein")->capture_default_str();
  e->add_option("--id", o->id, "Name in attention_head_max_<ID>.npy")->capture_default_str();
  e->add_flag("--quiet", o->quiet, "Print nothing");
  e->callback([o] { run_gen(*o); });
}
