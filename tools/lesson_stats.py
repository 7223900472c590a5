#!/usr/bin/env python3
"""How much of each lesson a learner reads is lesson and how much is test: per notebook of nbs/, the visible
code cells, the visible `test_fail` calls, the visible check cells (asserts, `test_*`, `check_run`) that no
markdown cell introduces, the hidden cells, and the "try this" prompts. Only the standard library is used.

    python tools/lesson_stats.py            # the lessons 00-09
    python tools/lesson_stats.py nbs/*.ipynb
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = re.compile(r'^\s*(assert |test_eq|test_close|test_fail|test_ne|check_run)', re.M)

def stats(path: Path) -> dict:
    cells = json.loads(path.read_text())['cells']
    src = lambda c: c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
    code = [(i, c) for i, c in enumerate(cells) if c['cell_type'] == 'code']
    hidden = [i for i, c in code if re.match(r'\s*(#\|\s*export\s*\n)?#\|\s*hide', src(c))]
    visible = [(i, c) for i, c in code if i not in hidden]
    bare = [i for i, c in visible if CHECK.search(src(c)) and cells[i - 1]['cell_type'] != 'markdown']
    tries, in_try = 0, False   # a prompt: "**Try this.**", or an English paragraph or list item under a "Try it/this" heading
    for c in cells:
        if c['cell_type'] != 'markdown': continue
        for p in re.split(r'\n\s*\n', src(c)):
            p = p.strip()
            if p.startswith('#'):
                if not re.search(r'[\u3400-\u9fff]', p): in_try = bool(re.search(r'(?i)\btry (this|it)\b', p))
                continue
            if re.search(r'[\u3400-\u9fff]', p): continue
            if p.startswith('**Try this'): tries += 1
            elif in_try: tries += max(1, len(re.findall(r'^(\d+\. |[-*] |\*\*)', p, re.M)))
    return dict(notebook=path.name, visible_code=len(visible), hidden_code=len(hidden),
                visible_test_fail=sum(len(re.findall(r'\btest_fail\(', src(c))) for _, c in visible),
                unintroduced_checks=len(bare), try_prompts=tries)

if __name__ == '__main__':
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT/'nbs').glob('0[0-9]_*.ipynb'))
    rows = [stats(p) for p in paths]
    keys = list(rows[0])
    print('| ' + ' | '.join(keys) + ' |'); print('|' + '---|' * len(keys))
    for r in rows: print('| ' + ' | '.join(str(r[k]) for k in keys) + ' |')
    tot = {k: sum(r[k] for r in rows) for k in keys[1:]}
    print('| all | ' + ' | '.join(str(tot[k]) for k in keys[1:]) + ' |')
    print(f"unintroduced check cells: {tot['unintroduced_checks'] / max(1, tot['visible_code']):.0%} of visible code cells")
