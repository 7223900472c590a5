"""Tokens per second of one training step (forward, backward, clip, SGD) of the character RNN:
our BareRNN (a Python loop over time steps) against TorchRNN (nn.RNN).
Usage: OMP_NUM_THREADS=1 python benchmarks/charrnn_speed.py   (prints a table; median of 5 timings of 20 steps)"""
import statistics, time, torch
import torch.nn.functional as F
from lmscratch.charrnn import BareRNN, TorchRNN, clip_global_norm

def tokens_per_s(model, bs=32, steps=35, vocab=28, n=20, repeats=5):
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    X = torch.randint(0, vocab, (bs, steps)); Y = torch.randint(0, vocab, (bs, steps))
    def step():
        out, _ = model(X, model.zero_state(bs))
        loss = F.cross_entropy(out, Y.T.reshape(-1)); opt.zero_grad(); loss.backward(); clip_global_norm(model, 1.0); opt.step()
    for _ in range(3): step()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n): step()
        times.append(time.perf_counter() - t0)
    return n * bs * steps / statistics.median(times)

if __name__ == '__main__':
    print(f'torch {torch.__version__}, {torch.get_num_threads()} thread(s)')
    print(f"{'hidden':>6} {'scratch tok/s':>14} {'nn.RNN tok/s':>13} {'ratio':>6}")
    for h in (256, 512):
        torch.manual_seed(0)
        a, b = tokens_per_s(BareRNN(28, h)), tokens_per_s(TorchRNN(28, h))
        print(f'{h:>6} {a:>14,.0f} {b:>13,.0f} {b/a:>6.2f}')
