"""Tune the AWD-LSTM recipe of notebook 06 over several seeds, and keep a log of every configuration tried.

    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py epochs=30 train_bs=32 --seeds 0 1 2 3 4 5 6 7 8 9
    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py wd=0.2 --stop-below 0.95 --seeds 4 6 0 1 2 3
    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py --summary

Each `key=value` overrides one field of the course's recipe (`lmscratch.awd.AWDConfig`); the script trains
`awd_recipe(config)`, the very function notebook 06 and the tour use. One line per seed is printed and appended to
`lmscratch/results/awd_tuning.csv` (shipped with the library; notebook 06 shows it): the full configuration, the
accuracy at the last epoch on the sl-16 validation stream, the best epoch, seconds of training, the CPU kernels
torch used. `--summary` prints the log grouped by configuration (shown as its changes from the current recipe):
runs, min, median, max, runs reaching 0.95, median seconds.
"""
from __future__ import annotations
import argparse, csv, statistics, sys, time
from pathlib import Path

LOG = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'awd_tuning.csv'
FIELDS = ['config', 'seed', 'accuracy', 'best', 'seconds', 'isa', 'threads', 'torch']

def summary():
    from lmscratch.awd import AWDConfig
    rows = list(csv.DictReader(LOG.open())) if LOG.exists() else []
    by = {}
    for r in rows: by.setdefault((AWDConfig.from_string(r['config']).changes() or '(the recipe)', r['isa']), []).append(r)
    print(f"{'changes from the recipe':<48}{'isa':>8}{'runs':>5}{'min':>7}{'median':>8}{'max':>7}{'>=0.95':>8}{'sec':>6}")
    for (cfg, isa), rs in by.items():
        a = sorted(float(r['accuracy']) for r in rs)
        s = statistics.median(float(r['seconds']) for r in rs)
        print(f"{cfg:<48}{isa:>8}{len(a):>5}{a[0]:>7.3f}{statistics.median(a):>8.3f}{a[-1]:>7.3f}"
              f"{sum(x >= 0.95 for x in a):>5}/{len(a):<2}{s:>6.0f}")
    short = [r for r in rows if float(r['accuracy']) < 0.95]
    saved = sum(float(r['best']) >= 0.95 for r in short)
    print(f"all configurations: {len(rows)} runs, {len(short)} ended below 0.95; {saved} of those had an epoch at 0.95 or more, "
          f"so keeping each run's best epoch would have saved {saved} and left {len(short) - saved} below")

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('overrides', nargs='*', help='key=value fields of lmscratch.awd.AWDConfig (before --seeds)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--summary', action='store_true', help='print the log grouped by configuration and stop')
    p.add_argument('--no-log', action='store_true', help='do not append to the log')
    p.add_argument('--stop-below', type=float, default=None, metavar='ACC',
                   help='stop at the first seed whose last-epoch accuracy is below ACC (screening: a config that must hold on every seed is out)')
    a = p.parse_args(argv)
    if a.summary: return summary()
    import torch
    from lmscratch.awd import AWDConfig, awd_recipe
    from lmscratch.runs import accuracy_history
    try: cfg = AWDConfig.from_string(' '.join(a.overrides))
    except ValueError as e: p.error(str(e))
    isa = torch.backends.cpu.get_cpu_capability()
    for seed in a.seeds:
        t0 = time.perf_counter()
        learn = awd_recipe(cfg).train(seed=seed, quiet=True)
        sec = time.perf_counter() - t0
        hist = accuracy_history(learn)
        print(f'{cfg.changes() or "(the recipe)"} seed {seed}: {hist[-1]:.4f} (best {max(hist):.4f}) {sec:.1f} s', flush=True)
        if not a.no_log:
            new = not LOG.exists()
            with LOG.open('a', newline='') as f:
                w = csv.DictWriter(f, FIELDS)
                if new: w.writeheader()
                w.writerow(dict(config=cfg.as_string(), seed=seed, accuracy=f'{hist[-1]:.4f}', best=f'{max(hist):.4f}',
                                seconds=f'{sec:.1f}', isa=isa, threads=torch.get_num_threads(), torch=torch.__version__))
        if a.stop_below is not None and hist[-1] < a.stop_below:
            print(f'stopped: seed {seed} is below {a.stop_below}', flush=True); break

if __name__ == '__main__': sys.exit(main())
