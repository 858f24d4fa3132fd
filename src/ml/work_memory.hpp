#pragma once
// Eigen allocates the packing buffers of every matrix product anew (hundreds of kB for the
// 2048-input layers) and frees them at once. glibc hands blocks that large out as fresh
// mmap()s, or gives the top of the heap back to the kernel when they are freed, so each
// product of each step page-faulted its buffers in again: ~150 faults a VAE step, a quarter
// of its time on this VM (bench/README.md, "2026-12-02 13:00"). Called before training,
// it keeps freed blocks up to 32 MB in the process for the next step to reuse.
namespace phaselearn::ml {

void keep_work_memory();

}  // namespace phaselearn::ml
