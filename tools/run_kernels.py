#!/usr/bin/env python3
"""Run notebooks top to bottom in a real Jupyter kernel (ipykernel, as Colab and JupyterLab do),
not in nbdev-test's in-process shell. Cells nbdev-test skips are skipped here too: `#| eval: false`
always, and cells carrying a test flag (`#| slow`) unless the flag is passed with --flags.

    python tools/run_kernels.py                 # every numbered notebook in nbs/
    python tools/run_kernels.py nbs/00_*.ipynb  # some of them
"""
import argparse, os, re, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

def skip(src: str, flags: set) -> bool:
    if re.search(r'^#\|\s*eval:\s*false', src, re.M): return True
    m = re.findall(r'^#\|\s*(\w+)\s*$', src, re.M)
    return any(f in ('slow',) and f not in flags for f in m)

def execute(path: str, flags: set, timeout: int):
    "Run the notebook at `path` cell by cell in a real kernel, skipping what nbdev-test skips: (notebook with outputs, seconds, error or '')."
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(Path(path).parent)}})
    start, err = time.perf_counter(), ''
    try:
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != 'code': continue
                cell.outputs = []
                if not skip(cell.source, flags): client.execute_cell(cell, i)
    except Exception as e: err = f'{type(e).__name__}: {str(e)[-2000:]}'
    return nb, time.perf_counter() - start, err

def run(path: str, flags: set, timeout: int) -> tuple[str, float, str]:
    _, secs, err = execute(path, flags, timeout)
    return path, secs, err

def run_all(job, paths: list, flags: set, timeout: int, workers: int, done: str) -> int:
    "`job(path, flags, timeout) -> (path, seconds, error)` over `paths` in `workers` processes; print each, return the exit code."
    os.environ.setdefault('OMP_NUM_THREADS', '1')  # one torch thread per kernel: the kernels already share the cores
    t0, failed = time.perf_counter(), []
    with ProcessPoolExecutor(workers) as ex:
        for path, secs, err in ex.map(job, paths, [flags]*len(paths), [timeout]*len(paths)):
            print(f'{"FAIL" if err else "ok  "} {secs:7.1f}s  {Path(path).name}', flush=True)
            if err: failed.append((path, err))
    for path, err in failed: print(f'\n== {path}\n{err}', file=sys.stderr)
    print(f'{len(paths) - len(failed)}/{len(paths)} notebooks {done} in {time.perf_counter() - t0:.0f} s')
    return 1 if failed else 0

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*')
    ap.add_argument('--flags', default='', help='space-separated test flags to run (e.g. "slow")')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=600, help='seconds per cell')
    a = ap.parse_args()
    paths = a.paths or sorted(str(p) for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    sys.exit(run_all(run, paths, set(a.flags.split()), a.timeout, a.workers, 'ran in a real kernel'))

if __name__ == '__main__': main()
