// SPDX-License-Identifier: Apache-2.0
// `attnkit plot pe|pe-dot|attention`: PNG heatmaps and scatter plots with colour bars.
#include <CLI/CLI.hpp>
#include <cmath>
#include <memory>

#include "attnkit/pe.h"
#include "commands.h"
#include "plot.h"

namespace {

// "A:B" (inclusive) with min <= A <= B <= max.
std::pair<uint64_t, uint64_t> parse_range(const std::string& text, const std::string& option,
                                          uint64_t min, uint64_t max) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos)
    throw cli::usage_error(option + ": expected A:B, got '" + text + "'");
  const uint64_t a = cli::parse_uint(text.substr(0, colon), option + " (A)", min, max);
  const uint64_t b = cli::parse_uint(text.substr(colon + 1), option + " (B)", min, max);
  if (a > b) throw cli::usage_error(option + ": A must be <= B, got " + text);
  return {a, b};
}

struct pe_plot_options {
  std::string dim, positions, out, ref, title, save, base = "10000", width, height;
  const CLI::Option *width_opt = nullptr, *height_opt = nullptr;  // given at all?
};

// The PE table (count x d) for positions a..b.
std::vector<float> pe_table(uint64_t a, uint64_t b, size_t d, float base) {
  const size_t count = size_t(b - a + 1);
  if (count > 100000 || d > 100000 || count * d > (size_t{1} << 28))
    throw cli::usage_error("--positions/--dim: too large to plot");
  std::vector<float> t(count * d);
  const attnkit::status s = attnkit::pe_table_f32(uint32_t(a), count, d, t.data(), base);
  if (s != attnkit::status::ok)
    throw cli::data_error(std::string("pe_table_f32 failed: ") + attnkit::status_str(s));
  return t;
}

float check_base(const std::string& text) {
  const float b = static_cast<float>(cli::parse_double(text, "--base", -HUGE_VAL, HUGE_VAL));
  if (!std::isfinite(b) || !(b > 1.0f)) throw cli::usage_error("--base: must be finite and > 1");
  return b;
}

// --width/--height (not given: the figure's default, returned as 0; given empty: an error).
int image_side(const CLI::Option* given, const std::string& text, const char* option, int min) {
  return given->count() == 0 ? 0 : int(cli::parse_uint(text, option, uint64_t(min), 8000));
}

// PNG bytes of a figure; a figure that cannot be laid out names the option that chose it.
template <class F>
std::string png_of(F make, const std::string& who) {
  try {
    return make().png();
  } catch (const plot::too_large& e) {
    throw cli::data_error(who + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    throw cli::usage_error(who + ": " + e.what());
  }
}

void run_plot_pe(const pe_plot_options& o) {
  const size_t d = cli::parse_uint(o.dim, "--dim", 1, 100000);
  const auto [a, b] = parse_range(o.positions, "--positions", 0, UINT32_MAX);
  const float base = check_base(o.base);
  const int width = image_side(o.width_opt, o.width, "--width", 300);
  const int height = image_side(o.height_opt, o.height, "--height", 250);
  cli::check_outputs({{"--output", o.out}}, {});
  const std::vector<float> t = pe_table(a, b, d, base);
  const size_t count = size_t(b - a + 1);
  // Heatmap rows are dimensions, columns positions.
  std::vector<float> m(d * count);
  for (size_t p = 0; p < count; ++p)
    for (size_t j = 0; j < d; ++j) m[j * count + p] = t[p * d + j];
  plot::heatmap_spec s;
  s.title = o.title.empty() ? "Sinusoidal positional encoding, d = " + std::to_string(d) +
                                  ", positions " + std::to_string(a) + "-" + std::to_string(b)
                            : o.title;
  s.xlabel = "position";
  s.ylabel = "encoding dimension";
  s.cbar_label = "PE value";
  s.data = m.data();
  s.rows = d;
  s.cols = count;
  s.x0 = double(a);
  s.row0_at_bottom = true;
  s.map = plot::colormap::rdbu;
  s.vmin = -1;
  s.vmax = 1;
  if (width) s.width = width;
  if (height) s.height = height;
  npy::output_set out;
  out.add_file(o.out, png_of([&] { return plot::heatmap_figure(s); }, "--width/--height"));
  out.commit();
}

void run_plot_pe_dot(const pe_plot_options& o) {
  const size_t d = cli::parse_uint(o.dim, "--dim", 1, 100000);
  const auto [a, b] = parse_range(o.positions, "--positions", 0, UINT32_MAX);
  const uint64_t ref = cli::parse_uint(o.ref, "--ref", 0, UINT32_MAX);
  const float base = check_base(o.base);
  const int width = image_side(o.width_opt, o.width, "--width", 300);
  const int height = image_side(o.height_opt, o.height, "--height", 250);
  cli::check_outputs({{"--output", o.out}, {"--save", o.save}}, {});
  const std::vector<float> t = pe_table(a, b, d, base);
  std::vector<float> r(d);
  if (attnkit::pe_f32(uint32_t(ref), d, r.data(), base) != attnkit::status::ok)
    throw cli::data_error("pe_f32 failed");
  plot::scatter_spec s;
  const size_t count = size_t(b - a + 1);
  std::vector<float> rows;  // (count, 2): position, dot product
  for (size_t p = 0; p < count; ++p) {
    double dot = 0;
    for (size_t j = 0; j < d; ++j) dot += double(t[p * d + j]) * r[j];
    s.x.push_back(double(a + p));
    s.y.push_back(dot);
    rows.push_back(float(a + p));
    rows.push_back(float(dot));
  }
  const std::string refs = std::to_string(ref);
  s.title = o.title.empty() ? "PE(" + refs + ") · PE(p), d = " + std::to_string(d) : o.title;
  s.xlabel = "position p";
  s.ylabel = "PE(" + refs + ") · PE(p)";
  s.cbar_label = "dot product";
  s.has_ref = true;
  s.ref_x = double(ref);
  s.ref_label = "p = " + refs;
  if (width) s.width = width;
  if (height) s.height = height;
  cli::require_finite_output(o.save.empty() ? o.out : o.save, rows.data(), rows.size(), 2,
                             "PE dot products overflow float32");
  npy::output_set out;
  if (!o.save.empty()) out.add(o.save, {count, size_t{2}}, rows.data());
  out.add_file(o.out, png_of([&] { return plot::scatter_figure(s); }, "--width/--height"));
  out.commit();
}

struct attention_plot_options {
  std::string input, out, layers, title, panel;
  const CLI::Option* panel_opt = nullptr;
  bool shared_scale = false;
};

void run_plot_attention(const attention_plot_options& o) {
  const int panel =
      o.panel_opt->count() == 0 ? 0 : int(cli::parse_uint(o.panel, "--panel", 40, 2000));
  cli::check_outputs({{"--output", o.out}}, {o.input});
  npy::array<float> a = npy::read<float>(o.input);
  const std::vector<size_t>& sh = a.shape;
  const bool stack = sh.size() == 3;
  if (!((sh.size() == 2 && sh[0] == sh[1]) || (stack && sh[1] == sh[2])) || sh.back() == 0 ||
      (stack && sh[0] == 0))
    throw cli::data_error(o.input + ": expected (L, L) or (layers, L, L), got " +
                          npy::shape_str(sh));
  const size_t L = sh.back();
  const std::string base =
      o.input.substr(o.input.rfind('/') == std::string::npos ? 0 : o.input.rfind('/') + 1);
  if (!stack) {
    if (!o.layers.empty()) throw cli::usage_error("--layers: the input is a single L x L matrix");
    float lo = INFINITY, hi = -INFINITY;
    for (float v : a.data)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    plot::heatmap_spec s;
    s.title = o.title.empty() ? "Attention: " + base : o.title;
    s.xlabel = "key position";
    s.ylabel = "query position";
    s.cbar_label = "attention weight";
    s.data = a.data.data();
    s.rows = s.cols = L;
    s.vmin = std::isfinite(lo) ? std::min(lo, 0.0f) : 0;  // weights >= 0: start the scale at 0
    s.vmax = std::isfinite(hi) && hi > s.vmin ? hi : s.vmin + 1;
    s.max_pool = true;
    s.width = 900;
    s.height = 820;
    npy::output_set out;
    out.add_file(o.out, png_of([&] { return plot::heatmap_figure(s); }, o.input));
    out.commit();
    return;
  }
  plot::grid_spec g;
  const size_t n = sh[0];
  uint64_t first = 0, last = n - 1;
  if (!o.layers.empty()) std::tie(first, last) = parse_range(o.layers, "--layers", 0, n - 1);
  for (uint64_t l = first; l <= last; ++l) g.layers.push_back(size_t(l));
  // One layer: its own values on the colour bar; several: each panel scaled to its maximum
  // unless --shared-scale.
  const bool one = g.layers.size() == 1;
  g.shared_scale = o.shared_scale || one;
  if (!o.title.empty())
    g.title = o.title;
  else if (one)
    g.title = "Attention, layer " + std::to_string(first) + ": " + base;
  else
    g.title = "Attention maps per layer: " + base +
              (g.shared_scale ? " (one colour scale)" : " (each panel scaled to its maximum)");
  g.data = a.data.data();
  g.L = L;
  g.panel = panel;
  npy::output_set out;
  out.add_file(o.out, png_of([&] { return plot::attention_grid(g); },
                             o.input + " (" + std::to_string(g.layers.size()) +
                                 " layers; draw fewer with --layers A:B" +
                                 (panel ? " or smaller panels with --panel" : "") + ")"));
  out.commit();
}

}  // namespace

void register_plot(CLI::App& app) {
  CLI::App* plot = app.add_subcommand("plot", "Draw encodings and attention maps as PNG");
  plot->require_subcommand(1);

  auto pe = std::make_shared<pe_plot_options>();
  CLI::App* p =
      plot->add_subcommand("pe", "Heatmap of sinusoidal encodings (x position, y dimension)");
  p->add_option("--dim", pe->dim, "Encoding width d")->required()->type_name("D");
  p->add_option("--positions", pe->positions, "Inclusive position range")
      ->required()
      ->type_name("A:B");
  p->add_option("--base", pe->base, "Frequency base (> 1)")->capture_default_str()->type_name("B");
  p->add_option("--title", pe->title, "Title (default: describes the plot)");
  pe->width_opt =
      p->add_option("--width", pe->width, "Image width in pixels, 300..8000 (default 1000)")
          ->type_name("PX");
  pe->height_opt =
      p->add_option("--height", pe->height, "Image height in pixels, 250..8000 (default 700)")
          ->type_name("PX");
  p->add_option("-o,--output", pe->out, "Output PNG")->required()->type_name("FILE.png");
  p->callback([pe] { run_plot_pe(*pe); });

  auto dot = std::make_shared<pe_plot_options>();
  CLI::App* q = plot->add_subcommand("pe-dot", "Scatter of PE(ref) . PE(p) against p");
  q->add_option("--dim", dot->dim, "Encoding width d")->required()->type_name("D");
  q->add_option("--positions", dot->positions, "Inclusive position range")
      ->required()
      ->type_name("A:B");
  q->add_option("--ref", dot->ref, "Reference position")->required()->type_name("P");
  q->add_option("--base", dot->base, "Frequency base (> 1)")->capture_default_str()->type_name("B");
  q->add_option("--title", dot->title, "Title (default: describes the plot)");
  dot->width_opt =
      q->add_option("--width", dot->width, "Image width in pixels, 300..8000 (default 1000)")
          ->type_name("PX");
  dot->height_opt =
      q->add_option("--height", dot->height, "Image height in pixels, 250..8000 (default 650)")
          ->type_name("PX");
  q->add_option("--save", dot->save, "Also write the (count, 2) [position, dot] values")
      ->type_name("FILE.npy");
  q->add_option("-o,--output", dot->out, "Output PNG")->required()->type_name("FILE.png");
  q->callback([dot] { run_plot_pe_dot(*dot); });

  auto at = std::make_shared<attention_plot_options>();
  CLI::App* r =
      plot->add_subcommand("attention", "Grid of attention heatmaps (layers x L x L, or L x L)");
  r->add_option("input", at->input, "Attention weights .npy")->required()->type_name("A.npy");
  r->add_option("--layers", at->layers, "Inclusive layer range (default: all)")->type_name("A:B");
  r->add_flag("--shared-scale", at->shared_scale, "One colour scale for every panel");
  at->panel_opt =
      r->add_option("--panel", at->panel,
                    "Panel side in pixels, 40..2000 (default: from the layer count, smaller when "
                    "many layers would make the image too large)")
          ->type_name("PX");
  r->add_option("--title", at->title, "Title (default: names the file)");
  r->add_option("-o,--output", at->out, "Output PNG")->required()->type_name("FILE.png");
  r->callback([at] { run_plot_attention(*at); });
}
