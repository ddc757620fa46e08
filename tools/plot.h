// SPDX-License-Identifier: Apache-2.0
// PNG figures for the host tool: an RGB canvas, a built-in bitmap font, colour maps, and
// heatmap / scatter / attention-grid layouts with titles, tick labels and colour bars.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace plot {

/// An image larger than the limits below (what() says how large and what the limits are).
struct too_large : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

constexpr int kMaxSide = 20000;      ///< canvas width and height at most
constexpr double kMaxPixels = 40e6;  ///< attention grids: pixels at most (120 MB of RGB)
constexpr int kMinPanel = 40;        ///< attention grids: panels shrink to fit, not below

struct rgb {
  uint8_t r = 0, g = 0, b = 0;
};

constexpr rgb kWhite{255, 255, 255};
constexpr rgb kBlack{0, 0, 0};
constexpr rgb kText{30, 30, 30};
constexpr rgb kAxis{60, 60, 60};
constexpr rgb kGrid{225, 225, 225};
constexpr rgb kMissing{160, 160, 160};  ///< NaN cells

/// viridis (sequential, perceptually uniform) and RdBu_r (diverging: blue < 0 < red, white
/// centre), both sampled from matplotlib's definitions.
enum class colormap { viridis, rdbu };

/// Colour at t in [0, 1] (clamped; NaN gives kMissing).
rgb color_at(colormap m, double t);

/// Text is ASCII plus "·" and "×" (UTF-8); other bytes draw as '?'. A glyph cell is 6 x 9
/// pixels at scale 1 (5 x 7 glyph, descenders use the 8th row).
constexpr int kGlyphW = 6, kGlyphH = 9;

class canvas {
 public:
  canvas(int w, int h, rgb bg = kWhite);
  int width() const { return w_; }
  int height() const { return h_; }
  rgb get(int x, int y) const;
  void set(int x, int y, rgb c);                           ///< clipped
  void blend(int x, int y, rgb c, double alpha);           ///< alpha in [0, 1]; clipped
  void fill(int x0, int y0, int x1, int y1, rgb c);        ///< [x0, x1) x [y0, y1)
  void frame(int x0, int y0, int x1, int y1, rgb c);       ///< 1-px outline of that rectangle
  void hline(int x0, int x1, int y, rgb c, int dash = 0);  ///< dash > 0: on/off run length
  void vline(int x, int y0, int y1, rgb c, int dash = 0);
  void disc(double cx, double cy, double r, rgb c);  ///< anti-aliased filled circle

  static int text_width(const std::string& s, int scale);
  /// Draws s with its top-left at (x, y); align: 0 left, 1 centre, 2 right of x.
  void text(int x, int y, const std::string& s, rgb c, int scale, int align = 0);
  /// Rotated 90 degrees counter-clockwise (reads bottom to top), centred on (x, cy):
  /// x is the left edge of the rotated text.
  void text_up(int x, int cy, const std::string& s, rgb c, int scale);

  /// PNG bytes (8-bit RGB).
  std::string png() const;

 private:
  int w_, h_;
  std::vector<uint8_t> px_;
};

/// Writes c as a PNG file atomically.
void write_png(const std::string& path, const canvas& c);

/// "Nice" tick values (1, 2, 2.5 or 5 x 10^k steps) inside [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target, double* step = nullptr);

/// Tick text with just enough decimals for `step` ("-0.5", "100", "2.5e-05").
std::string tick_label(double v, double step);

/// A row-major rows x cols matrix drawn as cells; column j is at x = x0 + j * dx, row i at
/// y = y0 + i * dy.
struct heatmap_spec {
  std::string title, xlabel, ylabel, cbar_label;
  const float* data = nullptr;
  size_t rows = 0, cols = 0;
  double x0 = 0, dx = 1, y0 = 0, dy = 1;
  bool row0_at_bottom = false;  ///< false: matrix convention (row 0 on top)
  colormap map = colormap::viridis;
  double vmin = 0, vmax = 1;
  bool max_pool =
      false;  ///< when cells outnumber pixels: show the max (thin peaks stay visible), not the mean
  int width = 1000, height = 700;
};
canvas heatmap_figure(const heatmap_spec& s);

/// Points (x[i], y[i]) coloured by y with a colour bar; optional dashed marker at ref_x.
struct scatter_spec {
  std::string title, xlabel, ylabel, cbar_label;
  std::vector<double> x, y;
  double ref_x = 0;
  bool has_ref = false;
  std::string ref_label;
  int width = 1000, height = 650;
};
canvas scatter_figure(const scatter_spec& s);

/// A stack of L x L maps (layers x L x L, row-major) as a grid of labelled panels. Panels
/// smaller than L pixels max-pool the cells, so one-token-wide stripes stay visible.
/// shared_scale: one colour scale [min, max] over all panels; otherwise each panel is scaled
/// to its own [0, max] and the colour bar reads "fraction of the panel's maximum".
/// With panel == 0 the panels shrink (to kMinPanel) until the image fits kMaxSide and
/// kMaxPixels; if it cannot (or a given panel size does not fit), throws too_large. A title
/// wider than the image is cut short with "...".
struct grid_spec {
  std::string title, xlabel = "key position", ylabel = "query position";
  const float* data = nullptr;
  size_t L = 0;
  std::vector<size_t> layers;  ///< which maps to draw (indices into the stack)
  bool shared_scale = false;
  colormap map = colormap::viridis;
  int panel = 0;  ///< panel side in pixels (0: chosen from the count)
};
canvas attention_grid(const grid_spec& s);

}  // namespace plot
