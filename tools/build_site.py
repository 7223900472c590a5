#!/usr/bin/env python3
"""Build the course website into `_site/`, offline, with Jupyter Book 1.x (Sphinx).

    python tools/build_site.py                 # translate, run every notebook, build _site/
    python tools/build_site.py --no-execute    # show the outputs the committed notebooks keep (warns if stale)
    python tools/build_site.py --force         # run every notebook again, even when unchanged

Needs the `site` extra (`pip install -c constraints.txt -e ".[dev,site]"`). Steps:

1. Copy `site/` (config, `_toc.yml`, the language switch, the vendored MathJax) and `images/` to
   `_site_build/src/`, and check that `site/_toc.yml` lists every notebook of `nbs/` once.
2. Translate nbdev's directives, on copies: a `#| hide` (or `include: false`) cell is removed from
   the page, `echo: false` hides the code, `output: false` the output; `#| eval: false` cells and the
   cells of the flags that `nbdev-test` skips (`tst_flags` of pyproject.toml, e.g. `#| slow`) are
   shown but not run; every `#|` line is stripped from the code shown, and a cell left empty (a
   lone `#| default_exp`) is dropped; the Colab set-up cell (a no-op elsewhere) is hidden. Images
   from outside the site (the Colab badges) become links.
   `nbs/index.ipynb` becomes the front page, `src/index.ipynb`, where its links (written for the
   README at the repository's root) resolve.
3. Run the copies in a Jupyter kernel (OMP_NUM_THREADS=1, one notebook at a time unless --jobs),
   each in its own folder like `nbdev-test`, so figures saved by `save_figure` land in
   `_site_build/src/images/`, never in the repository. A run is kept in `_site_build/executed/` and
   reused while the notebook and the library (`lmscratch/`) are unchanged.
4. `jupyter-book build`, with warnings as errors, then copy the HTML to `_site/`.
"""
from __future__ import annotations
import argparse, concurrent.futures as cf, copy, hashlib, json, os, re, shutil, subprocess, sys, time, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_SRC = ROOT/'site'
STAGE = ROOT/'_site_build'
SRC = STAGE/'src'
CACHE = STAGE/'executed'
COLAB_SETUP = "'google.colab' in sys.modules"   # the first cell of a notebook installs the course on Colab: not for the site
DIRECTIVE = re.compile(r'^\s*#\s*\|\s*(.*?)\s*$')
EXTERNAL_IMG_IN_LINK = re.compile(r'\[!\[([^\]]*)\]\((?:https?:)?//[^)]*\)\]\(([^)]*)\)')
EXTERNAL_IMG = re.compile(r'!\[([^\]]*)\]\(((?:https?:)?//[^)\s]*)[^)]*\)')

def tst_flags() -> set[str]:
    "The flags whose cells `nbdev-test` skips by default (pyproject.toml, [tool.nbdev] tst_flags)."
    cfg = tomllib.loads((ROOT/'pyproject.toml').read_text()).get('tool', {}).get('nbdev', {})
    return set(str(cfg.get('tst_flags', 'notest')).split())

def source(cell) -> str:
    s = cell.get('source', '')
    return ''.join(s) if isinstance(s, list) else s

def directives(src: str) -> tuple[dict[str, str], str]:
    "nbdev's `#|` lines at the top of a code cell, as {name: value}, and the code without them."
    lines, found, i = src.splitlines(), {}, 0
    while i < len(lines) and (DIRECTIVE.match(lines[i]) or not lines[i].strip()):
        m = DIRECTIVE.match(lines[i])
        if m:
            body = m.group(1)
            name, _, value = body.partition(':') if ':' in body else body.partition(' ')
            found[name.strip().lower()] = value.strip().lower()
        i += 1
    return found, '\n'.join(lines[i:]).strip('\n')

def translate_cell(cell: dict, flags: set[str], keep_outputs: bool) -> dict | None:
    "One cell of the site's copy of a notebook, or None to drop it."
    cell = copy.deepcopy(cell)
    cell.setdefault('metadata', {})
    if cell['cell_type'] == 'markdown':
        md = EXTERNAL_IMG_IN_LINK.sub(r'[\1](\2)', source(cell))
        cell['source'] = EXTERNAL_IMG.sub(r'[\1](\2)', md)
        return cell
    if cell['cell_type'] != 'code': return cell
    found, code = directives(source(cell))
    tags = set(cell['metadata'].get('tags', []))
    false = lambda k: found.get(k) in ('false', 'no', '0')
    if 'hide' in found or false('include') or COLAB_SETUP in code: tags.add('remove-cell')
    if false('echo'): tags.add('remove-input')
    if false('output'): tags.add('remove-output')
    if false('eval') or flags & set(found) or re.search(r'\bnbdev_export\s*\(', code): tags.add('skip-execution')
    if not code.strip(): return None          # `#| default_exp x` alone
    cell['source'] = code
    cell['metadata']['tags'] = sorted(tags)
    if not keep_outputs: cell['outputs'], cell['execution_count'] = [], None
    return cell

def translate(nb_path: Path, keep_outputs: bool, flags: set[str]) -> dict:
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    nb['cells'] = [c for c in (translate_cell(c, flags, keep_outputs) for c in nb['cells']) if c is not None]
    if (nb.get('nbformat'), nb.get('nbformat_minor', 0)) >= (4, 5):
        for i, c in enumerate(nb['cells']): c.setdefault('id', f'cell-{i}')
    nb['metadata'].setdefault('kernelspec', {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'})
    nb['metadata']['kernelspec']['name'] = 'python3'
    return nb

def toc_files() -> list[str]:
    "The files that site/_toc.yml names, root first."
    text = (SITE_SRC/'_toc.yml').read_text(encoding='utf-8')
    root = re.search(r'^root:\s*(\S+)', text, re.M).group(1)
    return [root] + re.findall(r'^\s*-\s*file:\s*(\S+)', text, re.M)

def check_toc(notebooks: list[Path]) -> None:
    want = ['index'] + [f'nbs/{p.stem}' for p in notebooks if p.stem != 'index']
    have = toc_files()
    missing, extra = [w for w in want if w not in have], [h for h in have if h not in want]
    dup = sorted({h for h in have if have.count(h) > 1})
    if missing or extra or dup:
        sys.exit(f'error: site/_toc.yml is out of step with nbs/: missing {missing}, unknown {extra}, twice {dup}')
    numbered = [h for h in have[1:]]
    if numbered != sorted(numbered):
        sys.exit(f'error: site/_toc.yml must list the notebooks in reading order (by number), got {numbered}')

def fingerprint(nb: dict) -> str:
    "What a run of `nb` depends on: its code and the library's files (modules and recorded results)."
    h = hashlib.sha256(json.dumps([source(c) for c in nb['cells'] if c['cell_type'] == 'code']).encode())
    for f in sorted((ROOT/'lmscratch').rglob('*')):
        if f.is_file() and f.suffix in ('.py', '.csv', '.json', '.txt'):
            h.update(str(f.relative_to(ROOT)).encode()); h.update(f.read_bytes())
    return h.hexdigest()

def execute(path: Path, timeout: int, allow_errors: bool = False) -> tuple[str, float, int]:
    "Run the notebook at `path` in place, in its own folder, with a Jupyter kernel; return its name, seconds, errors."
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    t0 = time.time()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', allow_errors=allow_errors,
                            skip_cells_with_tag='skip-execution', resources={'metadata': {'path': str(path.parent)}})
    try: client.execute()
    except CellExecutionError as e:
        nbformat.write(nb, path.with_suffix('.failed.ipynb'))
        raise RuntimeError(f'{path.name}: a cell failed while building the site:\n{str(e)[-3000:]}') from None
    nbformat.write(nb, path)
    errors = sum(o.get('output_type') == 'error' for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []))
    return path.name, time.time() - t0, errors

def stale_outputs(nb_path: Path) -> str | None:
    "Why the outputs kept in a committed notebook may not match its code (tools/refresh_outputs.py's record), or None."
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    if not any(c['cell_type'] == 'code' for c in nb['cells']): return None
    if not any(c.get('outputs') for c in nb['cells'] if c['cell_type'] == 'code'): return 'it keeps no outputs'
    try:
        sys.path.insert(0, str(ROOT/'tools'))
        from refresh_outputs import problems
    except ImportError: return None
    finally: sys.path.remove(str(ROOT/'tools'))
    found = problems(nb_path)
    return '; '.join(found) if found else None

def stage(notebooks: list[Path], keep_outputs: bool) -> list[Path]:
    "Lay out _site_build/src/ and write the translated notebooks; return those that need a run."
    if SRC.exists(): shutil.rmtree(SRC)
    shutil.copytree(SITE_SRC, SRC, ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copytree(ROOT/'images', SRC/'images')
    (SRC/'nbs').mkdir()
    CACHE.mkdir(parents=True, exist_ok=True)
    flags, to_run = tst_flags(), []
    for p in notebooks:
        nb = translate(p, keep_outputs, flags)
        dest = SRC/'index.ipynb' if p.stem == 'index' else SRC/'nbs'/p.name
        has_code = any(c['cell_type'] == 'code' and 'skip-execution' not in c['metadata'].get('tags', []) for c in nb['cells'])
        if keep_outputs or not has_code:
            dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding='utf-8'); continue
        fp = fingerprint(nb)
        nb['metadata']['lmscratch_site'] = {'fingerprint': fp}
        cached = CACHE/p.name
        if cached.exists() and json.loads(cached.read_text(encoding='utf-8'))['metadata'].get('lmscratch_site', {}).get('fingerprint') == fp:
            shutil.copy(cached, dest); continue
        dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding='utf-8')
        to_run.append(dest)
    return to_run

def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', type=Path, default=ROOT/'_site', help='where the HTML goes (default: _site/)')
    ap.add_argument('--no-execute', action='store_true', help="do not run the notebooks: show the outputs they carry")
    ap.add_argument('--force', action='store_true', help='run every notebook again, even those whose earlier run is still valid')
    ap.add_argument('--allow-errors', action='store_true', help='build even when a cell fails, showing its traceback (for a preview only)')
    ap.add_argument('--jobs', type=int, default=1, help='notebooks run at once (default 1)')
    ap.add_argument('--timeout', type=int, default=900, help='seconds a cell may run (default 900)')
    args = ap.parse_args(argv)
    if args.jobs < 1: ap.error(f'--jobs must be a whole number >= 1, got {args.jobs}')
    if args.timeout < 1: ap.error(f'--timeout must be a whole number >= 1, got {args.timeout}')
    os.environ['OMP_NUM_THREADS'] = '1'           # the kernels inherit it
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    t_all = time.time()

    notebooks = sorted((ROOT/'nbs').glob('*.ipynb'))
    check_toc(notebooks)
    if args.force and CACHE.exists(): shutil.rmtree(CACHE)
    to_run = stage(notebooks, keep_outputs=args.no_execute)
    if args.no_execute:
        for p in notebooks:
            if why := stale_outputs(p): print(f'warning: {p.relative_to(ROOT)}: {why} (python tools/refresh_outputs.py refreshes them)')
    print(f'staged {len(notebooks)} notebooks in {SRC.relative_to(ROOT)}; {len(to_run)} to run', flush=True)

    t0, failed = time.time(), []
    with cf.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futs = {pool.submit(execute, p, args.timeout, args.allow_errors): p for p in to_run}
        for f in cf.as_completed(futs):
            try: name, secs, errors = f.result()
            except RuntimeError as e:
                failed.append(futs[f].name); print(f'error: {e}', file=sys.stderr, flush=True); continue
            if errors: print(f'  warning: {name}: {errors} cell(s) raised an error (shown on the page, --allow-errors)', flush=True)
            else: shutil.copy(SRC/'nbs'/name, CACHE/name)     # only a clean run is reused
            print(f'  ran {name} in {secs:.0f} s', flush=True)
    if to_run: print(f'notebooks run in {time.time() - t0:.0f} s')
    if failed:
        sys.exit(f'error: {len(failed)} notebook(s) failed: {", ".join(sorted(failed))} (their state is in '
                 f'{(SRC/"nbs").relative_to(ROOT)}/*.failed.ipynb; --allow-errors builds the site anyway, with the tracebacks)')

    t0 = time.time()
    build = STAGE/'book'
    if build.exists(): shutil.rmtree(build)
    cmd = [sys.executable, '-c', 'import sys; from jupyter_book.cli.main import main; sys.exit(main())', 'build', str(SRC), '--path-output', str(build),
           '--builder', 'html', '--warningiserror', '--nitpick', '--keep-going']
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    log = STAGE/'jupyter-book.log'
    log.write_text(r.stdout + r.stderr, encoding='utf-8')
    if r.returncode != 0:
        print((r.stdout + r.stderr)[-6000:], file=sys.stderr)
        sys.exit(f'error: jupyter-book build failed (full log in {log.relative_to(ROOT)})')
    html = build/'_build'/'html'
    out = args.out.resolve()
    if out.exists(): shutil.rmtree(out)
    shutil.copytree(html, out, ignore=shutil.ignore_patterns('.buildinfo', '.doctrees'))
    (out/'.nojekyll').touch()                     # GitHub Pages: serve _static/, _images/ as they are
    print(f'jupyter-book build in {time.time() - t0:.0f} s')
    print(f'site built in {out} in {time.time() - t_all:.0f} s: open {out/"index.html"}, or test it with `python tools/test_site.py`')

if __name__ == '__main__':
    main()
