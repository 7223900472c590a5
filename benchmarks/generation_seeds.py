"""Train the 2-layer GRU (`nn_gru_lm`) and the LSTM (`lmmodel6`) over several seeds, and measure their
generations exactly as notebook 09 measures its own run.

    OMP_NUM_THREADS=1 python benchmarks/generation_seeds.py --seeds 0 1 2 3 4 5 6 7 8 9

Each model is trained with its course recipe (quiet), then `lmscratch.generate.generation_measures` makes every
measurement of notebook 09: the first word after 'eight thousand nine hundred ninety eight .', whether the rest of
8,999 follows it, the correct prefix of greedy continuations at five places with prompts of one and two numbers,
and the mean correct prefix of sampled continuations per decoding rule. One line per run is printed, then the
table of all runs, which is also written to `lmscratch/results/generation_seeds.csv` (replaced, one row per model and
seed, with the final accuracy and the CPU kernels torch used). Notebook 09 reads that file.
"""
from __future__ import annotations
import argparse, sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'generation_seeds.csv'  # shipped with the library; the notebook reads it

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)))
    p.add_argument('--models', nargs='+', default=['nn.GRU', 'LMModel6'], choices=['nn.GRU', 'LMModel6'])
    p.add_argument('--out', type=Path, default=OUT, help='where to write the table (default: %(default)s)')
    a = p.parse_args(argv)
    import pandas as pd, torch
    from lmscratch.gru import nn_gru_lm
    from lmscratch.lstm import lmmodel6
    from lmscratch.runs import final_accuracy
    from lmscratch.stateful import seq_dls
    from lmscratch.generate import generation_measures
    recipes = {'nn.GRU': nn_gru_lm, 'LMModel6': lmmodel6}
    _, vocab = seq_dls()
    isa = torch.backends.cpu.get_cpu_capability()
    rows = []
    for name in a.models:
        for seed in a.seeds:
            learn = recipes[name].train(seed=seed, quiet=True)
            m = generation_measures(learn.model, vocab)
            rows.append({'model': name, 'seed': seed, 'accuracy': round(final_accuracy(learn), 4), **m,
                         'isa': isa, 'threads': torch.get_num_threads(), 'torch': torch.__version__})
            print(f"{name} seed {seed}: accuracy {rows[-1]['accuracy']:.4f}, first word after 8998 {m['first word after 8998']!r}, "
                  f"2-number prompts {[v for k, v in m.items() if 'numbers of prompt' in k]}", flush=True)
            pd.DataFrame(rows).to_csv(a.out, index=False)   # rewritten after each run: a stopped run keeps what it made
    table = pd.DataFrame(rows)
    with pd.option_context('display.width', 250, 'display.max_columns', None):
        print(table.drop(columns=['isa', 'threads', 'torch']).set_index(['model', 'seed']).T.to_string())
    print(f'wrote {a.out} ({len(table)} runs; {isa} kernels, {torch.get_num_threads()} thread(s), torch {torch.__version__})')

if __name__ == '__main__': sys.exit(main())
