# The XY-shaped peer of ../shared/bench-refs/torch_mlp_bench.py (issue 11): MLP
# 2048 (= 2 x 32 x 32 channels cos θ, sin θ) -> 100 (ReLU) -> 2, CrossEntropyLoss,
# Adam(lr=1e-3), batch 64, 8000 random-angle samples, 10 timed epochs after one warm-up.
# Usage: /usr/bin/python3 torch_xy_mlp_bench.py NTHREADS
import sys, time, math
import torch
nt = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(nt)
torch.manual_seed(0)
N, L, H, C, B, E = 8000, 32, 100, 2, 64, 10
theta = torch.rand(N, L * L) * (2 * math.pi)
X = torch.cat([torch.cos(theta), torch.sin(theta)], dim=1)
y = torch.randint(0, C, (N,))
model = torch.nn.Sequential(torch.nn.Linear(2 * L * L, H), torch.nn.ReLU(), torch.nn.Linear(H, C))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
lossf = torch.nn.CrossEntropyLoss()
def epoch():
    perm = torch.randperm(N)
    tot = 0.0
    for k in range(0, N, B):
        idx = perm[k:k + B]
        opt.zero_grad()
        loss = lossf(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        tot += loss.item()
    return tot
epoch()  # warm-up epoch (not timed)
t0 = time.perf_counter()
for e in range(E):
    last = epoch()
t1 = time.perf_counter()
dt = t1 - t0
print(f"torch {torch.__version__} threads={torch.get_num_threads()} epochs={E} time={dt:.3f}s "
      f"samples/s={N*E/dt:.0f} us/sample={1e6*dt/(N*E):.2f} steps/s={E*((N+B-1)//B)/dt:.0f}")
