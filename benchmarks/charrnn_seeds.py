"""The seed spread of notebook 07's three trainings of the character RNN.

    OMP_NUM_THREADS=1 python benchmarks/charrnn_seeds.py --seeds 0 1 2 3 4 5 6 7 8 9

For each seed and each kind in `lmscratch.charrnn.CHAR_RNN_KINDS` ('sequential' and 'random': our BareRNN with
either batching; 'nn.RNN': TorchRNN) the script calls `train_char_rnn`, the very function the notebook calls,
with its defaults (TRAIN_CHARS, BATCH_SIZE, NUM_STEPS, N_HIDDEN, LR, NUM_EPOCHS of lmscratch.charrnn) on the offline
corpus, split by `split_corpus` as the notebook splits it. For each run it records the training perplexity of the first
and of the last epoch, the held-out perplexity after the last epoch, and the 100 characters the model writes greedily
after the notebook's prompt (`PROMPTS['offline']`). It prints one line per run, then min, median and
max per kind and how many seeds each comparison of the notebook held in, and writes the runs to
lmscratch/results/charrnn_seeds.csv (shipped with the library; replacing it; `--out` writes elsewhere). Notebook 07 reads that file.
"""
from __future__ import annotations
import argparse, csv, datetime, platform, statistics, time
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'charrnn_seeds.csv'
FIELDS = ['kind', 'seed', 'first', 'train', 'heldout', 'greedy', 'seconds', 'num_hiddens', 'num_epochs', 'train_chars',
          'device', 'threads', 'isa', 'cpu', 'torch', 'date']
# The comparisons notebook 07 makes, as (description, lower, higher): (kind, column) pairs, run by run.
COMPARISONS = [('sequential fits the training text better than random', ('sequential', 'train'), ('random', 'train')),
               ('random does better than sequential on held-out text', ('random', 'heldout'), ('sequential', 'heldout')),
               ('nn.RNN fits the training text better than sequential', ('nn.RNN', 'train'), ('sequential', 'train')),
               ('nn.RNN does worse than sequential on held-out text', ('sequential', 'heldout'), ('nn.RNN', 'heldout'))]

def cpu_name() -> str:
    "The CPU's model name (as `lmscratch-tour` records it)."
    try:
        names = [l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')]
        if names: return names[0]
    except OSError: pass
    return platform.processor() or platform.machine()

def summary(rows: list[dict]):
    kinds = list(dict.fromkeys(r['kind'] for r in rows))
    print(f"\n{'kind':<11}{'runs':>5}  {'train: min':>11}{'median':>8}{'max':>7}  {'held-out: min':>14}{'median':>8}{'max':>7}")
    for k in kinds:
        t = [float(r['train']) for r in rows if r['kind'] == k]; h = [float(r['heldout']) for r in rows if r['kind'] == k]
        print(f"{k:<11}{len(t):>5}  {min(t):>11.3f}{statistics.median(t):>8.3f}{max(t):>7.3f}"
              f"  {min(h):>14.3f}{statistics.median(h):>8.3f}{max(h):>7.3f}")
    by = {(r['kind'], int(r['seed'])): r for r in rows}
    seeds = sorted({int(r['seed']) for r in rows})
    for text, (ka, ca), (kb, cb) in COMPARISONS:
        pairs = [(float(by[ka, s][ca]), float(by[kb, s][cb])) for s in seeds if (ka, s) in by and (kb, s) in by]
        print(f'{text}: in {sum(a < b for a, b in pairs)} of {len(pairs)} seeds')

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)))
    p.add_argument('--out', type=Path, default=OUT, help='the CSV to write (default: lmscratch/results/charrnn_seeds.csv)')
    a = p.parse_args(argv)
    import torch
    from lmscratch.charrnn import (read_corpus, CharVocab, split_corpus, train_char_rnn, predict, CHAR_RNN_KINDS, PROMPTS,
                                   N_HIDDEN, NUM_EPOCHS, TRAIN_CHARS)
    text, name = read_corpus('offline')
    vocab = CharVocab(text)
    corpus, heldout = split_corpus(vocab.encode(text))
    prompt = PROMPTS['offline']
    meta = dict(num_hiddens=N_HIDDEN, num_epochs=NUM_EPOCHS, train_chars=TRAIN_CHARS, threads=torch.get_num_threads(),
                isa=torch.backends.cpu.get_cpu_capability(), cpu=cpu_name(),
                torch=torch.__version__, date=datetime.date.today().isoformat())
    print(f'corpus: {name}; {N_HIDDEN} hidden, {NUM_EPOCHS} epochs; torch {torch.__version__}, '
          f'{meta["threads"]} thread(s), {meta["isa"]} kernels')
    rows = []
    for seed in a.seeds:
        for kind in CHAR_RNN_KINDS:
            t0 = time.perf_counter()
            res = train_char_rnn(kind, corpus, len(vocab), seed=seed, heldout=heldout)
            r = dict(kind=kind, seed=seed, first=round(res['perplexity'][0], 4), train=round(res['perplexity'][-1], 4),
                     heldout=round(res['heldout'][-1][1], 4), greedy=predict(res['model'], vocab, prompt, 100)[len(prompt):],
                     seconds=round(time.perf_counter() - t0, 1),
                     device=str(next(res['model'].parameters()).device), **meta)
            rows.append(r)
            print(f"seed {seed} {kind:<10} first epoch {r['first']:7.3f}  last {r['train']:6.3f}  held-out {r['heldout']:6.3f}"
                  f"  {r['seconds']:5.1f} s", flush=True)
    with a.out.open('w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=FIELDS); w.writeheader(); w.writerows(rows)
    summary(rows)
    print(f'wrote {a.out}')

if __name__ == '__main__':
    main()
