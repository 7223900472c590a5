#!/usr/bin/env python3
"""How long a learner waits: seconds per lesson (Run all as Colab runs it: every cell, nbdev's `#|` directives
ignored, from an empty folder) and seconds per model (one run of its recipe, seed 0, no progress bar), printed as
markdown tables with the CPU, the torch kernels and the threads they ran on. Speed is measured here, never asserted
in a test. Run it on a quiet machine: another job on the same cores changes every figure.

    OMP_NUM_THREADS=1 python benchmarks/lesson_times.py                  # both tables
    OMP_NUM_THREADS=1 python benchmarks/lesson_times.py --lessons 05 06  # some lessons, no models
    OMP_NUM_THREADS=1 python benchmarks/lesson_times.py --models AWD-LSTM --lessons
    OMP_NUM_THREADS=1 python benchmarks/lesson_times.py --before benchmarks/lesson_times_before.md

`--before FILE` reads the tables this command printed earlier (saved with `> FILE`) and puts their seconds in a
"before" column beside the new ones, with the machine line of each run.

The lessons run one after the other in a Jupyter kernel of this Python (with the course installed), each from its
own empty folder (tools/colab_run.py's `run_one`); the models are trained in this process.
"""
import argparse, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))

def where() -> str:
    import torch
    from lmscratch.runs import machine
    m = machine()
    return f"{m['cpu']}, {m['isa']} kernels, device {m['device']}, torch {m['torch']}, fastai {m['fastai']}, {torch.get_num_threads()} torch thread(s)"

def lesson_times(names: list[str]) -> list[tuple[str, float, str]]:
    from colab_run import run_one
    paths = sorted(p for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb') if not names or p.name[:2] in names)
    out = []
    for p in paths:
        _, secs, err = run_one(str(p), 1800)
        out.append((p.name, secs, err.splitlines()[0][:80] if err else ''))
        print(f'  {p.name}: {secs:.1f} s{"  FAILED: " + out[-1][2] if err else ""}', file=sys.stderr, flush=True)
    return out

def model_times(names: list[str]) -> list[tuple[str, int, float, float]]:
    from lmscratch.tour import EXPERIMENTS, run_experiment
    out = []
    for name in names or [n for n, e in EXPERIMENTS.items() if e.source is not None]:
        r = run_experiment(name, seed=0, quiet=True)
        out.append((name, r.epochs, r.seconds, r.accuracy))
        print(f'  {name}: {r.seconds:.1f} s', file=sys.stderr, flush=True)
    return out

def read_before(path: str) -> tuple[str, dict[str, float]]:
    "The machine line and {lesson or model name: seconds} of an earlier output of this command (with or without a before column)."
    text = Path(path).read_text()
    machine, secs, col = '', {}, None
    for line in text.splitlines():
        if line.startswith('Machine:'): machine = line[len('Machine:'):].strip()
        cells = [c.strip() for c in line.strip().strip('|').split('|')] if line.startswith('|') else []
        if not cells or set(cells[0]) <= set('-'): continue
        if cells[0] in ('lesson', 'model'):   # a header: the seconds are in the column named so
            col = next((i for i, c in enumerate(cells) if c in ('Run all (s)', 'seconds')), None); continue
        if cells[0] == 'all' or col is None: continue
        try: secs[cells[0]] = float(cells[col])
        except (ValueError, IndexError): continue
    if not secs: raise SystemExit(f'{path}: no table of seconds found (expected the output of this command)')
    return machine, secs

def _was(before: dict | None, name: str) -> str:
    if before is None: return ''
    return f' {before[name]:.1f} |' if name in before else ' – |'

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--lessons', nargs='*', default=None, help='lesson numbers (00 ... 10); none: every lesson; leave the flag out with --models to skip them')
    ap.add_argument('--models', nargs='*', default=None, help="model names of the tour; none: every model")
    ap.add_argument('--before', metavar='FILE', help='an earlier output of this command: its seconds go in a "before" column')
    a = ap.parse_args()
    both = a.lessons is None and a.models is None
    before = None
    if a.before:
        was_on, before = read_before(a.before)
        print(f'Before ({a.before}): {was_on}')
    print(f'Machine: {where()}\n')
    b, bl = (' before (s) |', '---|') if before is not None else ('', '')
    if both or a.lessons is not None:
        t0 = time.perf_counter()
        rows = lesson_times(a.lessons or [])
        print(f'| lesson |{b} Run all (s) | note |\n|---|{bl}---|---|')
        for name, secs, err in rows: print(f'| {name} |{_was(before, name)} {secs:.1f} | {"failed: " + err if err else ""} |')
        was = f' {sum(before.get(n, 0) for n, _, _ in rows):.1f} |' if before is not None else ''
        print(f'| all |{was} {sum(s for _, s, _ in rows):.1f} | one after the other, {time.perf_counter() - t0:.0f} s in all |\n')
    if both or a.models is not None:
        rows = model_times(a.models or [])
        print(f'| model | epochs |{b} seconds | accuracy (seed 0) |\n|---|---|{bl}---|---|')
        for name, ep, secs, acc in rows: print(f'| {name} | {ep} |{_was(before, name)} {secs:.1f} | {acc:.3f} |')

if __name__ == '__main__': main()
