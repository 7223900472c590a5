#!/usr/bin/env python3
"""Write a prose-free copy of every numbered notebook in nbs/ into clean/, for learners to test themselves.

A clean copy keeps every code cell exactly as it is (its source byte for byte, its `#|` marks included, its
outputs cleared) and, of the markdown cells, only the heading lines (`# ...` to `###### ...`, outside fenced
code blocks); a markdown cell without a heading is dropped. Only the standard library is used, so this runs
before the course is installed.

    python tools/clean_copies.py           # write clean/NN_name.ipynb for every nbs/NN_name.ipynb
    python tools/clean_copies.py --check   # write nothing; fail if a copy is missing, stale, or has no notebook
"""
import argparse, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r'#{1,6}(\s|$)')
FENCE = re.compile(r'\s{0,3}(`{3,}|~{3,})')

def source_text(src) -> str:
    "A cell's source as one string (notebooks store it as a list of lines or as a string)."
    return ''.join(src) if isinstance(src, list) else src

def heading_lines(markdown: str) -> list[str]:
    "The ATX heading lines of a markdown text, skipping fenced code blocks (whose `#` lines are comments)."
    out, fence = [], None
    for line in markdown.splitlines():
        m = FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None: fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence): fence = None
            continue
        if fence is None and HEADING.match(line): out.append(line.rstrip())
    return out

def as_lines(text: str) -> list[str]:
    "Text as a notebook source list: one string per line, each but the last ending in a newline."
    return text.splitlines(keepends=True)

def clean_notebook(nb: dict) -> dict:
    "The clean copy of a notebook: code cells unchanged but without outputs, markdown cells reduced to their headings."
    cells = []
    for cell in nb['cells']:
        if cell['cell_type'] == 'code':
            c = {k: v for k, v in cell.items() if k not in ('outputs', 'execution_count')}
            c.update(outputs=[], execution_count=None)
            cells.append(c)
        elif cell['cell_type'] == 'markdown':
            heads = heading_lines(source_text(cell['source']))
            if heads:
                c = {k: v for k, v in cell.items() if k not in ('source', 'attachments')}
                c['source'] = as_lines('\n'.join(heads))
                cells.append(c)
    return {**nb, 'cells': cells}

def render(nb: dict) -> str:
    "A notebook as JSON text, formatted as Jupyter and nbdev write it."
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + '\n'

def notebooks(nbs: Path) -> list[Path]:
    "The numbered notebooks of the course, in order."
    return sorted(nbs.glob('[0-9][0-9]_*.ipynb'))

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true', help='write nothing; exit 1 if any clean copy is missing or stale')
    ap.add_argument('--nbs', type=Path, default=ROOT/'nbs', help='folder of the notebooks (default: nbs/)')
    ap.add_argument('--out', type=Path, default=ROOT/'clean', help='folder of the clean copies (default: clean/)')
    a = ap.parse_args(argv)
    sources = notebooks(a.nbs)
    if not sources:
        print(f'error: no numbered notebooks (NN_name.ipynb) in {a.nbs}', file=sys.stderr); return 1
    problems, written = [], 0
    for src in sources:
        text = render(clean_notebook(json.loads(src.read_text(encoding='utf-8'))))
        dest = a.out/src.name
        old = dest.read_bytes() if dest.is_file() else None
        if old == text.encode('utf-8'): continue
        if a.check: problems.append(f'{dest.relative_to(a.out.parent)}: ' + ('missing' if old is None else f'stale (differs from {src.name})'))
        else:
            a.out.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(text.encode('utf-8')); written += 1
            print(f'wrote {dest.relative_to(a.out.parent)}')
    names = {s.name for s in sources}
    orphans = sorted(p for p in a.out.glob('*.ipynb') if p.name not in names) if a.out.is_dir() else []
    for p in orphans:
        if a.check: problems.append(f'{p.relative_to(a.out.parent)}: no notebook of that name in {a.nbs.name}/')
        else: p.unlink(); print(f'removed {p.relative_to(a.out.parent)} (its notebook is gone)')
    if problems:
        print('clean copies out of date; run `python tools/clean_copies.py`:\n  ' + '\n  '.join(problems), file=sys.stderr)
        return 1
    print(f'{len(sources)} clean copies ' + ('up to date' if a.check or not written else f'up to date ({written} written)'))
    return 0

if __name__ == '__main__': sys.exit(main())
