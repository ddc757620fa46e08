// SPDX-License-Identifier: Apache-2.0
// Canvas, bitmap font, colour maps, figure layouts and PNG encoding (stb_image_write).
#include "plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "fileio.h"

// static: keeps stb's symbols private to this file, whoever else includes stb.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace plot {
namespace {

// 64-entry tables sampled from matplotlib 3.6's viridis and RdBu_r; linear in between.
constexpr uint8_t kViridis[64 * 3] = {
    68,  1,   84,  70,  7,   90,  71,  13,  96,  71,  19,  101, 72,  24,  106, 72,  29,  111,
    72,  35,  116, 72,  40,  120, 71,  45,  123, 70,  50,  126, 69,  55,  129, 68,  59,  132,
    66,  64,  134, 64,  69,  136, 62,  73,  137, 61,  78,  138, 58,  83,  139, 56,  88,  140,
    54,  92,  141, 52,  96,  141, 50,  100, 142, 49,  104, 142, 47,  108, 142, 45,  112, 142,
    44,  115, 142, 42,  119, 142, 41,  123, 142, 39,  127, 142, 38,  130, 142, 36,  134, 142,
    35,  138, 141, 33,  142, 141, 32,  146, 140, 31,  150, 139, 31,  154, 138, 31,  158, 137,
    31,  161, 135, 33,  165, 133, 35,  169, 131, 38,  173, 129, 42,  176, 127, 47,  180, 124,
    53,  183, 121, 59,  187, 117, 66,  190, 113, 74,  193, 109, 82,  197, 105, 90,  200, 100,
    101, 203, 94,  110, 206, 88,  119, 209, 83,  129, 211, 77,  139, 214, 70,  149, 216, 64,
    160, 218, 57,  170, 220, 50,  181, 222, 43,  192, 223, 37,  202, 225, 31,  213, 226, 26,
    223, 227, 24,  234, 229, 26,  244, 230, 30,  253, 231, 37};
constexpr uint8_t kRdBu[64 * 3] = {
    5,   48,  97,  9,   56,  109, 14,  65,  121, 18,  73,  132, 23,  82,  144, 27,  90,  156,
    31,  99,  168, 36,  106, 174, 42,  113, 178, 47,  121, 181, 52,  128, 185, 58,  135, 189,
    63,  142, 192, 70,  149, 196, 82,  157, 200, 95,  165, 205, 110, 174, 210, 123, 182, 214,
    135, 190, 218, 147, 198, 222, 157, 203, 225, 167, 208, 228, 177, 213, 231, 187, 218, 234,
    197, 223, 236, 207, 228, 239, 213, 231, 241, 219, 234, 242, 225, 237, 243, 231, 240, 244,
    237, 242, 245, 243, 245, 246, 248, 244, 242, 249, 240, 235, 249, 235, 227, 250, 231, 220,
    251, 227, 212, 252, 222, 205, 253, 217, 196, 251, 208, 185, 250, 200, 175, 248, 191, 164,
    247, 183, 153, 246, 175, 142, 244, 166, 131, 240, 156, 123, 235, 145, 114, 230, 134, 106,
    225, 120, 96,  220, 110, 87,  215, 99,  79,  210, 88,  73,  204, 76,  68,  198, 65,  62,
    193, 54,  57,  187, 42,  52,  182, 31,  46,  174, 23,  42,  162, 19,  40,  150, 15,  39,
    138, 11,  37,  127, 8,   35,  115, 4,   33,  103, 0,   31};

// 5 x 8 glyphs for ASCII 32..126, one byte per column, bit 0 = top row. Rows 0-6 hold the
// letter; row 7 holds descenders (g j p q y , ;).
constexpr uint8_t kFont[95][5] = {
    {0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x5F, 0x00, 0x00},  // space !
    {0x00, 0x07, 0x00, 0x07, 0x00}, {0x14, 0x7F, 0x14, 0x7F, 0x14},  // " #
    {0x24, 0x2A, 0x7F, 0x2A, 0x12}, {0x23, 0x13, 0x08, 0x64, 0x62},  // $ %
    {0x36, 0x49, 0x56, 0x20, 0x50}, {0x00, 0x00, 0x07, 0x00, 0x00},  // & '
    {0x00, 0x1C, 0x22, 0x41, 0x00}, {0x00, 0x41, 0x22, 0x1C, 0x00},  // ( )
    {0x14, 0x08, 0x3E, 0x08, 0x14}, {0x08, 0x08, 0x3E, 0x08, 0x08},  // * +
    {0x00, 0x80, 0x60, 0x00, 0x00}, {0x08, 0x08, 0x08, 0x08, 0x08},  // , -
    {0x00, 0x60, 0x60, 0x00, 0x00}, {0x20, 0x10, 0x08, 0x04, 0x02},  // . /
    {0x3E, 0x51, 0x49, 0x45, 0x3E}, {0x00, 0x42, 0x7F, 0x40, 0x00},  // 0 1
    {0x62, 0x51, 0x49, 0x49, 0x46}, {0x22, 0x41, 0x49, 0x49, 0x36},  // 2 3
    {0x18, 0x14, 0x12, 0x7F, 0x10}, {0x27, 0x45, 0x45, 0x45, 0x39},  // 4 5
    {0x3C, 0x4A, 0x49, 0x49, 0x30}, {0x01, 0x71, 0x09, 0x05, 0x03},  // 6 7
    {0x36, 0x49, 0x49, 0x49, 0x36}, {0x06, 0x49, 0x49, 0x29, 0x1E},  // 8 9
    {0x00, 0x36, 0x36, 0x00, 0x00}, {0x00, 0x80, 0x56, 0x36, 0x00},  // : ;
    {0x08, 0x14, 0x22, 0x41, 0x00}, {0x14, 0x14, 0x14, 0x14, 0x14},  // < =
    {0x00, 0x41, 0x22, 0x14, 0x08}, {0x02, 0x01, 0x51, 0x09, 0x06},  // > ?
    {0x32, 0x49, 0x79, 0x41, 0x3E}, {0x7E, 0x11, 0x11, 0x11, 0x7E},  // @ A
    {0x7F, 0x49, 0x49, 0x49, 0x36}, {0x3E, 0x41, 0x41, 0x41, 0x22},  // B C
    {0x7F, 0x41, 0x41, 0x22, 0x1C}, {0x7F, 0x49, 0x49, 0x49, 0x41},  // D E
    {0x7F, 0x09, 0x09, 0x09, 0x01}, {0x3E, 0x41, 0x49, 0x49, 0x7A},  // F G
    {0x7F, 0x08, 0x08, 0x08, 0x7F}, {0x00, 0x41, 0x7F, 0x41, 0x00},  // H I
    {0x20, 0x40, 0x41, 0x3F, 0x01}, {0x7F, 0x08, 0x14, 0x22, 0x41},  // J K
    {0x7F, 0x40, 0x40, 0x40, 0x40}, {0x7F, 0x02, 0x0C, 0x02, 0x7F},  // L M
    {0x7F, 0x04, 0x08, 0x10, 0x7F}, {0x3E, 0x41, 0x41, 0x41, 0x3E},  // N O
    {0x7F, 0x09, 0x09, 0x09, 0x06}, {0x3E, 0x41, 0x51, 0x21, 0x5E},  // P Q
    {0x7F, 0x09, 0x19, 0x29, 0x46}, {0x46, 0x49, 0x49, 0x49, 0x31},  // R S
    {0x01, 0x01, 0x7F, 0x01, 0x01}, {0x3F, 0x40, 0x40, 0x40, 0x3F},  // T U
    {0x1F, 0x20, 0x40, 0x20, 0x1F}, {0x3F, 0x40, 0x38, 0x40, 0x3F},  // V W
    {0x63, 0x14, 0x08, 0x14, 0x63}, {0x07, 0x08, 0x70, 0x08, 0x07},  // X Y
    {0x61, 0x51, 0x49, 0x45, 0x43}, {0x00, 0x7F, 0x41, 0x41, 0x00},  // Z [
    {0x02, 0x04, 0x08, 0x10, 0x20}, {0x00, 0x41, 0x41, 0x7F, 0x00},  // \ ]
    {0x04, 0x02, 0x01, 0x02, 0x04}, {0x40, 0x40, 0x40, 0x40, 0x40},  // ^ _
    {0x00, 0x01, 0x02, 0x04, 0x00}, {0x20, 0x54, 0x54, 0x54, 0x78},  // ` a
    {0x7F, 0x48, 0x44, 0x44, 0x38}, {0x38, 0x44, 0x44, 0x44, 0x20},  // b c
    {0x38, 0x44, 0x44, 0x48, 0x7F}, {0x38, 0x54, 0x54, 0x54, 0x18},  // d e
    {0x08, 0x7E, 0x09, 0x01, 0x02}, {0x18, 0xA4, 0xA4, 0xA4, 0x7C},  // f g
    {0x7F, 0x08, 0x04, 0x04, 0x78}, {0x00, 0x44, 0x7D, 0x40, 0x00},  // h i
    {0x40, 0x80, 0x84, 0x7D, 0x00}, {0x7F, 0x10, 0x28, 0x44, 0x00},  // j k
    {0x00, 0x41, 0x7F, 0x40, 0x00}, {0x7C, 0x04, 0x18, 0x04, 0x78},  // l m
    {0x7C, 0x08, 0x04, 0x04, 0x78}, {0x38, 0x44, 0x44, 0x44, 0x38},  // n o
    {0xFC, 0x24, 0x24, 0x24, 0x18}, {0x18, 0x24, 0x24, 0x28, 0xFC},  // p q
    {0x7C, 0x08, 0x04, 0x04, 0x08}, {0x48, 0x54, 0x54, 0x54, 0x20},  // r s
    {0x04, 0x3F, 0x44, 0x40, 0x20}, {0x3C, 0x40, 0x40, 0x20, 0x7C},  // t u
    {0x1C, 0x20, 0x40, 0x20, 0x1C}, {0x3C, 0x40, 0x30, 0x40, 0x3C},  // v w
    {0x44, 0x28, 0x10, 0x28, 0x44}, {0x1C, 0xA0, 0xA0, 0xA0, 0x7C},  // x y
    {0x44, 0x64, 0x54, 0x4C, 0x44}, {0x00, 0x08, 0x36, 0x41, 0x00},  // z {
    {0x00, 0x00, 0x7F, 0x00, 0x00}, {0x00, 0x41, 0x36, 0x08, 0x00},  // | }
    {0x08, 0x04, 0x08, 0x10, 0x08}};                                 // ~
constexpr uint8_t kMiddleDot[5] = {0x00, 0x00, 0x08, 0x00, 0x00};
constexpr uint8_t kTimes[5] = {0x22, 0x14, 0x08, 0x14, 0x22};
constexpr uint8_t kUnknown[5] = {0x02, 0x01, 0x51, 0x09, 0x06};

// Glyph columns for each character of s (UTF-8 for the two extra symbols).
std::vector<const uint8_t*> glyphs(const std::string& s) {
  std::vector<const uint8_t*> g;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 32 && c <= 126) {
      g.push_back(kFont[c - 32]);
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB7) {
      g.push_back(kMiddleDot);
      ++i;
    } else if (c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x97) {
      g.push_back(kTimes);
      ++i;
    } else if (c >= 0x80) {
      while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
      g.push_back(kUnknown);
    } else {
      g.push_back(kUnknown);
    }
  }
  return g;
}

double lerp(double a, double b, double t) { return a + (b - a) * t; }

bool finite_range(double lo, double hi) {
  return std::isfinite(lo) && std::isfinite(hi) && hi > lo;
}

// Data value -> pixel along an axis of `cells` cells spanning [p0, p1) pixels; cell k is
// centred on value v0 + k * dv.
double cell_pixel(double v, double v0, double dv, size_t cells, int p0, int p1) {
  return p0 + ((v - v0) / dv + 0.5) * double(p1 - p0) / double(cells);
}

// Value of a matrix at pixel column/row spans: nearest cell when zoomed in, the mean of the
// covered cells (box filter) when zoomed out, so thin structures keep their weight.
struct resampler {
  std::vector<size_t> lo, hi;  // cell range [lo, hi) per pixel
  resampler(size_t cells, int pixels) : lo(size_t(pixels)), hi(size_t(pixels)) {
    const double per = double(cells) / pixels;
    for (int p = 0; p < pixels; ++p) {
      if (per <= 1.0) {
        size_t c = static_cast<size_t>((p + 0.5) * per);
        c = std::min(c, cells - 1);
        lo[size_t(p)] = c;
        hi[size_t(p)] = c + 1;
      } else {
        size_t a = static_cast<size_t>(std::floor(p * per + 1e-9));
        size_t b = static_cast<size_t>(std::ceil((p + 1) * per - 1e-9));
        a = std::min(a, cells - 1);
        b = std::clamp(b, a + 1, cells);
        lo[size_t(p)] = a;
        hi[size_t(p)] = b;
      }
    }
  }
};

// Draws data (rows x cols) into [x0, x1) x [y0, y1), value -> colour through vmin/vmax.
void draw_matrix(canvas& c, const float* data, size_t rows, size_t cols, bool row0_at_bottom,
                 int x0, int y0, int x1, int y1, colormap map, double vmin, double vmax,
                 bool max_pool) {
  const resampler rx(cols, x1 - x0), ry(rows, y1 - y0);
  const double span = vmax - vmin;
  for (int py = y0; py < y1; ++py) {
    const size_t k = size_t(row0_at_bottom ? (y1 - 1 - py) : (py - y0));
    for (int px = x0; px < x1; ++px) {
      const size_t j = size_t(px - x0);
      double sum = 0, mx = -std::numeric_limits<double>::infinity();
      size_t n = 0;
      bool nan = false;
      for (size_t r = ry.lo[k]; r < ry.hi[k]; ++r)
        for (size_t q = rx.lo[j]; q < rx.hi[j]; ++q) {
          const float v = data[r * cols + q];
          if (std::isnan(v)) {
            nan = true;
          } else {
            sum += v;
            mx = std::max(mx, double(v));
            ++n;
          }
        }
      const double v = n == 0     ? std::numeric_limits<double>::quiet_NaN()
                       : max_pool ? mx
                                  : sum / double(n);
      c.set(px, py, nan && n == 0 ? kMissing : color_at(map, span > 0 ? (v - vmin) / span : 0.5));
    }
  }
}

// Vertical colour bar in [x0, x1) x [y0, y1) with ticks and labels on its right.
void draw_colorbar(canvas& c, int x0, int y0, int x1, int y1, colormap map, double vmin,
                   double vmax, const std::string& label, int scale) {
  for (int y = y0; y < y1; ++y) {
    const double t = double(y1 - 1 - y) / std::max(1, y1 - y0 - 1);
    c.fill(x0, y, x1, y + 1, color_at(map, t));
  }
  c.frame(x0, y0, x1, y1, kAxis);
  double step = 1;
  const int th = kGlyphH * scale;
  int label_w = 0;
  for (double v : nice_ticks(vmin, vmax, std::clamp((y1 - y0) / (th * 4), 3, 10), &step)) {
    const int y = int(std::lround(y1 - 1 - (v - vmin) / (vmax - vmin) * (y1 - y0 - 1)));
    c.fill(x1, y, x1 + 5, y + 1, kAxis);
    const std::string s = tick_label(v, step);
    c.text(x1 + 8, y - (7 * scale) / 2, s, kText, scale);
    label_w = std::max(label_w, canvas::text_width(s, scale));
  }
  if (!label.empty()) c.text_up(x1 + 8 + label_w + 12, (y0 + y1) / 2, label, kText, scale);
}

// Space a colour bar with its labels takes to the right of the bar.
int colorbar_label_room(double vmin, double vmax, const std::string& label, int scale, int h) {
  double step = 1;
  int w = 0;
  for (double v : nice_ticks(vmin, vmax, std::clamp(h / (kGlyphH * scale * 4), 3, 10), &step))
    w = std::max(w, canvas::text_width(tick_label(v, step), scale));
  return 8 + w + (label.empty() ? 0 : 12 + kGlyphH * scale) + 10;
}

// `s` cut short with "..." so that it is at most max_px wide: whole glyphs, counted as
// glyphs() counts them (one per ASCII byte, one per UTF-8 sequence).
std::string fit_text(const std::string& s, int scale, int max_px) {
  if (canvas::text_width(s, scale) <= max_px) return s;
  const int room = (max_px / scale + 1) / kGlyphW - 3;  // glyphs left beside the "..."
  size_t i = 0;
  for (int g = 0; g < room && i < s.size(); ++g) {
    const unsigned char c = static_cast<unsigned char>(s[i++]);
    if (c >= 0x80)
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return s.substr(0, room > 0 ? i : 0) + "...";
}

void draw_title(canvas& c, const std::string& title, int y, int scale) {
  // A title wider than the image is cut short rather than clipped at both edges.
  const std::string t = fit_text(title, scale, c.width() - 20);
  // Drawn twice, one pixel apart: a bold weight without a second font.
  c.text(c.width() / 2, y, t, kText, scale, 1);
  c.text(c.width() / 2 + 1, y, t, kText, scale, 1);
}

}  // namespace

rgb color_at(colormap m, double t) {
  if (std::isnan(t)) return kMissing;
  t = std::clamp(t, 0.0, 1.0);
  const uint8_t* tab = m == colormap::rdbu ? kRdBu : kViridis;
  const double f = t * 63;
  const int i = std::min(62, int(f));
  const double u = f - i;
  auto ch = [&](int k) {
    return static_cast<uint8_t>(std::lround(lerp(tab[i * 3 + k], tab[(i + 1) * 3 + k], u)));
  };
  return {ch(0), ch(1), ch(2)};
}

canvas::canvas(int w, int h, rgb bg) : w_(w), h_(h) {
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
    throw too_large("an image of " + std::to_string(w) + " x " + std::to_string(h) +
                    " pixels is outside 1.." + std::to_string(kMaxSide) + " per side");
  px_.resize(size_t(w) * size_t(h) * 3);
  fill(0, 0, w, h, bg);
}

rgb canvas::get(int x, int y) const {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return {};
  const uint8_t* p = &px_[(size_t(y) * size_t(w_) + size_t(x)) * 3];
  return {p[0], p[1], p[2]};
}

void canvas::set(int x, int y, rgb c) {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
  uint8_t* p = &px_[(size_t(y) * size_t(w_) + size_t(x)) * 3];
  p[0] = c.r;
  p[1] = c.g;
  p[2] = c.b;
}

void canvas::blend(int x, int y, rgb c, double a) {
  if (x < 0 || y < 0 || x >= w_ || y >= h_ || !(a > 0)) return;
  a = std::min(a, 1.0);
  const rgb o = get(x, y);
  set(x, y,
      {uint8_t(std::lround(lerp(o.r, c.r, a))), uint8_t(std::lround(lerp(o.g, c.g, a))),
       uint8_t(std::lround(lerp(o.b, c.b, a)))});
}

void canvas::fill(int x0, int y0, int x1, int y1, rgb c) {
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, w_);
  y1 = std::min(y1, h_);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) set(x, y, c);
}

void canvas::frame(int x0, int y0, int x1, int y1, rgb c) {
  hline(x0 - 1, x1 + 1, y0 - 1, c);
  hline(x0 - 1, x1 + 1, y1, c);
  vline(x0 - 1, y0 - 1, y1 + 1, c);
  vline(x1, y0 - 1, y1 + 1, c);
}

void canvas::hline(int x0, int x1, int y, rgb c, int dash) {
  for (int x = x0; x < x1; ++x)
    if (dash <= 0 || ((x - x0) / dash) % 2 == 0) set(x, y, c);
}

void canvas::vline(int x, int y0, int y1, rgb c, int dash) {
  for (int y = y0; y < y1; ++y)
    if (dash <= 0 || ((y - y0) / dash) % 2 == 0) set(x, y, c);
}

void canvas::disc(double cx, double cy, double r, rgb c) {
  // Coverage from 4 x 4 sub-samples per pixel.
  for (int y = int(std::floor(cy - r - 1)); y <= int(std::ceil(cy + r + 1)); ++y)
    for (int x = int(std::floor(cx - r - 1)); x <= int(std::ceil(cx + r + 1)); ++x) {
      int in = 0;
      for (int sy = 0; sy < 4; ++sy)
        for (int sx = 0; sx < 4; ++sx) {
          const double dx = x + (sx + 0.5) / 4 - cx, dy = y + (sy + 0.5) / 4 - cy;
          in += dx * dx + dy * dy <= r * r;
        }
      blend(x, y, c, in / 16.0);
    }
}

int canvas::text_width(const std::string& s, int scale) {
  const int n = int(glyphs(s).size());
  return n ? (n * kGlyphW - 1) * scale : 0;
}

void canvas::text(int x, int y, const std::string& s, rgb c, int scale, int align) {
  const int w = text_width(s, scale);
  if (align == 1) x -= w / 2;
  if (align == 2) x -= w;
  for (const uint8_t* g : glyphs(s)) {
    for (int col = 0; col < 5; ++col)
      for (int row = 0; row < 8; ++row)
        if (g[col] >> row & 1)
          fill(x + col * scale, y + row * scale, x + (col + 1) * scale, y + (row + 1) * scale, c);
    x += kGlyphW * scale;
  }
}

void canvas::text_up(int x, int cy, const std::string& s, rgb c, int scale) {
  // Glyph row r lands at column x + r; glyph column k at y going upwards.
  int y = cy + text_width(s, scale) / 2;
  for (const uint8_t* g : glyphs(s)) {
    for (int col = 0; col < 5; ++col)
      for (int row = 0; row < 8; ++row)
        if (g[col] >> row & 1)
          fill(x + row * scale, y - (col + 1) * scale, x + (row + 1) * scale, y - col * scale, c);
    y -= kGlyphW * scale;
  }
}

std::string canvas::png() const {
  std::string out;
  auto sink = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
  };
  if (!stbi_write_png_to_func(sink, &out, w_, h_, 3, px_.data(), w_ * 3))
    throw std::runtime_error("PNG encoding failed");
  return out;
}

void write_png(const std::string& path, const canvas& c) {
  fileio::write_file_atomic(path, c.png());
}

std::vector<double> nice_ticks(double lo, double hi, int target, double* step_out) {
  std::vector<double> t;
  if (!finite_range(lo, hi)) {
    if (std::isfinite(lo)) t.push_back(lo);
    if (step_out) *step_out = 1;
    return t;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9; v += step) {
    t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (t.size() > 100) break;
  }
  if (step_out) *step_out = step;
  return t;
}

std::string tick_label(double v, double step) {
  char buf[32];
  const double a = std::max(std::abs(v), step);
  if (a >= 1e6 || step < 1e-4) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  int dec = 0;
  while (dec < 6 &&
         std::abs(step * std::pow(10.0, dec) - std::round(step * std::pow(10.0, dec))) > 1e-6)
    ++dec;
  std::snprintf(buf, sizeof buf, "%.*f", dec, v);
  std::string s = buf;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    bool zero = s.find_first_of("123456789") == std::string::npos;
    if (zero) s.erase(0, 1);
  }
  return s;
}

canvas heatmap_figure(const heatmap_spec& s) {
  if (!s.data || s.rows == 0 || s.cols == 0) throw std::invalid_argument("empty heatmap");
  const int sc = 2;
  const int th = kGlyphH * sc;
  canvas c(s.width, s.height);
  draw_title(c, s.title, 14, sc);
  // Room for y tick labels: widest of the labels we are going to draw.
  const double ylo = s.y0 - 0.5 * s.dy, yhi = s.y0 + (double(s.rows) - 0.5) * s.dy;
  const double xlo = s.x0 - 0.5 * s.dx, xhi = s.x0 + (double(s.cols) - 0.5) * s.dx;
  double ystep = 1, xstep = 1;
  const std::vector<double> yt = nice_ticks(std::min(ylo, yhi), std::max(ylo, yhi), 8, &ystep);
  int ylab_w = 0;
  for (double v : yt) ylab_w = std::max(ylab_w, canvas::text_width(tick_label(v, ystep), sc));
  const int left = 14 + th + 10 + ylab_w + 10;
  const int top = 14 + th + 22;
  const int bottom = 14 + th + 10 + th + 16;
  const int cbar_w = 22, cbar_gap = 24;
  const int right = cbar_gap + cbar_w +
                    colorbar_label_room(s.vmin, s.vmax, s.cbar_label, sc, s.height - top - bottom);
  const int x0 = left, x1 = s.width - right, y0 = top, y1 = s.height - bottom;
  if (x1 - x0 < 50 || y1 - y0 < 50) throw std::invalid_argument("image too small for the labels");
  draw_matrix(c, s.data, s.rows, s.cols, s.row0_at_bottom, x0, y0, x1, y1, s.map, s.vmin, s.vmax,
              s.max_pool);
  c.frame(x0, y0, x1, y1, kAxis);
  // x ticks
  for (double v :
       nice_ticks(std::min(xlo, xhi), std::max(xlo, xhi), std::max(4, (x1 - x0) / 110), &xstep)) {
    const int px = int(std::lround(cell_pixel(v, s.x0, s.dx, s.cols, x0, x1) - 0.5));
    c.fill(px, y1, px + 1, y1 + 6, kAxis);
    c.text(px, y1 + 10, tick_label(v, xstep), kText, sc, 1);
  }
  for (double v : yt) {
    double py = cell_pixel(v, s.y0, s.dy, s.rows, y0, y1) - 0.5;
    if (s.row0_at_bottom) py = y0 + y1 - 1 - py;
    const int p = int(std::lround(py));
    c.fill(x0 - 6, p, x0, p + 1, kAxis);
    c.text(x0 - 10, p - (7 * sc) / 2, tick_label(v, ystep), kText, sc, 2);
  }
  c.text((x0 + x1) / 2, y1 + 10 + th + 10, s.xlabel, kText, sc, 1);
  c.text_up(14, (y0 + y1) / 2, s.ylabel, kText, sc);
  draw_colorbar(c, x1 + cbar_gap, y0, x1 + cbar_gap + cbar_w, y1, s.map, s.vmin, s.vmax,
                s.cbar_label, sc);
  return c;
}

canvas scatter_figure(const scatter_spec& s) {
  if (s.x.empty() || s.x.size() != s.y.size()) throw std::invalid_argument("empty scatter");
  const int sc = 2, th = kGlyphH * sc;
  canvas c(s.width, s.height);
  draw_title(c, s.title, 14, sc);
  auto range = [](const std::vector<double>& v, double* lo, double* hi) {
    *lo = *std::min_element(v.begin(), v.end());
    *hi = *std::max_element(v.begin(), v.end());
    if (!(*hi > *lo)) {
      *lo -= 1;
      *hi += 1;
    }
    const double pad = 0.04 * (*hi - *lo);
    *lo -= pad;
    *hi += pad;
  };
  double xlo, xhi, ylo, yhi;
  range(s.x, &xlo, &xhi);
  range(s.y, &ylo, &yhi);
  const double vmin = *std::min_element(s.y.begin(), s.y.end());
  double vmax = *std::max_element(s.y.begin(), s.y.end());
  if (!(vmax > vmin)) vmax = vmin + 1;
  double ystep = 1, xstep = 1;
  const std::vector<double> yt = nice_ticks(ylo, yhi, 8, &ystep);
  int ylab_w = 0;
  for (double v : yt) ylab_w = std::max(ylab_w, canvas::text_width(tick_label(v, ystep), sc));
  const int left = 14 + th + 10 + ylab_w + 10, top = 14 + th + 22, bottom = 14 + th + 10 + th + 16;
  const int cbar_w = 22, cbar_gap = 24;
  const int right = cbar_gap + cbar_w +
                    colorbar_label_room(vmin, vmax, s.cbar_label, sc, s.height - top - bottom);
  const int x0 = left, x1 = s.width - right, y0 = top, y1 = s.height - bottom;
  if (x1 - x0 < 50 || y1 - y0 < 50) throw std::invalid_argument("image too small for the labels");
  auto px = [&](double v) { return x0 + (v - xlo) / (xhi - xlo) * (x1 - x0 - 1); };
  auto py = [&](double v) { return y1 - 1 - (v - ylo) / (yhi - ylo) * (y1 - y0 - 1); };
  const std::vector<double> xt = nice_ticks(xlo, xhi, std::max(4, (x1 - x0) / 110), &xstep);
  for (double v : xt) c.vline(int(std::lround(px(v))), y0, y1, kGrid);
  for (double v : yt) c.hline(x0, x1, int(std::lround(py(v))), kGrid);
  if (ylo < 0 && yhi > 0) c.hline(x0, x1, int(std::lround(py(0))), {170, 170, 170});
  if (s.has_ref && s.ref_x >= xlo && s.ref_x <= xhi) {
    const int rx = int(std::lround(px(s.ref_x)));
    c.vline(rx, y0, y1, {200, 60, 60}, 6);
    c.text(rx + 8, y1 - 8 - th, s.ref_label, {200, 60, 60}, sc);
  }
  for (size_t i = 0; i < s.x.size(); ++i)
    if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
      c.disc(px(s.x[i]), py(s.y[i]), 3.6,
             color_at(colormap::viridis, (s.y[i] - vmin) / (vmax - vmin)));
  c.frame(x0, y0, x1, y1, kAxis);
  for (double v : xt) {
    const int p = int(std::lround(px(v)));
    c.fill(p, y1, p + 1, y1 + 6, kAxis);
    c.text(p, y1 + 10, tick_label(v, xstep), kText, sc, 1);
  }
  for (double v : yt) {
    const int p = int(std::lround(py(v)));
    c.fill(x0 - 6, p, x0, p + 1, kAxis);
    c.text(x0 - 10, p - (7 * sc) / 2, tick_label(v, ystep), kText, sc, 2);
  }
  c.text((x0 + x1) / 2, y1 + 10 + th + 10, s.xlabel, kText, sc, 1);
  c.text_up(14, (y0 + y1) / 2, s.ylabel, kText, sc);
  draw_colorbar(c, x1 + cbar_gap, y0, x1 + cbar_gap + cbar_w, y1, colormap::viridis, vmin, vmax,
                s.cbar_label, sc);
  return c;
}

canvas attention_grid(const grid_spec& s) {
  if (!s.data || s.L == 0 || s.layers.empty()) throw std::invalid_argument("empty attention grid");
  const size_t n = s.layers.size(), LL = s.L * s.L;
  const int sc = 2, th = kGlyphH * sc;
  const int cols = n == 1 ? 1 : int(std::ceil(std::sqrt(double(n) * 1.4)));
  const int rows = int((n + size_t(cols) - 1) / size_t(cols));
  int P = s.panel > 0 ? s.panel
          : n == 1    ? 640
          : n <= 4    ? 320
                      : std::clamp(int(s.L), n <= 16 ? 200 : 160, n <= 16 ? 320 : 250);
  // Per-panel ranges.
  std::vector<double> lo(n), hi(n);
  double glo = std::numeric_limits<double>::infinity(), ghi = -glo;
  for (size_t k = 0; k < n; ++k) {
    const float* m = s.data + s.layers[k] * LL;
    double a = std::numeric_limits<double>::infinity(), b = -a;
    for (size_t i = 0; i < LL; ++i)
      if (std::isfinite(m[i])) {
        a = std::min(a, double(m[i]));
        b = std::max(b, double(m[i]));
      }
    lo[k] = std::isfinite(a) ? a : 0;
    hi[k] = std::isfinite(b) ? b : 1;
    glo = std::min(glo, lo[k]);
    ghi = std::max(ghi, hi[k]);
  }
  if (glo > 0) glo = 0;  // weights are >= 0: anchor the scale at zero, as the per-panel one
  if (!(ghi > glo)) ghi = glo + 1;
  const double cb_lo = s.shared_scale ? glo : 0.0, cb_hi = s.shared_scale ? ghi : 1.0;
  const std::string cb_label =
      s.shared_scale ? "attention weight" : "fraction of the panel's maximum";
  const int gap_x = 18, gap_y = th + 16;  // panel titles sit in the vertical gap
  const int top = 14 + th + 18 + gap_y;
  const int bottom = 10 + th + 10 + th + 16;
  const int cbar_w = 22, cbar_gap = 28;
  // The image for panels of P pixels (64-bit: a stack can hold millions of tiny maps).
  double tstep = 1;
  std::vector<double> ticks;
  int left = 0;
  int64_t grid_w = 0, grid_h = 0, width = 0, height = 0;
  auto layout = [&](int p) {
    ticks = nice_ticks(-0.5, double(s.L) - 0.5, p >= 300 ? 6 : 3, &tstep);
    int ylab_w = 0;
    for (double v : ticks) ylab_w = std::max(ylab_w, canvas::text_width(tick_label(v, tstep), sc));
    left = 14 + th + 10 + ylab_w + 10;
    grid_w = int64_t{cols} * p + int64_t{cols - 1} * gap_x;
    grid_h = int64_t{rows} * p + int64_t{rows - 1} * gap_y;
    const int gh = int(std::min<int64_t>(grid_h, kMaxSide));
    const int right = cbar_gap + cbar_w + colorbar_label_room(cb_lo, cb_hi, cb_label, sc, gh);
    // Wide enough for the title too (a single panel is narrower than a long file name), up
    // to a point: a longer title is cut short.
    width = std::max<int64_t>(left + grid_w + right,
                              std::min(canvas::text_width(s.title, sc) + 40, 2000));
    height = top + grid_h + bottom;
    return width <= kMaxSide && height <= kMaxSide && double(width) * double(height) <= kMaxPixels;
  };
  // Panels chosen automatically shrink (down to kMinPanel) until the image fits.
  bool fits = layout(P);
  while (!fits && s.panel == 0 && P > kMinPanel) {
    P = std::max(kMinPanel, P * 4 / 5);
    fits = layout(P);
  }
  if (!fits)
    throw too_large(std::to_string(n) + " panels of " + std::to_string(P) + " pixels need a " +
                    std::to_string(width) + " x " + std::to_string(height) +
                    " image; the limit is " + std::to_string(kMaxSide) + " pixels per side and " +
                    std::to_string(int(kMaxPixels / 1e6)) + " megapixels");
  canvas c(static_cast<int>(width), static_cast<int>(height));
  draw_title(c, s.title, 14, sc);
  for (size_t k = 0; k < n; ++k) {
    const int r = int(k) / cols, q = int(k) % cols;
    const int x0 = left + q * (P + gap_x), y0 = top + r * (P + gap_y);
    const double a = s.shared_scale ? glo : 0.0,
                 b = s.shared_scale ? ghi : (hi[k] > 0 ? hi[k] : 1.0);
    draw_matrix(c, s.data + s.layers[k] * LL, s.L, s.L, false, x0, y0, x0 + P, y0 + P, s.map, a, b,
                true);
    c.frame(x0, y0, x0 + P, y0 + P, kAxis);
    char title[64];
    if (s.shared_scale)
      std::snprintf(title, sizeof title, "layer %zu", s.layers[k]);
    else
      std::snprintf(title, sizeof title, "layer %zu, max %.2f", s.layers[k], hi[k]);
    std::string t = title;
    if (canvas::text_width(t, sc) > P)
      t = "L" + std::to_string(s.layers[k]) + (s.shared_scale ? "" : t.substr(t.find(',')));
    c.text(x0 + P / 2, y0 - th - 4, t, kText, sc, 1);
    // Ticks on every panel; labels on the left column and the bottom panel of each column.
    const bool label_y = q == 0, label_x = r == rows - 1 || k + size_t(cols) >= n;
    for (double v : ticks) {
      const int p = int(std::lround(cell_pixel(v, 0, 1, s.L, 0, P) - 0.5));
      c.fill(x0 + p, y0 + P, x0 + p + 1, y0 + P + 5, kAxis);
      c.fill(x0 - 5, y0 + p, x0, y0 + p + 1, kAxis);
      if (label_x) c.text(x0 + p, y0 + P + 8, tick_label(v, tstep), kText, sc, 1);
      if (label_y) c.text(x0 - 9, y0 + p - (7 * sc) / 2, tick_label(v, tstep), kText, sc, 2);
    }
  }
  const int gw = int(grid_w), gh = int(grid_h);  // they fit: checked above
  c.text(left + gw / 2, top + gh + 8 + th + 12, s.xlabel, kText, sc, 1);
  c.text_up(14, top + gh / 2, s.ylabel, kText, sc);
  draw_colorbar(c, left + gw + cbar_gap, top, left + gw + cbar_gap + cbar_w, top + gh, s.map, cb_lo,
                cb_hi, cb_label, sc);
  return c;
}

}  // namespace plot
