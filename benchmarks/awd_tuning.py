"""Tune the AWD-LSTM recipe of notebook 06 over several seeds, and keep a log of every configuration tried.

    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py epochs=30 train_bs=32 --seeds 0 1 2 3 4 5 6 7 8 9
    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py wd=0.2 --stop-below 0.95 --seeds 4 6 0 1 2 3
    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py n_hid=64 --stop-below 0.95 --allow 1 --seeds 0 1 2 3 4 5 6 7 8 9
    OMP_NUM_THREADS=1 python benchmarks/awd_tuning.py avg_epochs=10 --seeds 0 1 2
    python benchmarks/awd_tuning.py --summary

Each `key=value` overrides one field of the course's recipe (`lmscratch.awd.AWDConfig`), or sets a knob only tuning
tried: `avg_epochs`, average the weights over that many last epochs (`WeightAverage` below, the averaging of the
paper's NT-ASGD); `clip`, clip the gradients' global norm (fastai's `GradientClip`; the paper's code clips at 0.25);
`embed_p`, the embedding dropout before `drop_mult`; `ortho=1`, an orthogonal embedding at the recipe's scale. The
script trains `awd_learner(config)`, the very function notebook 06 and the tour use, with the recipe's schedule. One
line per seed is printed and appended to `lmscratch/results/awd_tuning.csv` (appendix 96 reads it): the full configuration, the accuracy at the last epoch on the sl-16 validation stream, the best epoch, seconds of
training, the CPU kernels torch used, the date. `--summary` prints the log grouped by configuration (shown as its
changes from the current recipe): runs, min, median, max, runs reaching 0.95, median seconds.

The configuration strings of the log (`TuneConfig.as_string`, `from_string`, `changes`) and `WeightAverage` live here,
not in the library: they serve only this log.
"""
from __future__ import annotations
import argparse, csv, statistics, sys, time
from datetime import date
from dataclasses import dataclass, fields
from pathlib import Path
import torch
from fastai.callback.core import Callback
from fastai.callback.training import GradientClip
from lmscratch.awd import AWDConfig, awd_learner
from lmscratch.checks import check_number, check_p, check_whole
from lmscratch.runs import Recipe, accuracy_history

LOG = Path(__file__).resolve().parent.parent/'lmscratch'/'results'/'awd_tuning.csv'
FIELDS = ['config', 'seed', 'accuracy', 'best', 'seconds', 'isa', 'threads', 'torch', 'date']  # date: empty in rows logged before 2026-12-07

class WeightAverage(Callback):
    "Average the weights over the last `n_epochs` epochs, one snapshot per training batch, validate the average, and keep it at the end."
    order = 90 # after the optimiser step of every batch
    def __init__(self, n_epochs: int): # how many of the last epochs to average over
        self.n_epochs = check_whole(n_epochs, 'n_epochs')

    def before_fit(self): self.avg, self.count, self.live = None, 0, None

    def _params(self): return [p for p in self.learn.model.parameters() if p.requires_grad]

    def after_batch(self):
        if not self.training or self.epoch < self.n_epoch - self.n_epochs: return
        ps = self._params()
        if self.avg is None: self.avg = [p.detach().clone() for p in ps]
        self.count += 1
        with torch.no_grad():
            for a, p in zip(self.avg, ps): a.add_(p.detach() - a, alpha=1 / self.count)

    def before_validate(self):
        "Validate the average, not the last weights, once averaging has begun."
        if self.avg is None: return
        ps = self._params()
        self.live = [p.detach().clone() for p in ps]
        with torch.no_grad():
            for p, a in zip(ps, self.avg): p.copy_(a)

    def after_validate(self):
        "Go back to the live weights to train on, except after the last epoch: the averaged model is the result."
        if self.live is None or self.epoch == self.n_epoch - 1: return
        with torch.no_grad():
            for p, l in zip(self._params(), self.live): p.copy_(l)
        self.live = None

@dataclass
class TuneConfig(AWDConfig):
    "The recipe's fields (`AWDConfig`), plus knobs only tuning tried: weight averaging, clipping, embedding dropout, an orthogonal embedding."
    avg_epochs: int = 0
    clip: float = 0. # clip the global norm of the gradients to this before each step (fastai's GradientClip); 0: no clipping
    embed_p: float = 0.1 # AWDLSTM's embedding dropout before drop_mult (its default, 0.1, passes nothing)
    ortho: int = 0 # 1: an orthogonal embedding (rows of norm sqrt(emb_sz) * init_std) in place of N(0, init_std)

    def __post_init__(self):
        super().__post_init__()
        self.clip = check_number(self.clip, 'clip', 0)
        self.embed_p = check_p(self.embed_p, 'embed_p')
        if self.ortho not in (0, 1): raise ValueError(f'ortho must be 0 or 1, got {self.ortho!r}')
        self.avg_epochs = check_whole(self.avg_epochs, 'avg_epochs', minimum=0)
        if self.avg_epochs > self.epochs: raise ValueError(f'avg_epochs ({self.avg_epochs}) cannot exceed epochs ({self.epochs})')

    def as_string(self) -> str:
        "Every field as `key=value`, the form the tuning log keeps."
        return ' '.join(f'{f.name}={getattr(self, f.name)}' for f in fields(self))

    @classmethod
    def from_string(cls, s: str) -> TuneConfig:
        "The config that `key=value` pairs describe; fields not named keep their defaults."
        kinds = {f.name: type(getattr(cls(), f.name)) for f in fields(cls)}
        kw = {}
        for pair in s.split():
            k, sep, v = pair.partition('=')
            if not sep or k not in kinds: raise ValueError(f'expected key=value with a key among {", ".join(kinds)}, got {pair!r}')
            try: kw[k] = kinds[k](v)
            except ValueError: raise ValueError(f'{k} must be of type {kinds[k].__name__}, got {v!r}') from None
        return cls(**kw)

    def changes(self, base: TuneConfig | None = None) -> str:
        "The fields that differ from `base` (by default the course's recipe), as `key=value`; '' if none."
        base = TuneConfig() if base is None else base
        return ' '.join(f'{f.name}={getattr(self, f.name)}' for f in fields(self) if getattr(self, f.name) != getattr(base, f.name))

def tuned_recipe(cfg: TuneConfig) -> Recipe:
    "The course's recipe as `cfg` says: `awd_learner(cfg)`, plus the tuning-only knobs (`WeightAverage`, `GradientClip`, embedding dropout, orthogonal embedding) that `cfg` sets."
    def build():
        learn = awd_learner(cfg, **({} if cfg.embed_p == 0.1 else dict(embed_p=cfg.embed_p)))
        if cfg.ortho: torch.nn.init.orthogonal_(learn.model.embed.weight, gain=cfg.emb_sz ** 0.5 * cfg.init_std)
        if cfg.avg_epochs: learn.add_cb(WeightAverage(cfg.avg_epochs))
        if cfg.clip: learn.add_cb(GradientClip(cfg.clip))
        return learn
    return Recipe('AWD-LSTM', build, epochs=cfg.epochs, lr=cfg.lr)

def summary():
    rows = list(csv.DictReader(LOG.open())) if LOG.exists() else []
    by = {}
    for r in rows: by.setdefault((TuneConfig.from_string(r['config']).changes() or '(the recipe)', r['isa']), []).append(r)
    print(f"{'changes from the recipe':<48}{'isa':>8}{'runs':>5}{'min':>7}{'median':>8}{'max':>7}{'>=0.95':>8}{'sec':>6}")
    for (cfg, isa), rs in by.items():
        a = sorted(float(r['accuracy']) for r in rs)
        s = statistics.median(float(r['seconds']) for r in rs)
        print(f"{cfg:<48}{isa:>8}{len(a):>5}{a[0]:>7.3f}{statistics.median(a):>8.3f}{a[-1]:>7.3f}"
              f"{sum(x >= 0.95 for x in a):>5}/{len(a):<2}{s:>6.0f}")
    short = [r for r in rows if float(r['accuracy']) < 0.95]
    saved = sum(float(r['best']) >= 0.95 for r in short)
    print(f"all configurations: {len(rows)} runs, {len(short)} ended below 0.95; {saved} of those had an epoch at 0.95 or more, "
          f"so keeping each run's best epoch would have saved {saved} and left {len(short) - saved} below")

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('overrides', nargs='*', help='key=value fields of lmscratch.awd.AWDConfig, or avg_epochs=N (before --seeds)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--summary', action='store_true', help='print the log grouped by configuration and stop')
    p.add_argument('--no-log', action='store_true', help='do not append to the log')
    p.add_argument('--stop-below', type=float, default=None, metavar='ACC',
                   help='stop at the first seed whose last-epoch accuracy is below ACC (screening: a config that must hold on every seed is out)')
    p.add_argument('--allow', type=int, default=0, metavar='N',
                   help='with --stop-below: stop at the (N+1)th seed below ACC instead of the first (the recipe may miss in 1 run of 10)')
    a = p.parse_args(argv)
    if a.summary: return summary()
    try: cfg = TuneConfig.from_string(' '.join(a.overrides))
    except ValueError as e: p.error(str(e))
    isa, below = torch.backends.cpu.get_cpu_capability(), 0
    for seed in a.seeds:
        t0 = time.perf_counter()
        learn = tuned_recipe(cfg).train(seed=seed, quiet=True)
        sec = time.perf_counter() - t0
        hist = accuracy_history(learn)
        best = max(range(len(hist)), key=hist.__getitem__)
        print(f'{cfg.changes() or "(the recipe)"} seed {seed}: {hist[-1]:.4f} (best {hist[best]:.4f} at epoch {best + 1}) {sec:.1f} s', flush=True)
        if not a.no_log:
            new = not LOG.exists()
            with LOG.open('a', newline='') as f:
                w = csv.DictWriter(f, FIELDS)
                if new: w.writeheader()
                w.writerow(dict(config=cfg.as_string(), seed=seed, accuracy=f'{hist[-1]:.4f}', best=f'{max(hist):.4f}',
                                seconds=f'{sec:.1f}', isa=isa, threads=torch.get_num_threads(), torch=torch.__version__,
                                date=date.today().isoformat()))
        if a.stop_below is not None and hist[-1] < a.stop_below:
            below += 1
            if below > a.allow: print(f'stopped: {below} seed(s) below {a.stop_below}, the last {seed}', flush=True); break

if __name__ == '__main__': sys.exit(main())
