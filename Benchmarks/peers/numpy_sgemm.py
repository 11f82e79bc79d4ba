#!/usr/bin/env python3
"""Peer measurement: NumPy/OpenBLAS matmul GFLOP/s on this machine (tooling only, not product).

Times C = A @ B for float32 (and float64) at 1024^3 plus the conv-like and matrix-vector shapes
that `GEMMTimingProbe` times in Swift, as the median of >= 7 runs after warm-up, and prints
GFLOP/s = 2*m*n*k / median. With threadpoolctl installed it also reports the BLAS library, its
kernel (core type) and repeats the float32 1024^3 run on 1 thread.

Run it with the machine-specific OpenBLAS overrides removed, for this command only:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/peers/numpy_sgemm.py

(a throwaway venv is fine: python3 -m venv /tmp/peervenv &&
 /tmp/peervenv/bin/pip install numpy threadpoolctl)
"""
import os
import statistics
import sys
import time

import numpy as np

RUNS = 9
WARMUP = 3

# (label, m, n, k, dtype): C[m x n] = A[m x k] @ B[k x n]; dtype "nt": float32 with B given as
# the transpose of a stored n x k array (the weight-gradient shape of a conv layer)
SHAPES = [
    ("sgemm 1024^3", 1024, 1024, 1024, np.float32),
    ("dgemm 1024^3", 1024, 1024, 1024, np.float64),
    ("dgemm 2048^3", 2048, 2048, 2048, np.float64),
    ("conv 3->32, 3x3, 32x32 x32 (M32 K27 N32768)", 32, 32768, 27, np.float32),
    ("conv 32->64, 3x3, 16x16 x32 (M64 K288 N8192)", 64, 8192, 288, np.float32),
    ("conv 128->128, 3x3, 8x8 x32 (M128 K1152 N2048)", 128, 2048, 1152, np.float32),
    ("conv dW = dY @ cols.T (M64 K8192 N288)", 64, 288, 8192, "nt"),
    ("dense batch 1 (M1 K4096 N4096)", 1, 4096, 4096, np.float32),
    ("dense batch 1 (M4096 K4096 N1)", 4096, 1, 4096, np.float32),
]


def gflops(m, n, k, dtype):
    rng = np.random.default_rng(0)
    transposed = dtype == "nt"  # B stored n x k, product A @ B.T
    dtype = np.float32 if transposed else dtype
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((n, k)).astype(dtype).T if transposed else \
        rng.standard_normal((k, n)).astype(dtype)
    c = np.empty((m, n), dtype=dtype)
    for _ in range(WARMUP):
        np.matmul(a, b, out=c)
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    return 2.0 * m * n * k / med / 1e9, med


def main():
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}, "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')}")
    limits = None
    try:
        import threadpoolctl
        for info in threadpoolctl.threadpool_info():
            print("threadpoolctl:", {k: info.get(k) for k in
                                     ("internal_api", "version", "architecture", "num_threads",
                                      "threading_layer", "filepath")})
        limits = threadpoolctl.threadpool_limits
    except ImportError:
        print("threadpoolctl not installed: kernel/core type unknown")
    for label, m, n, k, dtype in SHAPES:
        g, med = gflops(m, n, k, dtype)
        print(f"{label:50s} {g:8.1f} GFLOP/s  (median {med * 1e3:.3f} ms, default threads)")
    if limits is not None:
        with limits(limits=1):
            for label, m, n, k, dtype in SHAPES[:2]:
                g, med = gflops(m, n, k, dtype)
                print(f"{label:50s} {g:8.1f} GFLOP/s  (median {med * 1e3:.3f} ms, 1 thread)")


if __name__ == "__main__":
    main()
