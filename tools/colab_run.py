#!/usr/bin/env python3
"""Run notebooks the way Colab's "Run all" does: every code cell in order, nbdev's `#|` directives ignored
(`#| hide`, `#| eval: false` and `#| slow` cells run too), each notebook alone in an empty folder outside the
clone, where no file of the repository exists. The course is installed by the notebook's own first cell, as on
Colab; `LMSCRATCH_SOURCE` tells that cell where to install it from (here: this clone, since CI has no GitHub).

Run it with the Python of an environment that holds Colab's versions (a course installed there is removed first), for example:

    python3 -m venv /tmp/colab && /tmp/colab/bin/pip install torch==2.11.0 fastai==2.8.8 fastcore==2.2.12 ipykernel nbclient
    /tmp/colab/bin/python tools/colab_run.py              # the lessons, appendices and solutions of nbs/
    /tmp/colab/bin/python tools/colab_run.py nbs/07_*.ipynb

The kernel is this Python's own (`python3`), so the cells see exactly that environment. Each notebook gets its
own empty working folder and its own empty data cache (`LMSCRATCH_DATA`), removed afterwards.
"""
import argparse, os, shutil, sys, tempfile, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def default_paths() -> list[Path]:
    "Every notebook a learner opens: the numbered ones, index, and the solutions; not the test notebooks."
    return sorted((ROOT/'nbs').glob('*.ipynb')) + sorted((ROOT/'nbs'/'answers').glob('*.ipynb'))

def run_one(path: str, timeout: int) -> tuple[str, float, str]:
    "Run every code cell of the notebook at `path` from an empty folder: (path, seconds, error or '')."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    work = Path(tempfile.mkdtemp(prefix='colab_'))
    os.environ['LMSCRATCH_DATA'] = str(work/'.cache')   # an empty cache: nothing made by an earlier run is reused
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(work)}})
    start, err = time.perf_counter(), ''
    try:
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == 'code': client.execute_cell(cell, i)
    except Exception as e: err = f'{type(e).__name__}: {str(e)[-3000:]}'
    finally: shutil.rmtree(work, ignore_errors=True)
    return path, time.perf_counter() - start, err

def _name(p: str) -> str:
    p = Path(p)
    return str(p.relative_to(ROOT/'nbs')) if p.is_relative_to(ROOT/'nbs') else str(p)

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*', help='notebooks to run (default: every notebook a learner opens)')
    ap.add_argument('--timeout', type=int, default=900, help='seconds a cell may take')
    ap.add_argument('--workers', type=int, default=2, help='notebooks run at the same time')
    args = ap.parse_args()
    import importlib.util, subprocess
    if importlib.util.find_spec('lmscratch') is not None:   # start as Colab does: without the course
        print('colab_run: removing the lmscratch installed in this environment, so that the first notebook installs it')
        subprocess.run([sys.executable, '-m', 'pip', 'uninstall', '-y', '-q', 'lmscratch'], check=True)
    os.environ.setdefault('LMSCRATCH_SOURCE', ROOT.as_uri())
    os.environ.setdefault('OMP_NUM_THREADS', '1')   # one torch thread per kernel: the kernels share the cores
    paths = [str(Path(p).resolve()) for p in args.paths] or [str(p) for p in default_paths()]
    # the first notebook installs the course; the others then find it, as on Colab after the first notebook
    first = run_one(paths[0], args.timeout)
    results, t0 = [first], time.perf_counter() - first[1]
    with ProcessPoolExecutor(args.workers) as ex:
        results += list(ex.map(run_one, paths[1:], [args.timeout] * (len(paths) - 1)))
    failed = [(p, e) for p, _, e in results if e]
    for p, secs, e in results: print(f'{"FAIL" if e else "ok  "} {secs:7.1f}s  {_name(p)}', flush=True)
    for p, e in failed: print(f'\n== {p}\n{e}', file=sys.stderr)
    import torch, fastai, fastcore
    print(f'{len(paths) - len(failed)}/{len(paths)} notebooks ran every cell from an empty folder, on torch {torch.__version__}, '
          f'fastai {fastai.__version__}, fastcore {fastcore.__version__}, in {time.perf_counter() - t0:.0f} s')
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
