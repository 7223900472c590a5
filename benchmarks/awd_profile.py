#!/usr/bin/env python3
"""Where one run of a recipe spends its time: cProfile over `run_experiment(model, seed)`, printed as a table of the
biggest costs (own time of torch's kernels and of Python functions, and the cumulative time of the parts that
matter for speed: fastai's callbacks, the optimizer, weight dropout, validation). Run it on a quiet machine.

    OMP_NUM_THREADS=1 python benchmarks/awd_profile.py                 # the AWD-LSTM recipe, seed 0
    OMP_NUM_THREADS=1 python benchmarks/awd_profile.py --model LMModel7 --top 25
    OMP_NUM_THREADS=1 python benchmarks/awd_profile.py --ops         # torch's own operators over one epoch

cProfile sees Python calls; `--ops` instead builds the recipe's learner, fits one epoch to warm up, then fits one
more under `torch.profiler` and prints torch's operators by their own time: how much goes to the LSTM kernels
themselves, how much to the dropout masks, the optimizer and everything else.
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

def op_table(model: str, top: int):
    "torch.profiler's own-time table of one epoch of `model`'s recipe (training and validation), after one epoch of warm-up."
    from torch.profiler import profile, ProfilerActivity
    from fastai.torch_core import set_seed
    from lmscratch.tour import EXPERIMENTS
    set_seed(0, reproducible=True)
    recipe = EXPERIMENTS[model].recipe
    learn = recipe.build()
    with learn.no_bar(), learn.no_logging():
        learn.fit(1, recipe.lr)
        with profile(activities=[ProfilerActivity.CPU]) as prof: learn.fit(1, recipe.lr)
    ev = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in ev)
    steps = len(learn.dls.train)
    print(f'{model}: one epoch, {steps} training steps and {len(learn.dls.valid)} validation batches, {total / 1e3:.0f} ms of '
          f'operator time ({total / 1e3 / steps:.2f} ms a training step, validation included)\n')
    print('| operator (own time) | calls | ms | share |\n|---|---|---|---|')
    for e in sorted(ev, key=lambda e: -e.self_cpu_time_total)[:top]:
        print(f'| {e.key} | {e.count} | {e.self_cpu_time_total / 1e3:.1f} | {e.self_cpu_time_total / total:.0%} |')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', default='AWD-LSTM'); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--top', type=int, default=15, help='rows of the own-time table')
    ap.add_argument('--ops', action='store_true', help="torch's operators over one epoch instead of cProfile over a whole run")
    a = ap.parse_args()
    if a.ops: return op_table(a.model, a.top)
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
