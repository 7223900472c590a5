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

def run(path: str, flags: set, timeout: int) -> tuple[str, float, str]:
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == 'code' and skip(c.source, flags))]
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(Path(path).parent)}}).execute()
        err = ''
    except Exception as e: err = f'{type(e).__name__}: {str(e)[-2000:]}'
    return path, time.perf_counter() - start, err

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*')
    ap.add_argument('--flags', default='', help='space-separated test flags to run (e.g. "slow")')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=600, help='seconds per cell')
    a = ap.parse_args()
    os.environ.setdefault('OMP_NUM_THREADS', '1')  # one torch thread per kernel: the kernels already share the cores
    paths = a.paths or sorted(str(p) for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    t0, failed = time.perf_counter(), []
    with ProcessPoolExecutor(a.workers) as ex:
        for path, secs, err in ex.map(run, paths, [set(a.flags.split())]*len(paths), [a.timeout]*len(paths)):
            print(f'{"FAIL" if err else "ok  "} {secs:7.1f}s  {Path(path).name}', flush=True)
            if err: failed.append((path, err))
    for path, err in failed: print(f'\n== {path}\n{err}', file=sys.stderr)
    print(f'{len(paths) - len(failed)}/{len(paths)} notebooks ran in a real kernel in {time.perf_counter() - t0:.0f} s')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
