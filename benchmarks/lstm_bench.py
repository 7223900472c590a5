"""Timings behind notebook 04: four small matmuls versus one fused matmul, and LSTM layers.

Run by hand (not a test), from the repository root:

    OMP_NUM_THREADS=1 python benchmarks/lstm_bench.py   # one thread, the default
    python benchmarks/lstm_bench.py --threads 2         # or as many as you like
    python benchmarks/lstm_bench.py --repeat 5          # more measurements on a busy machine

It prints two markdown tables.

1. The gate pre-activations of one step: four products `(64, 2nh) @ (2nh, nh)`, one per gate, as
   `LSTMCell` does them, against one product `(64, 2nh) @ (2nh, 4nh)`, as `FusedLSTMCell` does, for
   nh = 16 to 1024. Both do the same arithmetic (the script asserts they compute the same), but every
   call of a matrix product has a fixed cost (checking shapes, allocating the result, starting the work,
   and on a GPU launching a kernel), and a bigger product keeps the arithmetic units busier. What to look
   for: the fused product's advantage is largest for small matrices and shrinks as they grow, since the
   fixed cost weighs less on a big product.
2. LMModel6's recurrent part (2 layers, batch 64, 16 steps, hidden 64), forward and forward + backward:
   `ScratchLSTM` with either cell against `nn.LSTM`. All three compute the same thing (asserted), but
   `nn.LSTM` runs its loop over time in C++ (or cuDNN) while ours runs step by step in Python. What to
   look for: how far both of our layers fall behind `nn.LSTM`, and how much of that the fused cell wins
   back.

How to read the timings. torch.utils.benchmark runs each statement in repeated blocks; we report the
fastest block's time per run, the figure least disturbed by other programs on a shared machine.
Timings depend on the machine, the number of threads, the kernels torch picked (AVX2, AVX512, ...) and
whatever else runs at the same time, so compare rows of the same table, not numbers across machines or
runs; on a busy machine raise --repeat. The notebook times nothing for the same reason, and it checks
equality only up to rounding: whether `compare(...)['exact']` is True for the fused cell against
`nn.LSTMCell` depends on the order in which the library adds on that machine, and on a GPU it may differ.
"""
from __future__ import annotations
import argparse, platform
import torch
from torch import nn
from torch.utils.benchmark import Timer
from lmscratch.lstm import LSTMCell, FusedLSTMCell, ScratchLSTM


REPEAT = 3  # measurements per statement (set by --repeat); the fastest block of all of them is kept

def best_us(stmt: str, env: dict, threads: int, min_run_time: float) -> float:
    "Time of one run of `stmt` in microseconds: the fastest of repeated blocks (least disturbed by other programs)."
    t = Timer(stmt=stmt, globals=env, num_threads=threads)
    return min(min(t.blocked_autorange(min_run_time=min_run_time).times) for _ in range(REPEAT)) * 1e6


def matmul_rows(threads: int, min_run_time: float, bs: int = 64):
    "The gate pre-activations of one step, (bs, ni+nh) @ (ni+nh, nh) four times, or @ (ni+nh, 4nh) once."
    rows = []
    for nh in (16, 64, 256, 1024):
        g = torch.Generator().manual_seed(0)
        hx = torch.randn(bs, 2 * nh, generator=g)  # cat([h, x]) with ni = nh
        ws = [torch.randn(2 * nh, nh, generator=g) for _ in range(4)]
        w = torch.cat(ws, dim=1)
        assert torch.allclose(torch.cat([hx @ wk for wk in ws], dim=1), hx @ w, atol=1e-3), 'the two must compute the same'
        env = dict(hx=hx, ws=ws, w=w)
        four = best_us('[hx @ wk for wk in ws]', env, threads, min_run_time)
        one = best_us('hx @ w', env, threads, min_run_time)
        rows.append((f'({bs}, {2*nh}) @ ({2*nh}, {nh}) x4  vs  @ ({2*nh}, {4*nh}) x1', four, one, four / one))
    return rows


def layer_rows(threads: int, min_run_time: float, bs: int = 64, sl: int = 16, nh: int = 64, layers: int = 2):
    "LMModel6's recurrent part: (bs, sl, nh) through `layers` LSTM layers, forward, and forward + backward."
    torch.manual_seed(0)
    ref = nn.LSTM(nh, nh, layers, batch_first=True)
    models = {'nn.LSTM': ref,
              'ScratchLSTM(FusedLSTMCell)': ScratchLSTM(nh, nh, layers, cell=FusedLSTMCell).load_torch(ref),
              'ScratchLSTM(LSTMCell)': ScratchLSTM(nh, nh, layers, cell=LSTMCell).load_torch(ref)}
    x = torch.randn(bs, sl, nh, requires_grad=True)
    for m in models.values():  # all three compute the same thing
        assert torch.allclose(m(x)[0], ref(x)[0], atol=1e-5)
    rows = []
    for name, m in models.items():
        env = dict(m=m, x=x)
        with torch.no_grad(): fwd = best_us('m(x)', env, threads, min_run_time)
        both = best_us('m(x)[0].sum().backward()', env, threads, min_run_time)
        rows.append((name, fwd, both))
    base_f, base_b = rows[0][1], rows[0][2]
    return [(n, f, b, f / base_f, b / base_b) for n, f, b in rows]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--threads', type=int, default=1, help='torch threads for every timing (default 1)')
    p.add_argument('--min-run-time', type=float, default=0.5, help='seconds spent on each measurement (default 0.5)')
    p.add_argument('--repeat', type=int, default=3, help='measurements per statement; the fastest block is kept (default 3)')
    a = p.parse_args()
    if a.threads < 1 or a.repeat < 1 or a.min_run_time <= 0: p.error('--threads and --repeat must be >= 1, --min-run-time > 0')
    global REPEAT
    REPEAT = a.repeat
    from lmscratch.runs import machine
    m = machine()
    print(f'torch {torch.__version__}, {m["cpu"]} ({platform.machine()}, {m["isa"]} kernels), '
          f'{a.threads} thread(s), fastest of {a.repeat} x repeated blocks\n')
    print('| gate pre-activations of one step (bs 64, ni = nh) | four small (us) | one fused (us) | fused speed-up |')
    print('|---|---:|---:|---:|')
    for name, four, one, r in matmul_rows(a.threads, a.min_run_time):
        print(f'| {name} | {four:,.1f} | {one:,.1f} | {r:.2f}x |')
    print('\n| 2-layer LSTM, bs 64, sl 16, hidden 64 | forward (us) | forward + backward (us) | forward vs nn.LSTM | fwd + bwd vs nn.LSTM |')
    print('|---|---:|---:|---:|---:|')
    for name, f, b, rf, rb in layer_rows(a.threads, a.min_run_time):
        print(f'| {name} | {f:,.0f} | {b:,.0f} | {rf:.1f}x | {rb:.1f}x |')


if __name__ == '__main__':
    main()
