#!/usr/bin/python3
"""Where a PyTorch training step spends its time, by op: the PyTorch side of `stride-bench profile`.

    /usr/bin/python3 apps/bench/scripts/pytorch_profile.py --model resnet20 --batch 128 --steps 5 --threads 2

The step is the bench's (bench_models.py's network, SGD lr 0.01, cross-entropy, grads set to None,
then the loss read; with --mode infer, the network in eval mode with batch norm folded by torch.fx's
fuse, under no_grad, the logits read), timed first without the profiler, then under torch.profiler (CPU, with
record_shapes) for --steps steps after --warmup untimed ones. Ops are aggregated by name on their
self time (a parent op's time excludes its children's, so the times add up); ops run inside
torch.optim's step are named 'Optimizer.step: <op>' so the update is not mixed with the model's
elementwise work. Prints one JSON document: versions, threads, BLAS, the step time with and without
the profiler, and per op its calls and self milliseconds per step.
"""
import argparse
import json
import time

import torch
import torch.fx.experimental.optimization as fx_optimization
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

import bench_models


def training_step(name, batch):
    model = bench_models.build_model(name).train()
    x = torch.randn(*bench_models.input_shape(name, batch))
    labels = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def inference_pass(name, batch):
    # Batch norm folded into the convolutions, as the bench's inference rows run it.
    model = fx_optimization.fuse(bench_models.build_model(name).eval())
    x = torch.randn(*bench_models.input_shape(name, batch))

    def step():
        with torch.no_grad():
            return model(x).sum().item()
    return step


def in_optimizer_step(event):
    e = event.cpu_parent
    while e is not None:
        if e.name.startswith('Optimizer.step#'):
            return True
        e = e.cpu_parent
    return False


def by_op(events, steps):
    ops = {}
    for e in events:
        name = f'Optimizer.step: {e.name}' if in_optimizer_step(e) else e.name
        entry = ops.setdefault(name, {'name': name, 'calls': 0, 'selfUs': 0.0})
        entry['calls'] += 1
        entry['selfUs'] += e.self_cpu_time_total
    out = [{'name': o['name'], 'callsPerStep': o['calls'] / steps, 'msPerStep': o['selfUs'] / 1e3 / steps} for o in ops.values()]
    return sorted(out, key=lambda o: -o['msPerStep'])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', required=True, choices=sorted(bench_models.IMAGE))
    ap.add_argument('--mode', choices=['train', 'infer'], default='train')
    ap.add_argument('--batch', type=int, required=True)
    ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    bench_models.zoo_module()  # its import sets one thread: before ours
    threads = bench_models.set_threads(args.threads)
    torch.manual_seed(0)
    step = (training_step if args.mode == 'train' else inference_pass)(args.model, args.batch)
    for _ in range(args.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    plain_ms = (time.perf_counter() - t0) * 1e3 / args.steps
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        t0 = time.perf_counter()
        for _ in range(args.steps):
            step()
        profiled_ms = (time.perf_counter() - t0) * 1e3 / args.steps
    print(json.dumps({
        'version': torch.__version__,
        'threads': threads,
        **bench_models.blas_info(),
        'stepMs': profiled_ms,
        'stepMsWithoutProfiler': plain_ms,
        'ops': by_op(prof.events(), args.steps),
    }))


if __name__ == '__main__':
    main()
