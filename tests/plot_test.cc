// SPDX-License-Identifier: Apache-2.0
// PNG figures: decoded back with stb_image and checked for size, colour bar, cells and text.
#include "plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "attnkit/pe.h"

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

namespace {

struct image {
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  plot::rgb at(int x, int y) const {
    const uint8_t* p = &px[(size_t(y) * size_t(w) + size_t(x)) * 3];
    return {p[0], p[1], p[2]};
  }
};

image decode(const std::string& png) {
  image im;
  int ch = 0;
  unsigned char* d = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                           int(png.size()), &im.w, &im.h, &ch, 3);
  if (!d) return im;
  im.px.assign(d, d + size_t(im.w) * size_t(im.h) * 3);
  stbi_image_free(d);
  return im;
}

int dist(plot::rgb a, plot::rgb b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

bool same(plot::rgb a, plot::rgb b) { return dist(a, b) <= 3; }

// Pixels in a rectangle within `tol` of c.
int count(const image& im, plot::rgb c, int x0, int y0, int x1, int y1, int tol = 3) {
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(im.h, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(im.w, x1); ++x) n += dist(im.at(x, y), c) <= tol;
  return n;
}

TEST(Plot, ColourMapsMatchMatplotlibEndpoints) {
  EXPECT_TRUE(same(plot::color_at(plot::colormap::viridis, 0), {68, 1, 84}));
  EXPECT_TRUE(same(plot::color_at(plot::colormap::viridis, 1), {253, 231, 37}));
  EXPECT_TRUE(same(plot::color_at(plot::colormap::rdbu, 0), {5, 48, 97}));
  EXPECT_TRUE(same(plot::color_at(plot::colormap::rdbu, 1), {103, 0, 31}));
  const plot::rgb mid = plot::color_at(plot::colormap::rdbu, 0.5);
  EXPECT_GT(mid.r + mid.g + mid.b, 700);  // white-ish centre of the diverging map
  EXPECT_TRUE(same(plot::color_at(plot::colormap::viridis, NAN), plot::kMissing));
  // Viridis gets monotonically lighter (perceptually ordered).
  double prev = -1;
  for (int i = 0; i <= 100; ++i) {
    const plot::rgb c = plot::color_at(plot::colormap::viridis, i / 100.0);
    const double lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    EXPECT_GE(lum, prev - 0.5);
    prev = lum;
  }
}

TEST(Plot, NiceTicksAndLabels) {
  double step = 0;
  EXPECT_EQ(plot::nice_ticks(0.5, 200.5, 5, &step), (std::vector<double>{50, 100, 150, 200}));
  EXPECT_EQ(step, 50);
  EXPECT_EQ(plot::nice_ticks(-1, 1, 8, &step).front(), -1);
  EXPECT_EQ(step, 0.25);
  EXPECT_EQ(plot::tick_label(0.25, 0.25), "0.25");
  EXPECT_EQ(plot::tick_label(-0.0, 0.5), "0.0");
  EXPECT_EQ(plot::tick_label(150, 50), "150");
  EXPECT_EQ(plot::tick_label(-1, 0.2), "-1.0");
  EXPECT_TRUE(plot::nice_ticks(3, 3, 5).size() <= 1);  // empty range: no crash
}

TEST(Plot, TextUsesTheBitmapFont) {
  plot::canvas c(60, 20);
  c.text(1, 1, "Hi", plot::kBlack, 1);
  EXPECT_EQ(plot::canvas::text_width("Hi", 1), 11);
  EXPECT_EQ(plot::canvas::text_width("Hi", 2), 22);
  // 'H' column 0 is fully set for rows 0..6.
  for (int y = 1; y < 8; ++y) EXPECT_TRUE(same(c.get(1, y), plot::kBlack)) << y;
  EXPECT_TRUE(same(c.get(1, 8), plot::kWhite));
  // UTF-8 middle dot and multiplication sign are single glyphs.
  EXPECT_EQ(plot::canvas::text_width("a·b×c", 1), plot::canvas::text_width("abcde", 1));
}

TEST(Plot, PeHeatmapDecodesWithCellsColourBarAndText) {
  const size_t d = 100, npos = 200;
  std::vector<float> t(npos * d), m(d * npos);
  ASSERT_EQ(attnkit::pe_table_f32(1, npos, d, t.data()), attnkit::status::ok);
  for (size_t p = 0; p < npos; ++p)
    for (size_t j = 0; j < d; ++j) m[j * npos + p] = t[p * d + j];
  plot::heatmap_spec s;
  s.title = "PE";
  s.xlabel = "position";
  s.ylabel = "dim";
  s.cbar_label = "value";
  s.data = m.data();
  s.rows = d;
  s.cols = npos;
  s.x0 = 1;
  s.row0_at_bottom = true;
  s.map = plot::colormap::rdbu;
  s.vmin = -1;
  s.vmax = 1;
  const std::string png = plot::heatmap_figure(s).png();
  ASSERT_EQ(png.substr(1, 3), "PNG");
  const image im = decode(png);
  ASSERT_EQ(im.w, 1000);
  ASSERT_EQ(im.h, 700);
  // Find the plot frame: the first column from the left whose middle pixel is a map colour.
  const int mid = im.h / 2;
  int x0 = 0;
  while (x0 < im.w &&
         (same(im.at(x0, mid), plot::kWhite) || dist(im.at(x0, mid), plot::kAxis) < 10 ||
          dist(im.at(x0, mid), plot::kText) < 10))
    ++x0;
  ASSERT_LT(x0, 300);
  // The colour bar holds both ends of the diverging map: dark red on top, dark blue below.
  const plot::rgb top = plot::color_at(plot::colormap::rdbu, 1.0);
  const plot::rgb bottom = plot::color_at(plot::colormap::rdbu, 0.0);
  EXPECT_GT(count(im, top, im.w - 200, 0, im.w, im.h / 4, 6), 40);
  EXPECT_GT(count(im, bottom, im.w - 200, 3 * im.h / 4, im.w, im.h, 6), 40);
  // Dark text pixels: the title on top, tick labels at the bottom.
  EXPECT_GT(count(im, plot::kText, 0, 0, im.w, 40), 20);
  EXPECT_GT(count(im, plot::kText, 0, im.h - 80, im.w, im.h), 100);
  // The bottom-left cell is PE(1, dim 0) = sin(1): its colour sits at the frame's corner.
  const plot::rgb want = plot::color_at(plot::colormap::rdbu, (std::sin(1.0) + 1) / 2);
  int y1 = im.h - 1;
  while (y1 > 0 && !same(im.at(x0 + 1, y1), want)) --y1;
  EXPECT_GT(y1, im.h - 120) << "no sin(1) cell near the bottom-left corner";
}

TEST(Plot, ScatterAndAttentionGridHaveTheExpectedShape) {
  plot::scatter_spec s;
  s.title = "dots";
  for (int p = 1; p <= 50; ++p) {
    s.x.push_back(p);
    s.y.push_back(std::cos(p / 5.0));
  }
  s.has_ref = true;
  s.ref_x = 25;
  s.ref_label = "p = 25";
  const image sc = decode(plot::scatter_figure(s).png());
  EXPECT_EQ(sc.w, 1000);
  EXPECT_EQ(sc.h, 650);
  // Points in both colour-bar end colours exist somewhere in the plot.
  EXPECT_GT(count(sc, plot::color_at(plot::colormap::viridis, 1), 0, 0, sc.w - 200, sc.h, 8), 10);

  const size_t L = 40, layers = 6;
  std::vector<float> a(layers * L * L, 0.0f);
  for (size_t l = 0; l < layers; ++l)
    for (size_t i = 0; i < L; ++i) a[l * L * L + i * L + i] = 0.5f + 0.1f * float(l);
  plot::grid_spec g;
  g.title = "grid";
  g.data = a.data();
  g.L = L;
  g.layers = {0, 1, 2, 3, 4, 5};
  const image gi = decode(plot::attention_grid(g).png());
  ASSERT_GT(gi.w, 3 * 200);  // 3 columns of 200-px panels
  // Per-panel scaling: every diagonal reaches the top colour of viridis.
  EXPECT_GT(count(gi, plot::color_at(plot::colormap::viridis, 1), 0, 0, gi.w - 150, gi.h, 4),
            int(layers) * 300);
  g.shared_scale = true;
  const image gs = decode(plot::attention_grid(g).png());
  EXPECT_EQ(gs.h, gi.h);
}

TEST(Plot, PngWriteIsAtomic) {
  char dir[] = "/tmp/plot_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/a.png";
  plot::canvas c(300, 250);
  c.fill(10, 10, 20, 20, {1, 2, 3});
  plot::write_png(path, c);
  int w = 0, h = 0, ch = 0;
  unsigned char* d = stbi_load(path.c_str(), &w, &h, &ch, 3);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(w, 300);
  EXPECT_EQ(h, 250);
  EXPECT_EQ(d[(15 * 300 + 15) * 3 + 2], 3);
  stbi_image_free(d);
  EXPECT_EQ(std::system(("rm -r " + std::string(dir)).c_str()), 0);
}

}  // namespace
