#!/usr/bin/env python3
"""Check the course's bilingual rules in every notebook of nbs/:

- every English prose paragraph of a markdown cell (bullet lists included) is followed by its
  simplified-Chinese twin (a run of English paragraphs by a run of as many Chinese ones), and the twin is not a stub: it has at least a third as many Chinese
  characters as the English has words;
- every heading has a Chinese twin of the same level right after it;
- the Chinese uses the glossary's term (`nbs/index.ipynb`, "Glossary"), not a common variant, and leaves no course
  term in English: a Chinese paragraph says 笔记本 for "notebook", 周期 for "epoch", and 人类数字 where it names
  Human Numbers;
- every table has a bilingual header row, and every picture a bilingual alt text.

Tables, code blocks, HTML blocks and display maths are not prose paragraphs and are skipped.

    python tools/check_prose.py            # every notebook in nbs/
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r'[\u3400-\u9fff]')
# variant -> the glossary's term (see the Glossary in nbs/index.ipynb)
VARIANTS = {'隐状态': '隐藏状态', '词汇表': '词表', '单元状态': '细胞状态', '记忆元': '细胞状态', '暂退法': 'dropout',
            '梯度截断': '梯度裁剪', '轮次': '周期', '批量大小': '批大小', '批次大小': '批大小', '标记化': '分词',
            '天花板': '上限', '预言机': '先知', '训练方案': '配方', '抽样': '采样', '导览': '巡览', '总览': '巡览',
            '候选状态': '候选值'}
# variants that need a pattern: 轮 for an epoch ("15 轮", "最后一轮"), but not 轮廓 (an outline)
VARIANT_PATTERNS = {r'(\d\s?|[一两几每最后])轮(?!廓)': '周期',
                    r'截断(?!的随时间反向传播)[^，。、（）\s]{0,5}反向传播': '截断的随时间反向传播'}
# English left in a Chinese paragraph or heading: pattern -> what to write
ENGLISH_IN_CHINESE = {r'\bnotebooks?\b': '笔记本', r'\bepochs?\b': '周期'}

def blocks(md: str):
    "The paragraphs of a markdown cell, code blocks removed: (kind, text), kind 'heading', 'prose' or 'skip'."
    md = re.sub(r'```.*?```', '', md, flags=re.S)
    for p in re.split(r'\n\s*\n', md):
        p = p.strip()
        if not p: continue
        if p.startswith('#'): yield 'heading', p
        elif p[0] in '|<!' or p.startswith('$$'): yield 'skip', p
        else: yield 'prose', p

def english_words(p: str) -> int:
    p = re.sub(r'`[^`]*`|\$[^$]*\$|\[([^\]]*)\]\([^)]*\)', r'\1', p)
    return len(re.findall(r'[A-Za-z]{2,}', p))

def problems(nb_path: Path) -> list[str]:
    out = []
    for i, c in enumerate(json.loads(nb_path.read_text())['cells']):
        if c['cell_type'] != 'markdown': continue
        src = ''.join(c['source'])
        where = f'{nb_path.name} cell {i}'
        for bad, good in VARIANTS.items():
            if bad in src and '| English | 中文 |' not in src:   # the glossary itself names the variants
                out.append(f'{where}: {bad!r} is not the glossary term; write {good!r}')
        for pat, good in VARIANT_PATTERNS.items():
            for m in re.finditer(pat, src):
                out.append(f'{where}: {m.group(0)!r} is not the glossary term; write {good!r}')
        for kind, p in blocks(src):
            if kind == 'skip' and p.startswith('|'):
                for col in p.splitlines()[0].strip('|').split('|'):
                    words = re.sub(r'`[^`]*`', '', col)
                    if not CJK.search(col) and col.strip() != 'English' and re.search(r'\b[a-z]{3,}\b', words):
                        out.append(f'{where}: a table column named in English only: {col.strip()!r}; give it its Chinese name too')
            if kind == 'skip' or len(CJK.findall(p)) < english_words(p): continue   # English text (which may quote a Chinese word)
            bare = re.sub(r'`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+', ' ', p)   # code, link targets, HTML tags and addresses are not prose
            for pat, good in ENGLISH_IN_CHINESE.items():
                for m in re.finditer(pat, bare, flags=re.I):
                    out.append(f'{where}: {m.group(0)!r} left in English in Chinese text: write {good!r}: {p[:40]!r}')
            if 'Human Numbers' in bare and '人类数字' not in bare:
                out.append(f"{where}: Chinese text names Human Numbers without its glossary name 人类数字: {p[:40]!r}")
        for alt in re.findall(r'!\[([^\]]*)\]\(', src) + re.findall(r'<img[^>]*\balt="([^"]*)"', src):
            if not CJK.search(alt): out.append(f'{where}: a picture whose alt text is English only: {alt[:60]!r}; add its Chinese')
        bs = [b for b in blocks(src) if b[0] != 'skip']
        j = 0
        while j < len(bs):
            kind, p = bs[j]
            if CJK.search(p): j += 1; continue
            if kind == 'heading':
                nxt = bs[j + 1] if j + 1 < len(bs) else None
                if nxt is None or nxt[0] != 'heading' or nxt[1].split()[0] != p.split()[0] or not CJK.search(nxt[1]):
                    out.append(f'{where}: heading with no Chinese twin of the same level after it: {p[:70]!r}')
                j += 1; continue
            # a run of English paragraphs (say an introduction and its list) is followed by as many Chinese ones
            en = []
            while j < len(bs) and bs[j][0] == 'prose' and not CJK.search(bs[j][1]): en.append(bs[j][1]); j += 1
            zh = []
            while j < len(bs) and bs[j][0] == 'prose' and CJK.search(bs[j][1]) and len(zh) < len(en): zh.append(bs[j][1]); j += 1
            if len(zh) < len(en):
                out.append(f'{where}: English paragraph with no Chinese twin after it: {en[len(zh)][:70]!r}')
            for e, z in zip(en, zh):
                if len(CJK.findall(z)) < english_words(e) / 3:
                    out.append(f'{where}: the Chinese twin is far shorter than its English paragraph ({len(CJK.findall(z))} '
                               f'Chinese characters for {english_words(e)} English words): {e[:50]!r}')
    return out

if __name__ == '__main__':
    errs = [e for f in sorted((ROOT/'nbs').glob('*.ipynb')) + sorted((ROOT/'nbs'/'answers').glob('*.ipynb')) for e in problems(f)]
    for e in errs: print('error:', e, file=sys.stderr)
    if errs: sys.exit(1)
    print('every English paragraph and heading has its Chinese twin, in the glossary\'s terms')
