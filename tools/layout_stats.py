#!/usr/bin/env python3
"""Where the course's checks live, counted: per notebook of nbs/ (lessons, appendices, answers, tests) its code
cells, code lines, hidden code lines and `test_fail` calls, optionally beside the same counts at an older commit;
the `raise` statements of the lesson modules; the check statements in the `__init__` and `forward` of the classes a
learner builds; and the share of notebook 06's English prose about the AWD-LSTM rather than the seed laboratory.
Printed, never asserted. Only the standard library (and git, for --before) is used.

    python tools/layout_stats.py                 # the tree as it is
    python tools/layout_stats.py --before 0c91f1f   # beside the counts at that commit
"""
import argparse, ast, json, re, subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON_MODULES = 'rnn stateful multilayer lstm regularize awd gru charrnn'.split()
# the classes a learner builds (issue 16): at most one check in their __init__/forward, none in an LMModel's forward
TEACHING = re.compile(r'LMModel\d|\w*Cell$|ScratchLSTM|ScratchGRU|GRULM|Dropout$|EmbedDropout|WeightDrop|SeqDropout|AWDLSTM|BareRNN|TorchRNN')
HIDDEN = re.compile(r'\s*(#\|\s*export\s*\n)?#\|\s*hide')
# a sentence of 06 about the seed laboratory rather than the AWD-LSTM
LAB = re.compile(r'(?i)recorded|AVX|CPU kernel|kinds? of kernel|plateau|tun(ing|ed)\b|check_run|paired|same-seed|'
                 r'configurations?\b|appendix|one draw|spread|0\.95|\bseeds\b|where the last errors|seed_table|lmscratch-tour')

def src(c) -> str: return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def notebooks_now() -> dict:
    return {str(p.relative_to(ROOT/'nbs')): json.loads(p.read_text()) for p in sorted((ROOT/'nbs').rglob('*.ipynb'))}

def notebooks_at(rev: str) -> dict:
    names = subprocess.run(['git', 'ls-tree', '-r', '--name-only', rev, 'nbs'], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    return {n[4:]: json.loads(subprocess.run(['git', 'show', f'{rev}:{n}'], capture_output=True, text=True, cwd=ROOT, check=True).stdout)
            for n in names if n.endswith('.ipynb')}

def counts(nb: dict) -> dict:
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    hidden = [c for c in code if HIDDEN.match(src(c))]
    return dict(cells=len(code), lines=sum(len(src(c).splitlines()) for c in code),
                hidden=sum(len([l for l in src(c).splitlines() if not l.startswith('#|')]) for c in hidden),
                test_fail=sum(src(c).count('test_fail(') for c in code))

def is_check(st) -> bool:
    "An assert, an `if` that raises, a raise, or a call of a check_* function."
    if isinstance(st, (ast.Assert, ast.Raise)): return True
    if isinstance(st, ast.If) and any(isinstance(n, ast.Raise) for n in ast.walk(st)): return True
    for n in ast.walk(st):
        if isinstance(n, ast.Call):
            f = n.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ''
            if name.startswith(('check_', '_check')): return True
    return False

def method_checks() -> list[tuple[str, int]]:
    out = []
    for m in LESSON_MODULES:
        for cls in [n for n in ast.parse((ROOT/'lmscratch'/f'{m}.py').read_text()).body if isinstance(n, ast.ClassDef)]:
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name in ('__init__', 'forward')]:
                if TEACHING.fullmatch(cls.name): out.append((f'{m}.{cls.name}.{fn.name}', sum(is_check(st) for st in fn.body)))
    return out

def awd_share(nb: dict) -> tuple[int, int]:
    words = lambda s: len(re.findall(r"[A-Za-z0-9][A-Za-z0-9_'.\-]*", s))
    awd = lab = 0
    for c in nb['cells']:
        if c['cell_type'] != 'markdown': continue
        for para in re.split(r'\n\s*\n', src(c)):
            if not para.strip() or re.search(r'[\u3400-\u9fff]', para): continue
            for s in re.split(r'(?<=[.!?:])\s+(?=[A-Z`*\[(])', para):
                if LAB.search(s): lab += words(s)
                else: awd += words(s)
    return awd, lab

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--before', help='a git revision to count beside the tree as it is')
    a = ap.parse_args()
    now = notebooks_now()
    old = notebooks_at(a.before) if a.before else {}
    keys = ('cells', 'lines', 'hidden', 'test_fail')
    arrow = lambda name, k: (f"{counts(old[name])[k] if name in old else '–'} → " if a.before else '') + (str(counts(now[name])[k]) if name in now else '–')
    print('| notebook | code cells | code lines | hidden code lines | test_fail |\n|---|---|---|---|---|')
    for name in sorted(set(now) | set(old)): print(f'| {name} | ' + ' | '.join(arrow(name, k) for k in keys) + ' |')
    tf = lambda nbs: sum(counts(nb)['test_fail'] for nb in nbs.values())
    print(f"| all | | | | {str(tf(old)) + ' → ' if a.before else ''}{tf(now)} |")
    lessons = [n for n in now if re.match(r'0\d_', n)]
    print(f"\nlessons 00-09: {sum(counts(now[n])['test_fail'] for n in lessons)} test_fail, "
          f"at most {max(counts(now[n])['hidden'] for n in lessons)} hidden code lines in one lesson")
    raises = {m: len(re.findall(r'^\s*raise\b|\braise [A-Z]', (ROOT/'lmscratch'/f'{m}.py').read_text(), re.M)) for m in LESSON_MODULES}
    print('raise statements in the lesson modules: ' + ', '.join(f'{m} {n}' for m, n in raises.items()) + f'; {sum(raises.values())} in all')
    mc = method_checks()
    busy = [f'{name} {n}' for name, n in mc if n > 1 or (name.split('.')[1].startswith('LMModel') and name.endswith('forward') and n)]
    print(f"check statements in a teaching __init__/forward: at most {max(n for _, n in mc)}; "
          f"over the limit (more than 1, or any in an LMModel forward): {', '.join(busy) or 'none'}")
    awd, lab = awd_share(now['06_awd_lstm.ipynb'])
    print(f'06: {awd} English words about the AWD-LSTM, {lab} about the seed lab: {awd / (awd + lab):.1%} about the AWD-LSTM')

if __name__ == '__main__': main()
