"""Timings behind notebook 04: four small matmuls versus one fused matmul, and LSTM layers.

Run by hand (not a test), from the repository root:

    OMP_NUM_THREADS=1 python benchmarks/lstm_bench.py   # one thread, the default
    python benchmarks/lstm_bench.py --threads 2         # or as many as you like
    python benchmarks/lstm_bench.py --rounds 60         # more rounds on a busy machine
    python benchmarks/lstm_bench.py --summary           # measures nothing: prints the shipped CSV's two tables

It prints two markdown tables and writes them, one measurement a row, to `lmscratch/results/lstm_bench.csv` (shipped
with the library; replaced, not appended; `--out` writes elsewhere, `--no-save` nowhere), which notebook 04 reads with
`lmscratch.runs.read_results('lstm_bench.csv')`. Columns: table ('gates' or 'layer'), row, what (the statement timed),
us (microseconds per run in the fastest round), us_median (in the median round), rounds, then the machine: cpu, isa,
threads, device, torch.

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

How to read the timings. The statements compared with each other are timed in rounds (30 by default), taking turns
within each round, so that a burst of work from another program falls on all of them alike; each round runs a
statement for about 5 ms (--round-time). We report each statement's time per run in its fastest round, the figure least
disturbed by other programs on a shared machine, and, for the matrix products, the speed-up between the median rounds
as well: where the two speed-ups disagree, the machine was too busy for the row to mean much. Timings depend on the
machine, the number of threads, the kernels torch picked (AVX2, AVX512, ...) and whatever else runs at the same time,
so compare rows of the same table, not numbers across machines or runs; on a busy machine raise --rounds. The notebook times nothing for the same reason: it quotes the shipped CSV,
with the machine that recorded it, and it checks equality only up to rounding: whether `compare(...)['exact']` is True for the fused cell against
`nn.LSTMCell` depends on the order in which the library adds on that machine, and on a GPU it may differ.
"""
from __future__ import annotations
import argparse, csv, platform, statistics
from pathlib import Path
import torch
from torch import nn
from torch.utils.benchmark import Timer
from lmscratch.lstm import LSTMCell, FusedLSTMCell, ScratchLSTM


OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'lstm_bench.csv'  # shipped; notebook 04 reads it
FIELDS = ['table', 'row', 'what', 'us', 'us_median', 'rounds', 'cpu', 'isa', 'threads', 'device', 'torch']
GATES_HEAD = '| gate pre-activations of one step (bs 64, ni = nh) | four small (us) | one fused (us) | fused speed-up | speed-up, median round |'
LAYER_HEAD = '| 2-layer LSTM, bs 64, sl 16, hidden 64 | forward (us) | forward + backward (us) | forward vs nn.LSTM | fwd + bwd vs nn.LSTM |'


def interleaved_us(stmts: dict[str, str], # name -> statement to time
                   env: dict, threads: int,
                   rounds: int, # rounds; in each, every statement is timed once, in turn
                   round_time: float, # seconds each statement runs per round (at least one run)
                  ) -> dict[str, tuple[float, float]]:
    "Per statement: (fastest round, median round), in microseconds per run. The statements take turns within each round, so a burst of load from other programs falls on all of them alike."
    timers = {k: Timer(stmt=v, globals=env, num_threads=threads) for k, v in stmts.items()}
    number = {}
    for k, t in timers.items():
        t.timeit(3)  # warm-up
        number[k] = max(1, int(round_time / max(t.timeit(1).times[0], 1e-7)))
    times = {k: [] for k in stmts}
    for r in range(rounds):
        for k in (list(timers) if r % 2 == 0 else list(timers)[::-1]):  # alternate the order as well
            times[k].append(timers[k].timeit(number[k]).times[0])
    return {k: (min(v) * 1e6, statistics.median(v) * 1e6) for k, v in times.items()}


def matmul_rows(threads: int, rounds: int, round_time: float, bs: int = 64):
    "The gate pre-activations of one step, (bs, ni+nh) @ (ni+nh, nh) four times, or @ (ni+nh, 4nh) once: (row, {statement: (fastest, median)})."
    rows = []
    for nh in (16, 64, 256, 1024):
        g = torch.Generator().manual_seed(0)
        xh = torch.randn(bs, 2 * nh, generator=g)  # [x, h] with ni = nh
        ws = [torch.randn(2 * nh, nh, generator=g) for _ in range(4)]
        w = torch.cat(ws, dim=1)
        assert torch.allclose(torch.cat([xh @ wk for wk in ws], dim=1), xh @ w, atol=1e-3), 'the two must compute the same'
        us = interleaved_us({'four small': '[xh @ wk for wk in ws]', 'one fused': 'xh @ w'}, dict(xh=xh, ws=ws, w=w),
                            threads, rounds, round_time)
        rows.append((f'nh={nh}: ({bs}, {2*nh}) @ ({2*nh}, {nh}) x4  vs  @ ({2*nh}, {4*nh}) x1', us))
    return rows


def layer_rows(threads: int, rounds: int, round_time: float, bs: int = 64, sl: int = 16, nh: int = 64, layers: int = 2):
    "LMModel6's recurrent part: (bs, sl, nh) through `layers` LSTM layers, forward, and forward + backward: (row, {statement: (fastest, median)})."
    torch.manual_seed(0)
    ref = nn.LSTM(nh, nh, layers, batch_first=True)
    models = {'nn.LSTM': ref,
              'ScratchLSTM(FusedLSTMCell)': ScratchLSTM(nh, nh, layers, cell=FusedLSTMCell).load_torch(ref),
              'ScratchLSTM(LSTMCell)': ScratchLSTM(nh, nh, layers, cell=LSTMCell).load_torch(ref)}
    x = torch.randn(bs, sl, nh, requires_grad=True)
    for m in models.values():  # all three compute the same thing
        assert torch.allclose(m(x)[0], ref(x)[0], atol=1e-5)
    env = {f'm{i}': m for i, m in enumerate(models.values())} | dict(x=x, torch=torch)
    stmts = {}
    for i, name in enumerate(models):
        stmts[name, 'forward'] = f'with torch.no_grad(): m{i}(x)'
        stmts[name, 'forward + backward'] = f'm{i}(x)[0].sum().backward()'
    us = interleaved_us(stmts, env, threads, rounds, round_time)
    return [(name, {w: us[name, w] for w in ('forward', 'forward + backward')}) for name in models]


def tables(gates: list, layers: list) -> tuple[list, list]:
    "The printed rows: (row, four, one, speed-up, speed-up of the median rounds) and (row, forward, both, forward ratio, both ratio), fastest rounds."
    g = [(n, us['four small'][0], us['one fused'][0], us['four small'][0] / us['one fused'][0], us['four small'][1] / us['one fused'][1])
         for n, us in gates]
    base = layers[0][1]
    l = [(n, us['forward'][0], us['forward + backward'][0], us['forward'][0] / base['forward'][0],
          us['forward + backward'][0] / base['forward + backward'][0]) for n, us in layers]
    return g, l


def print_tables(gates: list, layers: list):
    "The two markdown tables, from the measurements of `matmul_rows` and `layer_rows`."
    gates, layers = tables(gates, layers)
    print(GATES_HEAD); print('|---|---:|---:|---:|---:|')
    for name, four, one, r, rm in gates: print(f'| {name} | {four:,.1f} | {one:,.1f} | {r:.2f}x | {rm:.2f}x |')
    print('\n' + LAYER_HEAD); print('|---|---:|---:|---:|---:|')
    for name, f, b, rf, rb in layers: print(f'| {name} | {f:,.0f} | {b:,.0f} | {rf:.1f}x | {rb:.1f}x |')


def from_csv(rows: list[dict]) -> tuple[list, list]:
    "The measurements back from the CSV's rows (one statement a row), as `matmul_rows` and `layer_rows` return them."
    back = {}
    for r in rows: back.setdefault(r['table'], {}).setdefault(r['row'], {})[r['what']] = (float(r['us']), float(r['us_median']))
    return list(back['gates'].items()), list(back['layer'].items())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--threads', type=int, default=1, help='torch threads for every timing (default 1)')
    p.add_argument('--rounds', type=int, default=30, help='rounds of measurements; the statements take turns in each (default 30)')
    p.add_argument('--round-time', type=float, default=0.005, help='seconds per statement and round (default 0.005)')
    p.add_argument('--out', type=Path, default=OUT, help='the CSV to write (default: lmscratch/results/lstm_bench.csv)')
    p.add_argument('--no-save', action='store_true', help='print the tables only, write no CSV')
    p.add_argument('--summary', action='store_true', help='measure nothing: print the tables of the CSV at --out')
    a = p.parse_args(argv)
    if a.summary:
        with a.out.open() as f: rows = list(csv.DictReader(f))
        r0 = rows[0]
        print(f"{a.out}: torch {r0['torch']}, {r0['cpu']} ({r0['isa']} kernels), {r0['threads']} thread(s), {r0['device']}\n")
        return print_tables(*from_csv(rows))
    if a.threads < 1 or a.rounds < 1 or a.round_time <= 0: p.error('--threads and --rounds must be >= 1, --round-time > 0')
    from lmscratch.runs import machine
    m = machine()
    print(f'torch {torch.__version__}, {m["cpu"]} ({platform.machine()}, {m["isa"]} kernels), '
          f'{a.threads} thread(s), the fastest of {a.rounds} interleaved rounds\n')
    gates, layers = matmul_rows(a.threads, a.rounds, a.round_time), layer_rows(a.threads, a.rounds, a.round_time)
    print_tables(gates, layers)
    if a.no_save: return
    where = dict(cpu=m['cpu'], isa=m['isa'], threads=a.threads, device='cpu', torch=m['torch'])
    rows = [dict(table=t, row=n, what=w, us=round(v[0], 2), us_median=round(v[1], 2), rounds=a.rounds, **where)
            for t, measured in (('gates', gates), ('layer', layers)) for n, us in measured for w, v in us.items()]
    with a.out.open('w', newline='') as f:
        w = csv.DictWriter(f, FIELDS); w.writeheader(); w.writerows(rows)
    print(f'\nwrote {len(rows)} measurements to {a.out}')


if __name__ == '__main__':
    main()
