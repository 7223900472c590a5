#!/usr/bin/env python3
"""README.md is made from nbs/index.ipynb, so the two always say the same thing.

    python tools/readme.py             # write README.md from nbs/index.ipynb
    python tools/readme.py --check     # fail if README.md is stale, or the notebook list is wrong
    python tools/readme.py --command setup|test|main   # print one of the README's commands

nbdev's own README step needs Quarto; this script needs nothing but the standard library.
"""
import argparse, csv, json, re, statistics, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX, README = ROOT/'nbs'/'index.ipynb', ROOT/'README.md'
RUNS = ROOT/'lmscratch'/'results'/'seed_runs.csv'

def seed_table() -> str:
    "The recorded seed runs (`lmscratch-tour --seeds ... --record lmscratch/results/seed_runs.csv`) as a markdown table: what the marker `<!-- seed runs -->` becomes."
    if not RUNS.exists(): sys.exit(f'{RUNS} is missing: run `lmscratch-tour --seeds 0 1 2 ... --record lmscratch/results/seed_runs.csv` first')
    from lmscratch.tour import EXPERIMENTS  # the book's figures, kept in one place
    rows = list(csv.DictReader(RUNS.open()))
    by = {}
    for r in rows: by.setdefault(r['model'], []).append(r)
    out = ['| model · 模型 | book · 书中 | runs · 运行次数 | min · 最小 | median · 中位数 | max · 最大 | last epoch minus the one before, largest · 最后一个周期相对前一个周期的最大变化 |',
           '|---|---|---|---|---|---|---|']
    for m, rs in by.items():
        acc = sorted(float(r['accuracy']) for r in rs)
        step = max(abs(float(h.split()[-1]) - float(h.split()[-2])) for h in (r['history'] for r in rs))
        book = f"{EXPERIMENTS[m].book:.3f}" if EXPERIMENTS[m].book is not None else '-'
        out.append(f"| {m} | {book} | {len(rs)} | {acc[0]:.3f} | {statistics.median(acc):.3f} | {acc[-1]:.3f} | {step:.3f} |")
    machines = sorted({(r['cpu'], r['isa'], r['device'], r['torch']) for r in rows})
    where = '; '.join(f'{c} with {i} kernels on {d}, torch {t}' for c, i, d, t in machines)
    return '\n'.join(out) + f'\n\nMachines · 机器：{where}.'
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `python tools/readme.py`. -->\n\n'

def render(nb: dict) -> str:
    "Markdown cells as they are, code cells as python blocks; cells marked `#| hide` are left out."
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip('\n')
        if c['cell_type'] == 'markdown': parts.append(src.replace('<!-- seed runs -->', seed_table()))
        elif c['cell_type'] == 'code' and not re.search(r'^#\|\s*hide', src, re.M): parts.append(f'```python\n{src}\n```')
    return HEADER + '\n\n'.join(parts) + '\n'

def command(text: str, name: str) -> str:
    "The command in the fenced block right after `<!-- command: name -->`."
    m = re.search(rf'<!-- command: {name} -->\s*```(?:bash|sh)?\n(.*?)\n```', text, re.S)
    if not m: sys.exit(f'README.md has no block marked <!-- command: {name} -->')
    lines = [l for l in m.group(1).splitlines() if l.strip() and not l.lstrip().startswith('#')]
    if len(lines) != 1: sys.exit(f'the {name} block must hold exactly one command, found {len(lines)}: {lines}')
    return lines[0]

def problems(readme: str) -> list[str]:
    "What is wrong with the README's list of notebooks and commands."
    out = []
    nbs = sorted(p.name for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    linked = re.findall(r'blob/main/nbs/([^)\s]+\.ipynb)', readme)
    for n in nbs:
        if n not in linked: out.append(f'nbs/{n} is not listed (with an Open in Colab link) in nbs/index.ipynb')
    for n in linked:
        if not (ROOT/'nbs'/n).exists(): out.append(f'nbs/index.ipynb links to nbs/{n}, which does not exist')
    for name in ('setup', 'test', 'main'):
        try: command(readme, name)
        except SystemExit as e: out.append(str(e))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true', help='fail if README.md is not what nbs/index.ipynb makes')
    ap.add_argument('--command', choices=['setup', 'test', 'main'], help="print one of the README's commands")
    a = ap.parse_args()
    if a.command: return print(command(README.read_text(), a.command))
    want = render(json.loads(INDEX.read_text()))
    if a.check:
        errs = problems(want)
        if README.read_text() != want: errs.insert(0, 'README.md is stale: run `python tools/readme.py` and commit it')
        for e in errs: print('error:', e, file=sys.stderr)
        if errs: sys.exit(1)
        return print('README.md matches nbs/index.ipynb; every notebook is listed')
    README.write_text(want); print('wrote', README.relative_to(ROOT))

if __name__ == '__main__': main()
