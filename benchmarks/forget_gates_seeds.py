"""LMModel6's forget gates at the separator, over seeds: the figures behind "Looking inside the trained LSTM" (notebook 04).

    OMP_NUM_THREADS=1 python benchmarks/forget_gates_seeds.py --seeds 0 1 2 3 4 5 6 7 8 9
    python benchmarks/forget_gates_seeds.py --summary   # trains nothing: summarises the shipped CSV

For each seed, trains `lmscratch.lstm.lmmodel6` (the notebook's recipe, quietly), reads the first 2,000 tokens of the
validation text with `trace_validation` and measures them with `separator_forget` and `forget_by_token`: the functions the notebook
calls on its own run (seed 42). Prints one line per seed, a summary (min, median, max of each column) and in how many
seeds each statement of the notebook held, and writes the runs to `lmscratch/results/forget_gates_seeds.csv` (shipped
with the library; replaced, not appended; `--out` writes elsewhere), which the notebook reads with
`lmscratch.runs.read_results('forget_gates_seeds.csv')`.

Columns: seed; accuracy (last epoch); layerK_sep / layerK_other: layer K's forget gate averaged over its units at "."
and at the other tokens; layerK_drop = other - sep; units: the first-layer units whose mean gate drops most at ".";
units_sep_max: the highest of their mean gates at "."; units_other_min: the lowest of their mean gates elsewhere;
units_sep_peak: their highest gate at any single "."; units_thousand: how many of the four have a mean gate below 0.5
at "thousand" (from `forget_by_token`); units_shut_at: the tokens where at least one of them does; seconds of training; the CPU, its kernels, the threads, the device, torch and fastai.
"""
from __future__ import annotations
import argparse, csv, statistics, time
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'forget_gates_seeds.csv'  # shipped; notebook 04 reads it
MEASURES = ['layer1_sep', 'layer1_other', 'layer1_drop', 'layer2_sep', 'layer2_other', 'layer2_drop',
            'units_sep_max', 'units_other_min', 'units_sep_peak']
FIELDS = ['seed', 'accuracy'] + MEASURES + ['units_thousand', 'units', 'units_shut_at', 'seconds', 'cpu', 'isa', 'threads', 'device', 'torch', 'fastai']
# The statements notebook 04 makes about the trained forget gates, as (description, test of one run): the notebook
# asserts on its own run only those that held in every seed, and gives the others as "in N of M seeds".
STATEMENTS = [('layer 1 forgets more at "." than elsewhere (layer1_drop > 0)', lambda r: r['layer1_drop'] > 0),
              ('the four units average below 0.1 at "." (units_sep_max < 0.1)', lambda r: r['units_sep_max'] < 0.1),
              ('the four units average above 0.6 elsewhere (units_other_min > 0.6)', lambda r: r['units_other_min'] > 0.6),
              ('the four units stay above 0.5 at some single "." (units_sep_peak > 0.5)', lambda r: r['units_sep_peak'] > 0.5),
              ('layer 2 forgets more at "." than elsewhere (layer2_drop > 0)', lambda r: r['layer2_drop'] > 0),
              ('some of the four units also shut at "thousand" (units_thousand > 0)', lambda r: r['units_thousand'] > 0)]


def summary(rows: list[dict]):
    "Min, median and max of each measure over the runs, and in how many runs each statement held."
    print(f"\n{'':>11} " + ' '.join(f'{m:>15}' for m in MEASURES))
    for name, fn in (('min', min), ('median', statistics.median), ('max', max)):
        print(f"{name:>11} " + ' '.join(f'{fn(float(r[m]) for r in rows):>15.3f}' for m in MEASURES))
    print()
    for text, holds in STATEMENTS:
        print(f'{text}: in {sum(holds({m: float(r[m]) for m in MEASURES + ["units_thousand"]}) for r in rows)} of {len(rows)} seeds')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)), help='seeds to train (default 0 to 9)')
    p.add_argument('--out', type=Path, default=OUT, help='the CSV to write (default: lmscratch/results/forget_gates_seeds.csv)')
    p.add_argument('--summary', action='store_true', help='train nothing: print the summary of the CSV at --out')
    a = p.parse_args(argv)
    if a.summary:
        with a.out.open() as f: rows = list(csv.DictReader(f))
        print(f'{len(rows)} run(s) in {a.out}, seeds {" ".join(r["seed"] for r in rows)}')
        return summary(rows)
    import torch
    from lmscratch.data import human_numbers_ids
    from lmscratch.lstm import lmmodel6, trace_validation, separator_forget, forget_by_token
    from lmscratch.runs import final_accuracy
    vocab = human_numbers_ids()[0]
    sep = vocab.stoi['.']
    from lmscratch.runs import machine
    env = dict(machine(), threads=torch.get_num_threads())
    print(f"LMModel6 forget gates at '.', {env}")
    print(f"{'seed':>4} {'acc':>6} " + ' '.join(f'{m:>15}' for m in MEASURES) + ' units_thousand  units           shut at          sec')
    rows = []
    for seed in a.seeds:
        t0 = time.perf_counter()
        learn = lmmodel6.train(seed=seed, quiet=True)  # fastai's default device: the GPU if there is one
        sec = time.perf_counter() - t0
        ids, tr = trace_validation(learn.model)
        fg = separator_forget(tr, ids[0] == sep)
        by_token = forget_by_token(tr, ids, fg['units'])
        row = dict(seed=seed, accuracy=round(final_accuracy(learn), 4), **{m: round(fg[m], 4) for m in MEASURES},
                   units_thousand=sum(g < 0.5 for g in by_token[vocab.stoi['thousand']]), units=' '.join(map(str, fg['units'])),
                   units_shut_at=' '.join(vocab.itos[t] for t, gs in by_token.items() if min(gs) < 0.5),
                   seconds=round(sec, 1), **env)
        rows.append(row)
        print(f"{seed:>4} {row['accuracy']:>6.3f} " + ' '.join(f'{row[m]:>15.3f}' for m in MEASURES)
              + f" {row['units_thousand']:>15}  {row['units']:<15} {row['units_shut_at']:<15} {sec:>4.0f}", flush=True)
    with a.out.open('w', newline='') as f:
        w = csv.DictWriter(f, FIELDS); w.writeheader(); w.writerows(rows)
    if len(rows) > 1: summary(rows)
    print(f'\nwrote {len(rows)} run(s) to {a.out}')


if __name__ == '__main__':
    main()
