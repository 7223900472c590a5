#!/usr/bin/env python3
"""Check the course's bilingual rule: every English prose paragraph of a notebook's markdown is
followed by its simplified-Chinese twin. Headings, tables, code blocks, HTML tags and list items
are not prose paragraphs and are skipped; a heading may stand without a twin.

    python tools/check_prose.py            # every notebook in nbs/
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r'[\u3400-\u9fff]')

def paragraphs(md: str):
    md = re.sub(r'```.*?```', '', md, flags=re.S)          # code blocks
    for p in re.split(r'\n\s*\n', md):
        p = p.strip()
        if not p or p[0] in '#|<!>' or re.match(r'^([-*] |\d+\. |\$\$)', p): continue
        yield p

def problems(nb_path: Path) -> list[str]:
    out = []
    for i, c in enumerate(json.loads(nb_path.read_text())['cells']):
        if c['cell_type'] != 'markdown': continue
        ps = list(paragraphs(''.join(c['source'])))
        for j, p in enumerate(ps):
            if CJK.search(p): continue
            if j + 1 >= len(ps) or not CJK.search(ps[j + 1]):
                out.append(f'{nb_path.name} cell {i}: English paragraph with no Chinese twin after it: {p[:70]!r}')
    return out

if __name__ == '__main__':
    errs = [e for f in sorted((ROOT/'nbs').glob('*.ipynb')) for e in problems(f)]
    for e in errs: print('error:', e, file=sys.stderr)
    if errs: sys.exit(1)
    print('every English paragraph has its Chinese twin')
