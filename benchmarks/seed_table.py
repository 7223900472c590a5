"""Print the recorded seed runs (lmscratch/results/seed_runs.csv) as a table, one row per model and kind of CPU kernel.

    python benchmarks/seed_table.py                      # every model
    python benchmarks/seed_table.py AWD-LSTM --target 0.95

The runs are written by `OMP_NUM_THREADS=1 lmscratch-tour --models M --seeds ... --quiet --record` (with
`ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2` in front for AVX2 kernels). Seconds are
those of the recording runs: wall-clock seconds of one training on one torch thread, with two recordings sharing a
2-core machine, so they rank models rather than time them precisely.
"""
import argparse, csv, statistics, sys
from pathlib import Path

RUNS = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'seed_runs.csv'

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('models', nargs='*', help='models to show (default: all)')
    p.add_argument('--target', type=float, default=None, help='also count the runs reaching this accuracy')
    a = p.parse_args(argv)
    rows = list(csv.DictReader(RUNS.open()))
    known = list(dict.fromkeys(r['model'] for r in rows))
    for m in a.models:
        if m not in known: p.error(f'no recorded runs of {m!r}; recorded: {", ".join(known)}')
    by = {}
    for r in rows:
        if not a.models or r['model'] in a.models: by.setdefault((r['model'], r['isa'], r['cpu'], r['torch']), []).append(r)
    head = '| model | kernels | CPU | torch | runs | seeds | min | median | max |' + (f' >= {a.target} |' if a.target else '') + ' seconds per run, median |'
    print(head); print('|' + '---|' * head.count(' |'))
    for (m, isa, cpu, tv), rs in by.items():
        acc = sorted(float(r['accuracy']) for r in rs)
        seeds = sorted(int(r['seed']) for r in rs)
        hit = f' {sum(x >= a.target for x in acc)} of {len(acc)} |' if a.target else ''
        print(f'| {m} | {isa} | {cpu} | {tv} | {len(rs)} | {seeds[0]}-{seeds[-1]} | {acc[0]:.4f} | {statistics.median(acc):.4f} | '
              f'{acc[-1]:.4f} |{hit} {statistics.median(float(r["seconds"]) for r in rs):.1f} |')

if __name__ == '__main__': sys.exit(main())
