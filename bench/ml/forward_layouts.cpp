// The forward product of a dense layer three ways (W row-major as stored, (X^T W^T)^T, W
// column-major), batch 64; not built by CMake. bench/README.md, 2026-12-02 13:00:
//   g++ -O3 -march=native -DNDEBUG -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
//     bench/ml/forward_layouts.cpp -o /tmp/fl && taskset -c 0 /tmp/fl
#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <algorithm>
using M = Eigen::Matrix<float, -1, -1>;
using RM = Eigen::Matrix<float, -1, -1, Eigen::RowMajor>;
template <class F> double best(F f) {
  double b = 1e9;
  for (int r = 0; r < 5; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 40; ++i) f();
    b = std::min(b, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 40);
  }
  return b * 1e6;
}
int main() {
  struct S { int out, in, batch; const char* name; };
  for (S s : {S{100, 2048, 64, "warm"}, S{100, 2048, 64, "clf L1"}, S{256, 2048, 64, "vae enc L1"}, S{3072, 256, 64, "vae dec out"}, S{2, 100, 64, "clf L2"}, S{8, 256, 64, "vae enc L2"}, S{256, 4, 64, "vae dec L1"}}) {
    RM W = RM::Random(s.out, s.in); M Wc = W;
    M X = M::Random(s.in, s.batch), Y(s.out, s.batch), Yt(s.batch, s.out);
    double a = 1e9, b = 1e9, c = 1e9;
    for (int k = 0; k < 4; ++k) {
    a = std::min(a, best([&] { Y.noalias() = W * X; }));
    b = std::min(b, best([&] { Yt.noalias() = X.transpose() * W.transpose(); Y = Yt.transpose(); }));
    c = std::min(c, best([&] { Y.noalias() = Wc * X; }));
    }
    std::printf("%-12s W*X rowmajor W %7.1f | (X^T W^T)^T %7.1f | colmajor W %7.1f us\n", s.name, a, b, c);
  }
}
