#!/usr/bin/env python3
"""Run the notebooks of nbs/ top to bottom in a real Jupyter kernel and keep their outputs in the files,
so that GitHub's viewer, Colab's preview and the course website show every table, plot and diagram
without running anything. Cells that nbdev-test skips (`#| eval: false`, test flags such as `#| slow`)
are skipped here too and keep no output.

    python tools/refresh_outputs.py                  # every notebook in nbs/ (the numbered ones and index) and nbs/answers/
    python tools/refresh_outputs.py nbs/03_*.ipynb   # some of them
    python tools/refresh_outputs.py --check          # write nothing: fail if outputs are stale or hold an error

Each refreshed notebook records, in its metadata (`lmscratch.code_sha1`), a hash of the source of all its
code cells. `--check` recomputes it: an edit to any code cell since the outputs were made, an output of
type `error`, or a notebook never refreshed fails the check, with the command that fixes it. Timings and
progress bars vary from run to run, so the check never compares outputs, only what they were made from.
Markdown edits do not make outputs stale. After a refresh, `nbdev-clean` keeps the outputs (it strips
execution counts and unknown metadata); `lmscratch` is in `allowed_metadata_keys` of pyproject.toml.
"""
import argparse, hashlib, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from run_kernels import execute, run_all  # one way to run a notebook, shared with the real-kernel test

def code_sha1(nb: dict) -> str:
    "A hash of the sources of a notebook's code cells, in order: what its outputs are made from."
    h = hashlib.sha1()
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        src = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
        h.update(src.encode()); h.update(b'\0')
    return h.hexdigest()

def problems(path: Path) -> list[str]:
    "What is wrong with the outputs kept in the notebook at `path`; [] if they are current."
    nb = json.loads(path.read_text())
    name, out = path.name, []
    kept = nb.get('metadata', {}).get('lmscratch', {}).get('code_sha1')
    if kept is None: out.append(f'{name}: its outputs were never refreshed')
    elif kept != code_sha1(nb): out.append(f'{name}: a code cell was edited since its outputs were made')
    for i, c in enumerate(nb['cells']):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': out.append(f'{name} cell {i}: holds an error output ({o.get("ename")})')
            if o.get('name') == 'stderr' and 'Traceback (most recent call last)' in ''.join(o.get('text', '')):
                out.append(f'{name} cell {i}: holds a traceback in its stderr')
    return out

def refresh(path: str, flags: set, timeout: int) -> tuple[str, float, str]:
    "Run one notebook in a kernel and write it back with its outputs; (path, seconds, error or '')."
    import nbformat
    nb, secs, err = execute(path, flags, timeout)
    if err: return path, secs, err   # a failed run leaves the file as it was
    nb.metadata['lmscratch'] = {'code_sha1': code_sha1(nb)}
    nbformat.write(nb, path)
    return path, secs, ''

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*')
    ap.add_argument('--check', action='store_true', help='write nothing; fail if any kept output is stale or an error')
    ap.add_argument('--flags', default='', help='space-separated test flags to run (e.g. "slow")')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=600, help='seconds per cell')
    a = ap.parse_args()
    paths = a.paths or sorted(str(p) for p in [*(ROOT/'nbs').glob('*.ipynb'), *(ROOT/'nbs'/'answers').glob('*.ipynb')])
    if a.check:
        errs = [e for p in paths for e in problems(Path(p))]
        for e in errs: print('error:', e, file=sys.stderr)
        if errs: sys.exit(f'{len(errs)} problem(s): run `python tools/refresh_outputs.py` (then `nbdev-clean`) and commit')
        return print(f'the outputs of {len(paths)} notebooks are current and hold no error')
    sys.exit(run_all(refresh, paths, set(a.flags.split()), a.timeout, a.workers, 'refreshed (now run nbdev-clean)'))

if __name__ == '__main__': main()
