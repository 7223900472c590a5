#!/usr/bin/env python3
"""Give the library's boundaries (where a learner's own input enters: data, downloads, recipes, the recorded runs,
generation, the exercise checkers, the tour's command line, and the checks they share) inputs a learner might
plausibly get wrong, and sort what happens. The models themselves are not boundaries: like PyTorch's layers, they
leave a wrong shape or dtype to PyTorch's own error, and their tests are in nbs/tests/.

- clear: an error raised by a `raise` of lmscratch's own code (its message names the argument and what was expected);
- handled: an input that makes sense is accepted and gives a sensible result;
- internal: an error raised from deep inside torch, fastai, numpy or Python instead;
- silent: a bad input that gives a result with no error.

    python tools/bad_inputs.py            # the table per module, then every case that is internal or silent
    python tools/bad_inputs.py --all      # every case with its outcome and message

The test notebooks (nbs/tests/) test each of these errors; this script counts them across the boundaries, so a
regression shows as a number. It trains nothing and reads no network; it takes a few seconds.
"""
import argparse, math, os, sys, tempfile, traceback, warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = str(ROOT/'lmscratch')

class Silent(AssertionError):
    "Raised by a case whose input was accepted but whose result is wrong: counted as silent."

def cases():
    "(module, description, thunk, expect): expect 'error' for a bad input, 'ok' for one that must be accepted."
    import numpy as np, torch
    from torch import nn
    from lmscratch import checks, data, download, runs, rnn, stateful, multilayer, lstm, regularize, awd, charrnn, generate, exercises
    vocab, nums = data.human_numbers_ids()
    L = []
    def add(mod, what, f, expect='error'): L.append((mod, what, f, expect))
    # checks: the validators every boundary shares
    add('checks', "check_whole(0, 'bs')", lambda: checks.check_whole(0, 'bs'))
    add('checks', "check_whole(True, 'bs')", lambda: checks.check_whole(True, 'bs'))
    add('checks', "check_number(nan, 'lr')", lambda: checks.check_number(float('nan'), 'lr'))
    add('checks', 'check_p(1.0)', lambda: checks.check_p(1.0))
    add('checks', 'check_batch(float ids)', lambda: checks.check_batch(torch.rand(2, 3), 30))
    add('checks', 'check_batch(id 30 of 30)', lambda: checks.check_batch(torch.tensor([[1, 30]]), 30))
    add('checks', 'check_batch(uint8 ids)', lambda: checks.check_batch(torch.tensor([[1, 2]], dtype=torch.uint8), 30), 'ok')
    add('checks', "check_tokens('one two')", lambda: checks.check_tokens('one two', 'tokens'))
    add('checks', 'check_path(3)', lambda: checks.check_path(3, 'path'))
    # data: the learner's text, tokens and ids come in here
    add('data', 'tokenize(a str)', lambda: data.tokenize('one two'))
    add('data', 'tokenize(blank line, double space)', lambda: data.tokenize(['one  two', '', 'three']), 'ok')
    add('data', 'tokenize([1, 2])', lambda: data.tokenize([1, 2]))
    add('data', 'num_to_words(3.0)', lambda: data.num_to_words(3.0))
    add('data', 'num_to_words(-1)', lambda: data.num_to_words(-1))
    add('data', 'windows(nums, 0)', lambda: data.windows(nums, 0))
    add('data', "windows(nums, '3')", lambda: data.windows(nums, '3'))
    add('data', 'windows(float tensor)', lambda: data.windows(torch.rand(10)))
    add('data', 'windows(a list of ints)', lambda: data.windows([1, 2, 3, 4, 5, 6, 7]), 'ok')
    add('data', 'split_80_20([])', lambda: data.split_80_20([]))
    add('data', 'most_common_baseline(float tensor)', lambda: data.most_common_baseline(torch.rand(5)))
    add('data', 'Vocab(a str)', lambda: data.Vocab('one two'))
    add('data', 'vocab.check_ids(float)', lambda: vocab.check_ids(torch.rand(3)))
    add('data', 'vocab.check_ids(uint8)', lambda: vocab.check_ids(torch.tensor([1, 2], dtype=torch.uint8)), 'ok')
    add('data', 'vocab.decode(id 31)', lambda: vocab.decode([31]))
    add('data', 'human_numbers_text(5, 1)', lambda: data.human_numbers_text(5, 1))
    def env(value, f):
        old = os.environ.get('LMSCRATCH_DATA')
        os.environ['LMSCRATCH_DATA'] = value
        try: return f()
        finally:
            if old is None: os.environ.pop('LMSCRATCH_DATA')
            else: os.environ['LMSCRATCH_DATA'] = old
    tmp = Path(tempfile.mkdtemp()); (tmp/'a_file').write_text('x')
    add('data', 'LMSCRATCH_DATA is a file', lambda: env(str(tmp/'a_file'), data.get_human_numbers))
    (tmp/'hn'/'train.txt').mkdir(parents=True)
    add('data', 'train.txt is a folder', lambda: data.get_human_numbers(tmp/'hn'))
    # download
    add('download', 'download_checked(timeout=0)', lambda: download.download_checked('http://127.0.0.1:9/x', tmp/'x', sha256='0' * 64, timeout=0))
    add('download', 'download_checked(no hash)', lambda: download.download_checked('http://127.0.0.1:9/x', tmp/'x'))
    add('download', 'download_checked(nobody listens)', lambda: download.download_checked('http://127.0.0.1:9/x', tmp/'x', md5='0' * 32, timeout=1))
    # rnn: the data and learners of 01
    add('rnn', 'window_dls(bs=20000)', lambda: rnn.window_dls(bs=20000))
    add('rnn', 'window_dls(bs=64.0)', lambda: rnn.window_dls(bs=64.0))
    add('rnn', 'window_dls(n=40000)', lambda: rnn.window_dls(n=40000))
    add('rnn', 'lmmodel1_learner(n_hidden=0)', lambda: rnn.lmmodel1_learner(n_hidden=0))
    # runs: recipes and the recorded runs
    add('runs', "seed_bounds('LMModel99')", lambda: runs.seed_bounds('LMModel99'))
    add('runs', "check_run(nan, 'LMModel1')", lambda: runs.check_run(float('nan'), 'LMModel1'))
    add('runs', "check_run(0.2, 'LMModel1')", lambda: runs.check_run(0.2, 'LMModel1'))
    add('runs', 'Recipe.train(epochs=0)', lambda: rnn.lmmodel1.train(epochs=0))
    add('runs', "Recipe.train(seed='42')", lambda: rnn.lmmodel1.train(seed='42'))
    add('runs', "Recipe('x', build=3, ...)", lambda: runs.Recipe('x', 3, 1, 1e-3))
    add('runs', "accuracy_history('learn')", lambda: runs.accuracy_history('learn'))
    add('runs', "read_results('nope.csv')", lambda: runs.read_results('nope.csv'))
    add('runs', "paired_runs('LMModel1', 'LMModel1')", lambda: runs.paired_runs('LMModel1', 'LMModel1'))
    # stateful: streams, batches and the loss of 02
    add('stateful', 'group_chunks(ds, 0)', lambda: stateful.group_chunks(list(range(10)), 0))
    add('stateful', 'group_chunks(ds, 11)', lambda: stateful.group_chunks(list(range(10)), 11))
    add('stateful', 'seq_dls(sl=5000)', lambda: stateful.seq_dls(sl=5000))
    add('stateful', "seq_dls(bs='64')", lambda: stateful.seq_dls(bs='64'))
    add('stateful', 'loss_func on zero rows', lambda: stateful.loss_func(torch.zeros(0, 16, 30), torch.zeros(0, 16, dtype=torch.long)))
    add('stateful', 'sequences(nums, sl=0)', lambda: stateful.sequences(nums, 0))
    # multilayer, lstm: what a learner passes to the measuring helpers
    add('multilayer', 'grad_stretches(n=0)', lambda: multilayer.grad_stretches(n=0))
    add('lstm', 'compare(list, tensor)', lambda: lstm.compare([1.], torch.ones(1)))
    def compare_dtypes():
        r = lstm.compare(torch.ones(2), torch.ones(2, dtype=torch.float64))
        if r['exact'] or 'dtypes' not in r: raise Silent(f'a float and a double reported as {r}')
    add('lstm', 'compare(float32, float64) says the dtypes differ', compare_dtypes, 'ok')
    # regularize, awd: the recipes and what a learner passes to the penalties
    add('regularize', 'ARTAR(alpha=nan)', lambda: regularize.ARTAR(alpha=float('nan')))
    add('regularize', 'ARTAR(beta=-1)', lambda: regularize.ARTAR(beta=-1.))
    add('regularize', 'AR on an empty batch', lambda: regularize.activation_reg(torch.randn(0, 5, 3)))
    add('regularize', 'Dropout(1.0)', lambda: regularize.Dropout(1.0))
    add('regularize', 'TAR on one step', lambda: regularize.temporal_activation_reg(torch.randn(4, 1, 8)), 'ok')
    add('regularize', 'tie_weights(a tensor)', lambda: regularize.tie_weights(torch.zeros(3, 3), nn.Embedding(3, 3)))
    add('awd', 'AWDConfig(epochs=0)', lambda: awd.AWDConfig(epochs=0))
    add('awd', 'AWDConfig(drop_mult=-0.5)', lambda: awd.AWDConfig(drop_mult=-0.5))
    add('awd', 'awd_from_fastai(a model)', lambda: awd.awd_from_fastai(nn.Linear(3, 3)))
    # charrnn: the corpus, the vocab, the iterators, prediction and clipping of 07
    cv = charrnn.CharVocab('hello world')
    net = charrnn.BareRNN(len(cv), 8)
    add('charrnn', 'clip_global_norm before any backward', lambda: charrnn.clip_global_norm(net, 1.0), 'ok')
    def clip_gen():
        m = nn.Linear(3, 3); (m(torch.ones(1, 3)) * 1e3).sum().backward()
        charrnn.clip_global_norm(m.parameters(), 1.0)
        total = math.sqrt(sum(float((p.grad ** 2).sum()) for p in m.parameters()))
        if total > 1.0 + 1e-4: raise Silent(f'not clipped: norm {total}')
    add('charrnn', 'clip_global_norm(model.parameters())', clip_gen, 'ok')
    add('charrnn', "clip_global_norm(theta='1')", lambda: charrnn.clip_global_norm(net, '1'))
    add('charrnn', 'predict(n_chars=-5)', lambda: charrnn.predict(net, cv, 'he', -5))
    add('charrnn', "predict(prefix='')", lambda: charrnn.predict(net, cv, '', 5))
    add('charrnn', 'CharVocab: every token below min_freq', lambda: charrnn.CharVocab('abc', min_freq=5))
    add('charrnn', "read_corpus('nowhere')", lambda: charrnn.read_corpus('nowhere'))
    add('charrnn', 'one_hot_inputs(ids >= vocab)', lambda: charrnn.one_hot_inputs(torch.tensor([[40]]), 28))
    add('charrnn', 'split_corpus(n=0)', lambda: charrnn.split_corpus(torch.arange(100), 0))
    add('charrnn', "SeqDataLoader(random_iter='no')", lambda: charrnn.SeqDataLoader(torch.arange(1000), 4, 5, random_iter='no'))
    add('charrnn', 'LMSCRATCH_DATA is a file (corpus)', lambda: env(str(tmp/'a_file'), charrnn.fetch_time_machine))
    # generate: the learner's prompt, model and decoding settings
    m3 = stateful.LMModel3(30, 8)
    add('generate', 'generate(vocab=a list)', lambda: generate.generate(m3, list(vocab.itos), 'one .', 3))
    add('generate', 'generate(0 words, temperature -1)', lambda: generate.generate(m3, vocab, 'one .', 0, temperature=-1))
    add('generate', "generate(n_words='3')", lambda: generate.generate(m3, vocab, 'one .', '3'))
    add('generate', 'generate(a model without reset)', lambda: generate.generate(nn.Linear(3, 3), vocab, 'one .', 3))
    add('generate', 'generate(top_k=0)', lambda: generate.generate(m3, vocab, 'one .', 3, temperature=1., top_k=0))
    add('generate', 'generate(3 words, greedy)', lambda: generate.generate(m3, vocab, 'one .', 3), 'ok')
    add('generate', 'next_token(nan scores)', lambda: generate.next_token(torch.full((30,), float('nan'))))
    add('generate', 'next_token(list of scores)', lambda: generate.next_token([0.1, 0.9, 0.0]), 'ok')
    add('generate', 'expected_after(5, -1)', lambda: generate.expected_after(5, -1))
    add('generate', "n_correct(truth a str)", lambda: generate.n_correct('one two', 'one two'))
    add('generate', 'encode_prompt(unknown word)', lambda: generate.encode_prompt('eleventy', vocab))
    # exercises: the checkers take the learner's code
    add('exercises', 'check_dropout(an instance, not a class)', lambda: exercises.check_dropout(regularize.Dropout(0.5)))
    add('exercises', 'check_ar(not a function)', lambda: exercises.check_ar(3))
    def stub():
        def my_ar(dropped, alpha): raise NotImplementedError
        if exercises.check_ar(my_ar) is not False: raise Silent('an untouched stub did not come back as not attempted')
    add('exercises', 'check_ar(an untouched stub)', stub, 'ok')
    add('exercises', 'check_ar(a wrong answer)', lambda: exercises.check_ar(lambda dropped, alpha: dropped.mean()))
    # tour: the command line
    from lmscratch import tour
    add('tour', "run_experiment('LMModel99')", lambda: tour.run_experiment('LMModel99'))
    add('tour', 'plot_history([])', lambda: tour.plot_history([]))
    add('tour', 'lmscratch-tour --seeds -1', lambda: tour.tour(['--seeds', '-1']))
    add('tour', 'lmscratch-tour --models LMModel1,LMModel1', lambda: tour.tour(['--models', 'LMModel1,LMModel1']))
    add('tour', 'lmscratch-tour --out <a file>', lambda: tour.tour(['--models', 'baseline', '--out', str(tmp/'a_file')]))
    add('tour', 'lmscratch-tour --record <a folder>', lambda: tour.tour(['--models', 'baseline', '--record', str(tmp)]))
    def same_seed():
        R = lambda: tour.Result('LMModel1', 0, 1, 1, 0.0, [0.4], 0.5)
        rows = tour.summarise([R(), R()])
        if rows[0]['seeds'] != 1: raise Silent(f"two runs of one seed counted as {rows[0]['seeds']} seeds")
    add('tour', 'summarise(two runs of one seed)', same_seed, 'ok')
    return L

def outcome(f, expect):
    "('clear' | 'handled' | 'internal' | 'silent', message)."
    import contextlib, io
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter('ignore'); f()
    except Silent as e: return 'silent', str(e)[:110]
    except SystemExit as e:   # argparse's error: the tour's own argument checks
        return ('clear' if expect == 'error' else 'internal'), f'exit {e.code}'
    except BaseException as e:
        frames = traceback.extract_tb(e.__traceback__)
        ours = bool(frames) and frames[-1].filename.startswith(PKG) and 'raise' in (frames[-1].line or '')  # our own raise, with our message
        msg = f'{type(e).__name__}: {str(e)[:110]}'
        if expect == 'ok': return 'internal', msg   # a sensible input refused
        return ('clear' if ours else 'internal'), msg
    return ('handled', '') if expect == 'ok' else ('silent', 'no error')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--all', action='store_true', help='print every case')
    a = ap.parse_args()
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    rows = [(mod, what, *outcome(f, expect)) for mod, what, f, expect in cases()]
    kinds = ('clear', 'handled', 'internal', 'silent')
    per = {}
    for mod, _, kind, _ in rows: per.setdefault(mod, Counter())[kind] += 1
    print('| module | cases | ' + ' | '.join(kinds) + ' |'); print('|---|---|' + '---|' * len(kinds))
    for mod, c in per.items(): print(f'| {mod} | {sum(c.values())} | ' + ' | '.join(str(c[k]) for k in kinds) + ' |')
    tot = Counter(k for _, _, k, _ in rows)
    print(f'| all | {len(rows)} | ' + ' | '.join(str(tot[k]) for k in kinds) + ' |')
    print(f"internal tracebacks: {tot['internal']} of {len(rows)} ({tot['internal'] / len(rows):.1%}); silent results: {tot['silent']}")
    for mod, what, kind, msg in rows:
        if a.all or kind in ('internal', 'silent'): print(f'{kind:8} {mod:10} {what:45} {msg}')
    sys.exit(1 if tot['silent'] or tot['internal'] / len(rows) >= 0.05 else 0)

if __name__ == '__main__': main()
