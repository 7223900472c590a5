"""Print the recorded seed runs (lmscratch/results/seed_runs.csv) as a table, one row per model and kind of CPU kernel.

    python benchmarks/seed_table.py                      # every model
    python benchmarks/seed_table.py AWD-LSTM --target 0.95

The runs are written by `OMP_NUM_THREADS=1 lmscratch-tour --models M --seeds ... --quiet --record lmscratch/results/seed_runs.csv` (with
`ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2` in front for AVX2 kernels), and read
with `lmscratch.runs.seed_runs`, as the notebooks read them. `lmscratch.rnn.seed_spread` gives the same figures per
model over all machines; this table splits them by kernel. Seconds are those of the recording runs: one training on
one torch thread, with two recordings sharing a 2-core machine, so they rank models rather than time them precisely.
"""
import argparse, sys

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('models', nargs='*', help='models to show (default: all)')
    p.add_argument('--target', type=float, default=None, help='also count the runs reaching this accuracy')
    a = p.parse_args(argv)
    from lmscratch.runs import seed_runs
    try: runs = [seed_runs(m) for m in a.models] if a.models else [seed_runs()]
    except KeyError as e: p.error(e.args[0])
    head = '| model | kernels | CPU | torch | runs | seeds | min | median | max |' + (f' >= {a.target} |' if a.target else '') + ' seconds per run, median |'
    print(head); print('|' + '---|' * head.count(' |'))
    for r in runs:
        for (m, isa, cpu, tv), g in r.groupby(['model', 'isa', 'cpu', 'torch'], sort=False):
            hit = f' {(g.accuracy >= a.target).sum()} of {len(g)} |' if a.target else ''
            print(f'| {m} | {isa} | {cpu} | {tv} | {len(g)} | {g.seed.min()}-{g.seed.max()} | {g.accuracy.min():.4f} | '
                  f'{g.accuracy.median():.4f} | {g.accuracy.max():.4f} |{hit} {g.seconds.median():.1f} |')

if __name__ == '__main__': sys.exit(main())
