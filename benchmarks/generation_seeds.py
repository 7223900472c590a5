"""Train the 2-layer GRU (`nn_gru_lm`), the LSTM (`lmmodel6`) and the AWD-LSTM (`awd_lstm`) over several seeds, and
measure their generations exactly as notebook 09 measures its own run.

    OMP_NUM_THREADS=1 python benchmarks/generation_seeds.py --seeds 0 1 2 3 4 5 6 7 8 9

Each model is trained with its course recipe (quiet), then `lmscratch.generate.generation_measures` makes every
measurement of notebook 09: the first word after 'eight thousand nine hundred ninety eight .', whether the rest of
8,999 follows it, the first six tokens after the prompt '8,998 . 8,999 .', the correct prefix of greedy
continuations at seven places with prompts of one and two numbers, the mean correct prefix of sampled continuations
per decoding rule, and the validation accuracy on every target, on those right after '.', and on the 'eight's and
the 'nine's right after '.'. One line per run is printed, then the table of the runs made; every row goes to
`lmscratch/results/generation_seeds.csv`, with the final accuracy and the CPU kernels torch used. Notebook 09 reads
that file.

The file keeps its other rows: a run replaces only the row of the same model, seed and kernels (`isa`). If the file
was written with other measurements (other columns), it is started afresh, and the script says so.

The AWD-LSTM's two recorded runs that stop on the plateau near 0.90 (appendix 96) were made with AVX2 kernels; to
measure them too, run the script once more with those kernels:

    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 OMP_NUM_THREADS=1 \\
        python benchmarks/generation_seeds.py --models AWD-LSTM --seeds 6 14
"""
from __future__ import annotations
import argparse, sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'generation_seeds.csv'  # shipped with the library; the notebook reads it
RECIPES = {'nn.GRU': 'lmscratch.gru.nn_gru_lm', 'LMModel6': 'lmscratch.lstm.lmmodel6', 'AWD-LSTM': 'lmscratch.awd.awd_lstm'}
KEY = ['model', 'seed', 'isa']  # a row per model, seed and kind of CPU kernel

def merged(old, new):
    "The rows of `old` that `new` does not replace (same model, seed and kernels), then `new`, sorted by model (in RECIPES' order), kernels and seed."
    import pandas as pd
    rows = new if old is None else pd.concat([old[~old.set_index(KEY).index.isin(new.set_index(KEY).index)], new])
    order = {m: k for k, m in enumerate(RECIPES)}
    return rows.sort_values(['model', 'isa', 'seed'], key=lambda c: c.map(order) if c.name == 'model' else c, kind='stable')

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--seeds', type=int, nargs='+', default=list(range(10)))
    p.add_argument('--models', nargs='+', default=list(RECIPES), choices=list(RECIPES))
    p.add_argument('--out', type=Path, default=OUT, help='the table to update (default: %(default)s)')
    a = p.parse_args(argv)
    import importlib
    import pandas as pd, torch
    from lmscratch.runs import final_accuracy
    from lmscratch.stateful import seq_dls
    from lmscratch.generate import generation_measures
    dls, vocab = seq_dls()
    isa = torch.backends.cpu.get_cpu_capability()
    old = pd.read_csv(a.out) if a.out.exists() else None
    rows = []
    for name in a.models:
        module, _, attr = RECIPES[name].rpartition('.')
        recipe = getattr(importlib.import_module(module), attr)
        for seed in a.seeds:
            learn = recipe.train(seed=seed, quiet=True)
            m = generation_measures(learn.model, vocab, dls.valid)
            rows.append({'model': name, 'seed': seed, 'accuracy': round(final_accuracy(learn), 4), **m,
                         'isa': isa, 'threads': torch.get_num_threads(), 'torch': torch.__version__})
            eight, nine = m["validation, 'eight' after '.'"], m["validation, 'nine' after '.'"]
            print(f"{name} seed {seed} ({isa}): accuracy {rows[-1]['accuracy']:.4f}, first word after 8998 {m['first word after 8998']!r}, "
                  f"after 8998 . 8999 . {m['after 8998 . 8999 .']!r}, 2-number prompts "
                  f"{[v for k, v in m.items() if 'numbers of prompt' in k]}, 'eight' and 'nine' after '.' {eight:.3f} {nine:.3f}",
                  flush=True)
            if old is not None and list(old.columns) != list(rows[0]):
                print(f'{a.out} holds other measurements ({len(old)} rows with other columns): starting it afresh', flush=True)
                old = None
            merged(old, pd.DataFrame(rows)).to_csv(a.out, index=False)   # rewritten after each run: a stopped run keeps what it made
    table = pd.DataFrame(rows)
    with pd.option_context('display.width', 250, 'display.max_columns', None, 'display.max_rows', None):
        print(table.drop(columns=['isa', 'threads', 'torch']).set_index(['model', 'seed']).T.to_string())
    print(f'wrote {a.out} ({len(merged(old, table))} rows, {len(table)} of them from this call; {isa} kernels, '
          f'{torch.get_num_threads()} thread(s), torch {torch.__version__})')

if __name__ == '__main__': sys.exit(main())
