"""Tune the AWD-LSTM recipe of notebook 06 over several seeds, and keep a log of every configuration tried.

    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py epochs=30 train_bs=32 --seeds 0 1 2 3 4 5 6 7 8 9

Each `key=value` overrides one field of the course's recipe (`lmscratch.awd.AWDConfig`). One line per seed is
printed and appended to `benchmarks/awd_tuning.csv` (accuracy at the last epoch on the sl-16 validation
stream, the best epoch, seconds of training, the CPU kernels torch used); `--summary` prints the log grouped by
configuration: runs, min, median, max, runs reaching 0.95, median seconds.
"""
from __future__ import annotations
import argparse, csv, dataclasses, platform, statistics, sys, time
from pathlib import Path

LOG = Path(__file__).with_name('awd_tuning.csv')
FIELDS = ['config', 'seed', 'accuracy', 'best', 'seconds', 'isa', 'threads', 'torch']

def parse_overrides(pairs: list[str]) -> dict:
    from lmscratch.awd import AWDConfig
    types = {f.name: f.type for f in dataclasses.fields(AWDConfig)}
    out = {}
    for p in pairs:
        if '=' not in p: raise SystemExit(f'expected key=value, got {p!r}; keys: {", ".join(types)}')
        k, v = p.split('=', 1)
        if k not in types: raise SystemExit(f'unknown key {k!r}; keys: {", ".join(types)}')
        default = getattr(AWDConfig(), k)
        out[k] = None if v == 'None' else type(default)(v) if default is not None else float(v)
    return out

def summary():
    rows = list(csv.DictReader(LOG.open())) if LOG.exists() else []
    by = {}
    for r in rows: by.setdefault((r['config'], r['isa']), []).append(r)
    print(f"{'configuration':<60}{'isa':>8}{'runs':>5}{'min':>7}{'median':>8}{'max':>7}{'>=0.95':>8}{'sec':>6}")
    for (cfg, isa), rs in by.items():
        a = sorted(float(r['accuracy']) for r in rs)
        s = statistics.median(float(r['seconds']) for r in rs)
        print(f"{cfg or '(the recipe)':<60}{isa:>8}{len(a):>5}{a[0]:>7.3f}{statistics.median(a):>8.3f}{a[-1]:>7.3f}"
              f"{sum(x >= 0.95 for x in a):>5}/{len(a):<2}{s:>6.0f}")

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--summary', action='store_true', help='print the log grouped by configuration and stop')
    p.add_argument('--no-log', action='store_true', help='do not append to the log')
    p.add_argument('overrides', nargs='*', help='key=value fields of AWDConfig')
    a = p.parse_args(argv)
    if a.summary: return summary()
    import torch
    from lmscratch.awd import AWDConfig, awd_recipe
    from lmscratch.rnn import final_accuracy
    over = parse_overrides(a.overrides)
    cfg = AWDConfig(**over)
    name = ' '.join(f'{k}={v}' for k, v in over.items())
    isa = torch.backends.cpu.get_cpu_capability()
    for seed in a.seeds:
        recipe = awd_recipe(cfg)
        t0 = time.perf_counter()
        learn = recipe.train(seed=seed, quiet=True)
        sec = time.perf_counter() - t0
        hist = learn.recorder.values
        acc, best = final_accuracy(learn), max(float(v[2]) for v in hist)
        print(f'{name or "(the recipe)"} seed {seed}: {acc:.4f} (best {best:.4f}) {sec:.1f} s', flush=True)
        if not a.no_log:
            new = not LOG.exists()
            with LOG.open('a', newline='') as f:
                w = csv.DictWriter(f, FIELDS)
                if new: w.writeheader()
                w.writerow(dict(config=name, seed=seed, accuracy=f'{acc:.4f}', best=f'{best:.4f}', seconds=f'{sec:.1f}',
                                isa=isa, threads=torch.get_num_threads(), torch=torch.__version__))

if __name__ == '__main__': sys.exit(main())
