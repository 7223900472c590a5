"""The gradient-by-step measurement of notebook 03 over several seeds: what its checks are tuned on.

    OMP_NUM_THREADS=1 python benchmarks/grad_by_step_seeds.py --seeds 0 1 2 3 4 5 6 7 8 9

For each seed, the two-layer RNN (`lmscratch.multilayer.lmmodel5`) and the two-layer LSTM (`lmscratch.lstm.lmmodel6`)
are measured twice with `relative_grad` on the stretches of `grad_stretches`: untrained (`initial_model`, the weights
`recipe.train(seed)` starts from) and trained (`recipe.train(seed, quiet=True)`). `grad_figures` turns the four
curves into the figures the notebook checks. One line per seed is printed, then min / median / max of every figure,
and the runs are written to `lmscratch/results/grad_by_step_seeds.csv` (shipped with the library) (replaced, not appended: one file, one set of seeds).
"""
from __future__ import annotations
import argparse, csv, time
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'grad_by_step_seeds.csv'  # shipped; notebook 03 reads it

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)))
    p.add_argument('--out', type=Path, default=OUT, help='the CSV to write')
    a = p.parse_args(argv)
    import torch
    from lmscratch.multilayer import lmmodel5, grad_stretches, relative_grad, initial_model, grad_figures
    from lmscratch.lstm import lmmodel6
    from lmscratch.runs import final_accuracy
    from lmscratch.runs import machine  # the same description of the machine as the tour's table of seed runs
    stretches, where = grad_stretches(), machine()
    rows = []
    for seed in a.seeds:
        t0, r, acc = time.perf_counter(), {}, {}
        for key, recipe in (('rnn', lmmodel5), ('lstm', lmmodel6)):
            r[key + '0'] = relative_grad(initial_model(recipe, seed), *stretches)
            learn = recipe.train(seed=seed, quiet=True)
            r[key] = relative_grad(learn.model, *stretches)
            acc[key] = final_accuracy(learn)
        figs = grad_figures(r['rnn0'], r['lstm0'], r['rnn'], r['lstm'])
        row = dict(seed=seed, acc_rnn=round(acc['rnn'], 4), acc_lstm=round(acc['lstm'], 4),
                   **{k: float(f'{v:.4g}') for k, v in figs.items()},
                   seconds=round(time.perf_counter() - t0, 1), threads=torch.get_num_threads(), **where)
        rows.append(row)
        print(f"seed {seed}: acc RNN {row['acc_rnn']:.3f} LSTM {row['acc_lstm']:.3f} | untrained d15 RNN {row['rnn0_d15']:.1e} "
              f"LSTM {row['lstm0_d15']:.1e} | trained d15 RNN {row['rnn_d15']:.2f} LSTM {row['lstm_d15']:.2f} | "
              f"trained d63 RNN {row['rnn_d63']:.1e} LSTM {row['lstm_d63']:.1e} | {row['seconds']:.0f} s", flush=True)
    with a.out.open('w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader(); w.writerows(rows)
    print(f"\n{'figure':<22}{'min':>11}{'median':>11}{'max':>11}   over {len(rows)} seeds")
    for k in figs:
        v = sorted(row[k] for row in rows)
        med = (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2
        print(f'{k:<22}{v[0]:>11.3g}{med:>11.3g}{v[-1]:>11.3g}')
    print(f'wrote {a.out}')

if __name__ == '__main__': main()
