#!/usr/bin/env python3
"""Where one run of a recipe spends its time: cProfile over `run_experiment(model, seed)`, printed as a table of the
biggest costs (own time of torch's kernels and of Python functions, and the cumulative time of the parts that
matter for speed: fastai's callbacks, the optimizer, weight dropout, validation). Run it on a quiet machine.

    OMP_NUM_THREADS=1 python benchmarks/awd_profile.py                 # the AWD-LSTM recipe, seed 0
    OMP_NUM_THREADS=1 python benchmarks/awd_profile.py --model LMModel7 --top 25
"""
import argparse, cProfile, pstats, time

PARTS = {  # a part of the run -> the function whose cumulative time measures it (file suffix, function name)
    'training loop (all batches)': ('fastai/learner.py', '_do_epoch_train'),
    'validation': ('fastai/learner.py', '_do_epoch_validate'),
    'backward pass': ('torch/_tensor.py', 'backward'),
    'optimizer step': ('fastai/optimizer.py', 'step'),
    'fastai callbacks (every event)': ('fastai/callback/core.py', '__call__'),
    'model forward': ('lmscratch/awd.py', 'forward'),
    'torch.lstm (forward kernels)': ('~', '<built-in method torch.lstm>'),
    'bernoulli_ (dropout masks)': ('~', "<method 'bernoulli_' of 'torch._C.TensorBase' objects>"),
}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', default='AWD-LSTM'); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--top', type=int, default=15, help='rows of the own-time table')
    a = ap.parse_args()
    from lmscratch.tour import run_experiment
    from lmscratch.runs import machine
    prof, t0 = cProfile.Profile(), time.perf_counter()
    prof.enable(); r = run_experiment(a.model, seed=a.seed, quiet=True); prof.disable()
    wall = time.perf_counter() - t0
    st = pstats.Stats(prof).stats  # (file, line, name) -> (calls, primitive calls, own time, cumulative time, callers)
    m = machine()
    print(f"{a.model}, seed {a.seed}: {wall:.1f} s wall, accuracy {r.accuracy:.4f}; {m['cpu']}, {m['isa']} kernels, torch {m['torch']}\n")
    print('| part | seconds (cumulative) | share of the run |\n|---|---|---|')
    for part, (file, name) in PARTS.items():
        cum = max((v[3] for (f, _, n), v in st.items() if n == name and f.endswith(file)), default=0.0)
        print(f'| {part} | {cum:.1f} | {cum / wall:.0%} |')
    print(f'\n| function (own time) | calls | seconds | share |\n|---|---|---|---|')
    for (f, line, name), v in sorted(st.items(), key=lambda kv: -kv[1][2])[:a.top]:
        where = name if f == '~' else f"{f.split('site-packages/')[-1].split('/work/main/')[-1]}:{line}({name})"
        print(f'| {where} | {v[1]} | {v[2]:.1f} | {v[2] / wall:.0%} |')

if __name__ == '__main__': main()
