#!/usr/bin/env python3
"""Give the library's public functions inputs a learner might plausibly get wrong, and sort what happens:

- clear: an error raised by lmscratch's own code (its message names the argument and what was expected);
- handled: an input that makes sense is accepted and gives a sensible result;
- internal: an error raised from deep inside torch, fastai, numpy or Python instead;
- silent: a bad input that gives a result with no error.

    python tools/bad_inputs.py            # the table per module, then every case that is internal or silent
    python tools/bad_inputs.py --all      # every case with its outcome and message

The notebooks test each of these errors in hidden cells; this script counts them across the library, so a
regression shows as a number. It trains nothing and reads no network; it takes a few seconds.
"""
import argparse, math, os, sys, tempfile, traceback, warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = str(ROOT/'lmscratch')

def cases():
    "(module, description, thunk, expect): expect 'error' for a bad input, 'ok' for one that must be accepted."
    import numpy as np, torch
    from torch import nn
    from lmscratch import data, rnn, stateful, multilayer, lstm, gru, regularize, awd, charrnn, generate
    vocab, nums = data.human_numbers_ids()
    x = torch.randint(0, 30, (4, 16))
    L = []
    def add(mod, what, f, expect='error'): L.append((mod, what, f, expect))
    # data
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
    add('data', 'download_checked(timeout=0)', lambda: data.download_checked('http://127.0.0.1:9/x', tmp/'x', sha256='0' * 64, timeout=0))
    # rnn
    add('rnn', 'window_dls(bs=20000)', lambda: rnn.window_dls(bs=20000))
    add('rnn', 'window_dls(bs=64.0)', lambda: rnn.window_dls(bs=64.0))
    add('rnn', "LMModel1(30, '64')", lambda: rnn.LMModel1(30, '64'))
    add('rnn', 'LMModel1(0, 64)', lambda: rnn.LMModel1(0, 64))
    add('rnn', 'LMModel1(30, -1)', lambda: rnn.LMModel1(30, -1))
    add('rnn', 'LMModel2 on zero tokens', lambda: rnn.LMModel2(30, 8)(x[:, :0]))
    add('rnn', 'LMModel1 on uint8 ids', lambda: rnn.LMModel1(30, 8)(x[:, :3].to(torch.uint8)), 'ok')
    add('rnn', 'LMModel1 on float ids', lambda: rnn.LMModel1(30, 8)(x[:, :3].float()))
    add('rnn', "seed_bounds('LMModel99')", lambda: rnn.seed_bounds('LMModel99'))
    add('rnn', "check_run(nan, 'LMModel1')", lambda: rnn.check_run(float('nan'), 'LMModel1'))
    add('rnn', 'Recipe.train(epochs=0)', lambda: rnn.lmmodel1.train(epochs=0))
    add('rnn', "accuracy_history('learn')", lambda: rnn.accuracy_history('learn'))
    # stateful
    add('stateful', 'group_chunks(ds, 0)', lambda: stateful.group_chunks(list(range(10)), 0))
    add('stateful', 'group_chunks(ds, 11)', lambda: stateful.group_chunks(list(range(10)), 11))
    add('stateful', 'seq_dls(sl=5000)', lambda: stateful.seq_dls(sl=5000))
    add('stateful', "seq_dls(bs='64')", lambda: stateful.seq_dls(bs='64'))
    add('stateful', 'LMModel4(30, -5)', lambda: stateful.LMModel4(30, -5))
    add('stateful', 'LMModel3 on zero tokens', lambda: stateful.LMModel3(30, 8)(x[:, :0]))
    # multilayer
    add('multilayer', 'LMModel5(30, 64, 0)', lambda: multilayer.LMModel5(30, 64, 0))
    add('multilayer', 'LMModel5(30, 64.5, 2)', lambda: multilayer.LMModel5(30, 64.5, 2))
    add('multilayer', 'LMModel5 on uint8 ids', lambda: multilayer.LMModel5(30, 8, 2)(x.to(torch.uint8)), 'ok')
    add('multilayer', 'LMModel5 on zero tokens', lambda: multilayer.LMModel5(30, 8, 2)(x[:, :0]))
    add('multilayer', 'check_state(state for 5 rows, x of 4)', lambda: multilayer.check_state(torch.zeros(2, 5, 8), x))
    add('multilayer', 'check_state((h, c), pair=False)', lambda: multilayer.check_state((torch.zeros(2, 4, 8),) * 2, x, pair=False))
    add('multilayer', 'grad_stretches(n=0)', lambda: multilayer.grad_stretches(n=0))
    # lstm
    add('lstm', 'LSTMCell(0, 7)', lambda: lstm.LSTMCell(0, 7))
    add('lstm', "LSTMCell(5, '7')", lambda: lstm.LSTMCell(5, '7'))
    add('lstm', 'LSTMCell.load_torch(nn.GRUCell)', lambda: lstm.LSTMCell(5, 7).load_torch(nn.GRUCell(5, 7)))
    add('lstm', 'LSTMCell.load_torch(size mismatch)', lambda: lstm.LSTMCell(5, 7).load_torch(nn.LSTMCell(5, 8)))
    add('lstm', 'LSTMCell on float64 x', lambda: lstm.LSTMCell(5, 7)(torch.randn(3, 5, dtype=torch.float64)))
    add('lstm', 'LSTMCell on int ids', lambda: lstm.LSTMCell(5, 7)(torch.ones(3, 5, dtype=torch.long)))
    add('lstm', 'compare(list, tensor)', lambda: lstm.compare([1.], torch.ones(1)))
    add('lstm', 'compare(float32, float64)', lambda: lstm.compare(torch.ones(2), torch.ones(2, dtype=torch.float64)), 'ok')
    add('lstm', 'LMModel6(30, 64, 0)', lambda: lstm.LMModel6(30, 64, 0))
    # gru
    add('gru', 'GRUCell(5, 0)', lambda: gru.GRUCell(5, 0))
    add('gru', 'GRUCell.load_torch(nn.LSTMCell)', lambda: gru.GRUCell(5, 7).load_torch(nn.LSTMCell(5, 7)))
    add('gru', 'GRUCell with a (h, c) state', lambda: gru.GRUCell(5, 7)(torch.randn(3, 5), (torch.zeros(3, 7), torch.zeros(3, 7))))
    add('gru', 'ScratchGRU.load_torch(nn.LSTM)', lambda: gru.ScratchGRU(5, 7).load_torch(nn.LSTM(5, 7)))
    # regularize
    add('regularize', 'TAR on one step', lambda: regularize.temporal_activation_reg(torch.randn(4, 1, 8)), 'ok')
    add('regularize', 'AR on an empty batch', lambda: regularize.activation_reg(torch.randn(0, 5, 3)))
    add('regularize', 'AR with alpha nan', lambda: regularize.activation_reg(torch.randn(4, 5, 3), float('nan')))
    add('regularize', 'AR with alpha -1', lambda: regularize.activation_reg(torch.randn(4, 5, 3), -1.))
    add('regularize', 'Dropout(1.0)', lambda: regularize.Dropout(1.0))
    add('regularize', 'Dropout on int tensor', lambda: regularize.Dropout(0.5)(torch.ones(3, dtype=torch.long)))
    add('regularize', 'LMModel7(0, 64, 2, 0.4)', lambda: regularize.LMModel7(0, 64, 2, 0.4))
    add('regularize', 'LMModel7 on uint8 ids', lambda: regularize.LMModel7(30, 8, 2, 0.4)(x.to(torch.uint8)), 'ok')
    add('regularize', 'LMModel7 on an empty batch', lambda: regularize.LMModel7(30, 8, 2, 0.4)(x[:0]))
    add('regularize', 'tie_weights(a tensor)', lambda: regularize.tie_weights(torch.zeros(3, 3), nn.Embedding(3, 3)))
    # awd
    add('awd', 'EmbedDropout with a 1-d weight', lambda: awd.EmbedDropout(0.5)(x, torch.randn(30)))
    add('awd', "WeightDrop(names='weight_hh_l0')", lambda: awd.WeightDrop(nn.LSTM(5, 6, batch_first=True), 0.5, names='weight_hh_l0'), 'ok')
    add('awd', 'WeightDrop(nn.Linear)', lambda: awd.WeightDrop(nn.Linear(3, 3)))
    add('awd', 'awd_from_fastai(a model)', lambda: awd.awd_from_fastai(nn.Linear(3, 3)))
    add('awd', 'AWDLSTM(0)', lambda: awd.AWDLSTM(0))
    add('awd', 'AWDLSTM(30, drop_mult=-0.5)', lambda: awd.AWDLSTM(30, drop_mult=-0.5))
    add('awd', 'AWDConfig(epochs=0)', lambda: awd.AWDConfig(epochs=0))
    add('awd', 'AWDLSTM on uint8 ids', lambda: awd.AWDLSTM(30, emb_sz=8, n_hid=16)(x.to(torch.uint8)), 'ok')
    add('awd', 'AWDLSTM on ids out of the vocab', lambda: awd.AWDLSTM(30, emb_sz=8, n_hid=16)(x + 30))
    # charrnn
    cv = charrnn.CharVocab('hello world')
    net = charrnn.RNNModelScratch(len(cv), 8)
    add('charrnn', 'grad_clipping before any backward', lambda: charrnn.grad_clipping(net, 1.0), 'ok')
    def clip_gen():
        m = nn.Linear(3, 3); (m(torch.ones(1, 3)) * 1e3).sum().backward()
        charrnn.grad_clipping(m.parameters(), 1.0)
        total = math.sqrt(sum(float((p.grad ** 2).sum()) for p in m.parameters()))
        if total > 1.0 + 1e-4: raise AssertionError(f'not clipped: norm {total}')   # would be silent
    add('charrnn', 'grad_clipping(model.parameters())', clip_gen, 'ok')
    add('charrnn', "grad_clipping(theta='1')", lambda: charrnn.grad_clipping(net, '1'))
    add('charrnn', 'predict(num_preds=-5)', lambda: charrnn.predict('he', -5, net, cv))
    add('charrnn', 'RNNModelScratch(28, 0)', lambda: charrnn.RNNModelScratch(28, 0))
    add('charrnn', 'begin_state(0)', lambda: net.begin_state(0))
    add('charrnn', 'one_hot_inputs(ids >= vocab)', lambda: charrnn.one_hot_inputs(torch.tensor([[40]]), 28))
    add('charrnn', 'split_corpus(n=0)', lambda: charrnn.split_corpus(torch.arange(100), 0))
    add('charrnn', 'LMSCRATCH_DATA is a file (corpus)', lambda: env(str(tmp/'a_file'), charrnn.fetch_time_machine))
    # generate
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
    # tour
    from lmscratch import tour
    add('tour', "run_experiment('LMModel99')", lambda: tour.run_experiment('LMModel99'))
    add('tour', 'plot_history([])', lambda: tour.plot_history([]))
    add('tour', 'lmscratch-tour --seeds -1', lambda: tour.tour(['--seeds', '-1']))
    add('tour', 'lmscratch-tour --models LMModel1,LMModel1', lambda: tour.tour(['--models', 'LMModel1,LMModel1']))
    add('tour', 'lmscratch-tour --out <a file>', lambda: tour.tour(['--models', 'baseline', '--out', str(tmp/'a_file')]))
    return L

def outcome(f, expect):
    "('clear' | 'handled' | 'internal' | 'silent', message)."
    import contextlib, io
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter('ignore'); f()
    except SystemExit as e:   # argparse's error: the tour's own argument checks
        return ('clear' if expect == 'error' else 'internal'), f'exit {e.code}'
    except BaseException as e:
        frames = traceback.extract_tb(e.__traceback__)
        ours = bool(frames) and frames[-1].filename.startswith(PKG)
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
