// The products of our dense layers at batch 64, Eigen's kernel against Debian's OpenBLAS
// (cblas_sgemm, one thread) for forward, weight gradient and input gradient; then the
// forward three ways (W row-major as stored, (X^T W^T)^T, W column-major). Not built by
// CMake (OpenBLAS is no dependency). bench/README.md, 2026-12-02 13:00. Build and run:
//   g++ -O3 -march=native -DNDEBUG -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
//     bench/ml/dense_products.cpp /usr/lib/x86_64-linux-gnu/libopenblas.so.0 -o /tmp/dp
//   OPENBLAS_NUM_THREADS=1 taskset -c 0 /tmp/dp
#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <vector>
#include <algorithm>
extern "C" {
enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, int, int, int, float, const float*, int,
                 const float*, int, float, float*, int);
void openblas_set_num_threads(int);
}
using M = Eigen::Matrix<float, -1, -1>;
using RM = Eigen::Matrix<float, -1, -1, Eigen::RowMajor>;
template <class F> double best(F f, int rounds = 7, int calls = 50) {
  double b = 1e9;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) f();
    double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / calls;
    b = std::min(b, t);
  }
  return b * 1e6;
}
int main() {
  openblas_set_num_threads(1);
  struct S { int out, in, batch; const char* name; };
  for (S s : {S{100, 2048, 64, "warm"}, S{100, 2048, 64, "clf L1"}, S{256, 2048, 64, "vae enc L1"}, S{3072, 256, 64, "vae dec out"}, S{256, 4, 64, "vae dec L1"}}) {
    RM W = RM::Random(s.out, s.in), dW = RM::Zero(s.out, s.in);
    M X = M::Random(s.in, s.batch), Y(s.out, s.batch), D = M::Random(s.out, s.batch), DX(s.in, s.batch);
    // forward Y = W X
    double ef = best([&] { Y.noalias() = W * X; });
    double bf = best([&] { // col-major Y (out x batch) = W X ; W row-major = col-major W^T (in x out)
      cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, s.out, s.batch, s.in, 1, W.data(), s.in, X.data(), s.in, 0, Y.data(), s.out); });
    // dW += D X^T ; dW row-major out x in = col-major (in x out) dW^T = X D^T
    double eg = best([&] { dW.noalias() += D * X.transpose(); });
    double bg = best([&] { cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, s.in, s.out, s.batch, 1, X.data(), s.in, D.data(), s.out, 1, dW.data(), s.in); });
    // DX = W^T D
    double ed = best([&] { DX.noalias() = W.transpose() * D; });
    double bd = best([&] { cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, s.in, s.batch, s.out, 1, W.data(), s.in, D.data(), s.out, 0, DX.data(), s.in); });
    std::printf("%-12s fwd eigen %7.1f blas %7.1f | dW eigen %7.1f blas %7.1f | dX eigen %7.1f blas %7.1f us\n", s.name, ef, bf, eg, bg, ed, bd);
  }
  struct F { int out, in, batch; const char* name; };
  for (F s : {F{100, 2048, 64, "warm"}, F{100, 2048, 64, "clf L1"}, F{256, 2048, 64, "vae enc L1"}, F{3072, 256, 64, "vae dec out"}, F{2, 100, 64, "clf L2"}, F{8, 256, 64, "vae enc L2"}, F{256, 4, 64, "vae dec L1"}}) {
    RM W = RM::Random(s.out, s.in); M Wc = W;
    M X = M::Random(s.in, s.batch), Y(s.out, s.batch), Yt(s.batch, s.out);
    double a = 1e9, b = 1e9, c = 1e9;
    for (int k = 0; k < 4; ++k) {
    a = std::min(a, best([&] { Y.noalias() = W * X; }, 5, 40));
    b = std::min(b, best([&] { Yt.noalias() = X.transpose() * W.transpose(); Y = Yt.transpose(); }, 5, 40));
    c = std::min(c, best([&] { Y.noalias() = Wc * X; }, 5, 40));
    }
    std::printf("%-12s W*X rowmajor W %7.1f | (X^T W^T)^T %7.1f | colmajor W %7.1f us\n", s.name, a, b, c);
  }
}
