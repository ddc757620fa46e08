// SPDX-License-Identifier: Apache-2.0
// Position-encoding properties, shown with numbers: orthogonal and one-hot encodings exist only
// while positions <= dimensions, and q.k splits into four terms whether positions are added to
// or concatenated with the tokens, but only concatenation gives position its own weights.
#include <cmath>
#include <cstdio>
#include <vector>

#include "attnkit/pe.h"

namespace {

using vec = std::vector<double>;
using mat = std::vector<vec>;  // rows

double dot(const vec& a, const vec& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

vec mul(const mat& w, const vec& x) {  // w: rows x cols, x: cols
  vec y(w.size(), 0.0);
  for (size_t r = 0; r < w.size(); ++r) y[r] = dot(w[r], x);
  return y;
}

vec add(const vec& a, const vec& b) {
  vec c(a);
  for (size_t i = 0; i < c.size(); ++i) c[i] += b[i];
  return c;
}

vec concat(const vec& a, const vec& b) {
  vec c(a);
  c.insert(c.end(), b.begin(), b.end());
  return c;
}

// Small deterministic generator (LCG + Box-Muller), so the output is the same everywhere.
struct lcg {
  unsigned long long s = 12345;
  double uniform() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return double((s >> 11) + 1) * 0x1.0p-53;
  }
  double normal() {
    return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
  }
  vec v(size_t n, double scale = 1) {
    vec x(n);
    for (double& e : x) e = scale * normal();
    return x;
  }
  mat m(size_t rows, size_t cols, double scale) {
    mat w(rows);
    for (vec& r : w) r = v(cols, scale);
    return w;
  }
};

vec sinusoid(unsigned pos, size_t d) {
  std::vector<float> f(d);
  if (attnkit::pe_f32(pos, d, f.data()) != attnkit::status::ok) return vec(d, 0.0);
  return vec(f.begin(), f.end());
}

// Gram-Schmidt: how much of v is left after removing its projection on the basis.
double residual(vec v, std::vector<vec>& basis) {
  for (const vec& b : basis) {
    const double c = dot(v, b);
    for (size_t i = 0; i < v.size(); ++i) v[i] -= c * b[i];
  }
  const double n = std::sqrt(dot(v, v));
  if (n > 1e-9) {
    for (double& e : v) e /= n;
    basis.push_back(v);
  }
  return n;
}

void orthogonal_encodings() {
  std::printf("1. Orthogonal position encodings need positions <= dimensions\n");
  const size_t D = 8;
  lcg g;
  std::vector<vec> basis;
  std::printf(
      "   Gram-Schmidt on %zu random vectors in R^%zu; norm left after removing the earlier "
      "ones:\n   ",
      D + 2, D);
  for (size_t i = 0; i < D + 2; ++i) std::printf(" %.2g", residual(g.v(D), basis));
  std::printf(
      "\n   -> positions 1..%zu get orthogonal codes; from position %zu on nothing is left: R^%zu "
      "holds\n"
      "      at most %zu mutually orthogonal non-zero vectors, so N orthogonal encodings need D >= "
      "N.\n",
      D, D + 1, D, D);
  // One-hot is the simplest such set.
  std::printf("   One-hot codes (D = N = %zu): p_i.p_j = %s for i != j and 1 for i = j, so\n", D,
              "0");
  std::printf(
      "   p_1.p_2 = 0, p_1.p_8 = 0: every other position is equally far away. Problems: no notion "
      "of\n"
      "   distance or order, a fixed maximum length N <= D, no code for unseen positions, and "
      "when\n"
      "   added to a token embedding the one-hot spike lands on one content dimension.\n");
  // Sinusoidal codes are not orthogonal but similarity falls with distance.
  const size_t d = 64;
  const vec p0 = sinusoid(100, d);
  std::printf("   Sinusoidal codes (d = %zu) instead: cos(PE(100), PE(100 + k)) =", d);
  for (unsigned k : {0u, 1u, 2u, 5u, 10u, 50u, 100u}) {
    const vec pk = sinusoid(100 + k, d);
    std::printf(" k=%u: %.3f", k, dot(p0, pk) / std::sqrt(dot(p0, p0) * dot(pk, pk)));
  }
  std::printf(
      "\n   -> any number of positions, similarity depends on the offset only (not "
      "orthogonal).\n\n");
}

void qk_decomposition() {
  std::printf(
      "2. q.k with positions added versus concatenated (token x, position p, width D = 16)\n");
  const size_t D = 16;
  lcg g;
  const vec xi = g.v(D), xj = g.v(D);
  const vec pi = sinusoid(7, D), pj = sinusoid(9, D);
  const double s = 1 / std::sqrt(double(D));
  // Addition: one W acts on x + p.
  const mat wq = g.m(D, D, s), wk = g.m(D, D, s);
  const double total = dot(mul(wq, add(xi, pi)), mul(wk, add(xj, pj)));
  const double cc = dot(mul(wq, xi), mul(wk, xj)), cp = dot(mul(wq, xi), mul(wk, pj));
  const double pc = dot(mul(wq, pi), mul(wk, xj)), pp = dot(mul(wq, pi), mul(wk, pj));
  std::printf("   add:    (Wq(xi+pi)).(Wk(xj+pj)) = %.6f\n", total);
  std::printf(
      "           = xi'Wq'Wk xj %+.6f  + xi'Wq'Wk pj %+.6f  + pi'Wq'Wk xj %+.6f  + pi'Wq'Wk pj "
      "%+.6f\n",
      cc, cp, pc, pp);
  std::printf(
      "           (sum %.6f, difference %.1e): the SAME matrices weigh content and position.\n",
      cc + cp + pc + pp, total - (cc + cp + pc + pp));
  // Concatenation: W = [A B] acts on [x; p], so q = A x + B p.
  const mat aq = g.m(D, D, s), bq = g.m(D, D, s), ak = g.m(D, D, s), bk = g.m(D, D, s);
  mat wq2(D), wk2(D);
  for (size_t r = 0; r < D; ++r) {
    wq2[r] = concat(aq[r], bq[r]);
    wk2[r] = concat(ak[r], bk[r]);
  }
  const double total2 = dot(mul(wq2, concat(xi, pi)), mul(wk2, concat(xj, pj)));
  const double cc2 = dot(mul(aq, xi), mul(ak, xj)), cp2 = dot(mul(aq, xi), mul(bk, pj));
  const double pc2 = dot(mul(bq, pi), mul(ak, xj)), pp2 = dot(mul(bq, pi), mul(bk, pj));
  std::printf("   concat: ([A B][xi;pi]).([A' B'][xj;pj]) = %.6f\n", total2);
  std::printf(
      "           = xi'Aq'Ak xj %+.6f  + xi'Aq'Bk pj %+.6f  + pi'Bq'Ak xj %+.6f  + pi'Bq'Bk pj "
      "%+.6f\n",
      cc2, cp2, pc2, pp2);
  std::printf(
      "           (difference %.1e): four terms again, but position has its own blocks B.\n",
      total2 - (cc2 + cp2 + pc2 + pp2));
  // A purely positional head: concat with A = 0 ignores content exactly; addition cannot.
  const vec xi2 = g.v(D), xj2 = g.v(D);
  mat zq(D, vec(2 * D, 0.0)), zk(D, vec(2 * D, 0.0));
  for (size_t r = 0; r < D; ++r)
    for (size_t c = 0; c < D; ++c) {
      zq[r][D + c] = bq[r][c];
      zk[r][D + c] = bk[r][c];
    }
  const double cat_a = dot(mul(zq, concat(xi, pi)), mul(zk, concat(xj, pj)));
  const double cat_b = dot(mul(zq, concat(xi2, pi)), mul(zk, concat(xj2, pj)));
  const double add_a = dot(mul(bq, add(xi, pi)), mul(bk, add(xj, pj)));
  const double add_b = dot(mul(bq, add(xi2, pi)), mul(bk, add(xj2, pj)));
  std::printf(
      "   A head meant to use position only (content weights zero), new tokens, same positions:\n"
      "     concat: score %.6f -> %.6f (unchanged: content is ignored exactly)\n"
      "     add:    score %.6f -> %.6f (changes: x and p share the subspace W reads)\n",
      cat_a, cat_b, add_a, add_b);
  // In high dimension random token and position vectors are nearly orthogonal, so addition
  // loses little: the probes of the worksheet read both back from the sum.
  std::printf("   Why addition still works in practice: in D = 1280 two random directions have\n");
  lcg h;
  const vec a = h.v(1280), b = h.v(1280);
  std::printf(
      "   cos = %.3f (1/sqrt(D) = %.3f), so token and position parts occupy almost separate\n"
      "   subspaces and a linear probe can read each one back from x + p.\n",
      dot(a, b) / std::sqrt(dot(a, a) * dot(b, b)), 1 / std::sqrt(1280.0));
}

}  // namespace

int main() {
  orthogonal_encodings();
  qk_decomposition();
  return 0;
}
