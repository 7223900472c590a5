"""The two-layer RNN against the two-layer LSTM at ONE learning rate, over seeds: the figures behind notebook 03's
"harder to optimise" (its last section) and notebook 04's opening.

    OMP_NUM_THREADS=1 python benchmarks/depth_seeds.py                 # seeds 0 to 9 at lr 3e-3: about 10 minutes
    python benchmarks/depth_seeds.py --summary                         # trains nothing: summarises the shipped CSV

The course's recipes train LMModel5 (`lmscratch.multilayer.lmmodel5`) at a learning rate of 3e-3 and LMModel6
(`lmscratch.lstm.lmmodel6`) at 1e-2, the book's choices, so comparing the two recipes compares two learning rates as
well as two layers. This script trains both models with the same schedule (15 epochs of `fit_one_cycle`, the recipes'
data, model sizes and callbacks) and the same learning rate, `--lr` (default 3e-3, LMModel5's own recipe, so its
runs are the recorded runs of `seed_runs.csv`; only the LSTM is moved off its recipe), for each seed. It records, per
run, the training loss after every epoch, the last epoch's training and validation loss, and the accuracy.

Prints one line per seed (both models), then the summary: for each model min / median / max of the last training
loss, the validation loss and the accuracy, and over the seeds the ratio of the RNN's last training loss to the
LSTM's. Writes the runs to `lmscratch/results/depth_seeds.csv` (shipped with the library; replaced, not appended;
`--out` writes elsewhere), which notebook 03 reads with `lmscratch.runs.read_results('depth_seeds.csv')`.

Columns: model, seed, lr, epochs; train_loss, valid_loss, accuracy (last epoch); train_losses (every epoch, space
separated); seconds of training; the CPU, its kernels, the threads, the device, torch and fastai.
"""
from __future__ import annotations
import argparse, csv, statistics, time
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'depth_seeds.csv'  # shipped; notebook 03 reads it
FIELDS = ['model', 'seed', 'lr', 'epochs', 'train_loss', 'valid_loss', 'accuracy', 'train_losses',
          'seconds', 'cpu', 'isa', 'threads', 'device', 'torch', 'fastai']
MODELS = ('LMModel5', 'LMModel6')


def summary(rows: list[dict]):
    "Per model: min, median, max of the last epoch's figures; then the RNN's last training loss over the LSTM's, per seed."
    print(f"\n{'':<9}{'':>7}" + ''.join(f'{c:>12}' for c in ('train_loss', 'valid_loss', 'accuracy')))
    for m in MODELS:
        mine = [r for r in rows if r['model'] == m]
        if not mine: continue
        for name, fn in (('min', min), ('median', statistics.median), ('max', max)):
            print(f'{m:<9}{name:>7}' + ''.join(f"{fn(float(r[c]) for r in mine):>12.4f}" for c in ('train_loss', 'valid_loss', 'accuracy')))
    by = {(r['model'], int(r['seed'])): r for r in rows}
    seeds = sorted({int(r['seed']) for r in rows if ('LMModel5', int(r['seed'])) in by and ('LMModel6', int(r['seed'])) in by})
    if not seeds: return
    ratio = [float(by['LMModel5', s]['train_loss']) / float(by['LMModel6', s]['train_loss']) for s in seeds]
    lower = sum(float(by['LMModel6', s]['train_loss']) < float(by['LMModel5', s]['train_loss']) for s in seeds)
    better = sum(float(by['LMModel6', s]['accuracy']) > float(by['LMModel5', s]['accuracy']) for s in seeds)
    print(f'\nthe same learning rate, {len(seeds)} seeds: the LSTM ended with the lower training loss in {lower}, the higher '
          f'accuracy in {better}; RNN / LSTM last training loss from {min(ratio):.2f} to {max(ratio):.2f} '
          f'(median {statistics.median(ratio):.2f})')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)), help='seeds to train (default 0 to 9)')
    p.add_argument('--lr', type=float, default=3e-3, help="the one learning rate of both models (default 3e-3, LMModel5's recipe)")
    p.add_argument('--out', type=Path, default=OUT, help='the CSV to write (default: lmscratch/results/depth_seeds.csv)')
    p.add_argument('--summary', action='store_true', help='train nothing: print the summary of the CSV at --out')
    a = p.parse_args(argv)
    if a.summary:
        with a.out.open() as f: rows = list(csv.DictReader(f))
        print(f'{len(rows)} run(s) in {a.out}')
        return summary(rows)
    if not a.lr > 0: p.error('--lr must be > 0')
    from dataclasses import replace
    import torch
    from lmscratch.multilayer import lmmodel5
    from lmscratch.lstm import lmmodel6
    from lmscratch.runs import recorded, final_accuracy, machine
    env = dict(machine(), threads=torch.get_num_threads())
    recipes = {'LMModel5': replace(lmmodel5, lr=a.lr), 'LMModel6': replace(lmmodel6, lr=a.lr)}
    print(f'LMModel5 and LMModel6, {recipes["LMModel5"].epochs} epochs of fit_one_cycle at lr {a.lr:g}, {env}')
    rows = []
    for seed in a.seeds:
        line = f'seed {seed}:'
        for name, recipe in recipes.items():
            t0 = time.perf_counter()
            learn = recipe.train(seed=seed, quiet=True)  # fastai's default device: the GPU if there is one
            sec = time.perf_counter() - t0
            losses = recorded(learn, 'train_loss')
            row = dict(model=name, seed=seed, lr=a.lr, epochs=recipe.epochs, train_loss=round(losses[-1], 4),
                       valid_loss=round(recorded(learn, 'valid_loss')[-1], 4), accuracy=round(final_accuracy(learn), 4),
                       train_losses=' '.join(f'{v:.4f}' for v in losses), seconds=round(sec, 1), **env)
            rows.append(row)
            line += f" {name} train {row['train_loss']:.3f} valid {row['valid_loss']:.3f} acc {row['accuracy']:.3f} ({sec:.0f} s) |"
        print(line, flush=True)
    with a.out.open('w', newline='') as f:
        w = csv.DictWriter(f, FIELDS); w.writeheader(); w.writerows(rows)
    summary(rows)
    print(f'\nwrote {len(rows)} run(s) to {a.out}')


if __name__ == '__main__':
    main()
