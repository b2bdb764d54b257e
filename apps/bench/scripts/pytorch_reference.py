#!/usr/bin/python3
"""PyTorch on the bench's rows, on this machine: the peer column `stride-bench bench` shows beside tfjs.

`stride-bench bench` runs it once, after Stride's rows, with Debian's PyTorch (python3-torch 1.13,
python3-torchvision 0.14) and the cpu backend's thread count:

    /usr/bin/python3 apps/bench/scripts/pytorch_reference.py --plan PLAN.json --threads 2 --jsonl

The plan (the bench writes it to report/pytorch-plan.json, so a person can rerun PyTorch alone)
lists every row with its workload and the profile's measuring rule; this script knows no shapes of
its own. Each row is timed as the bench times Stride: the first run alone, the rest of the warm-up
untimed, then samples until the profile's maximum, or its minimum once its time budget is spent
(one sample where the first run was over the slow-run limit). The process's resident set is
sampled where the work peaks. LeNet-5 and resnet20 are the zoo fixture generator's networks,
resnet18 and MobileNetV2 torchvision's, trained as Stride's rows are (SGD lr 0.01, cross-entropy,
grads set to None) or run in eval mode under no_grad.

Output: with --jsonl, one JSON object a line on stdout (an 'info' line: versions, threads, BLAS;
then a 'row' line per row as it finishes), so the bench keeps what finished if a row hangs; else a
table. --out FILE writes everything as one JSON document too. --only ID,... keeps the rows whose
id starts with one of the prefixes.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.fx.experimental.optimization as fx_optimization
import torch.nn.functional as F
import torchvision

import bench_models


def rss_bytes():
    try:
        with open('/proc/self/statm') as f:
            return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(run, s):
    """The bench's rule (src/measure/measure.ts): first run apart, warm-up, then samples within the budget."""
    peak = rss_bytes()

    def probe():
        nonlocal peak
        peak = max(peak, rss_bytes())

    def timed():
        t0 = time.perf_counter()
        run(probe)
        return (time.perf_counter() - t0) * 1e3

    warm_start = time.perf_counter()
    first = timed()
    slow = s.get('slowRunMs') is not None and first > s['slowRunMs']
    runs = 1
    while not slow and (runs < s['warmup'] or (time.perf_counter() - warm_start) * 1e3 < s.get('warmupMs', 0)):
        timed()
        runs += 1
    samples = []
    start = time.perf_counter()
    min_samples, max_samples = (1, 1) if slow else (s['minSamples'], s['maxSamples'])
    while len(samples) < max_samples:
        if len(samples) >= min_samples and (time.perf_counter() - start) * 1e3 >= s['budgetMs']:
            break
        samples.append(timed())
    return {'firstMs': first, 'samplesMs': samples, 'peakRssBytes': peak}


def randn(*shape):
    return torch.randn(*shape)


def forward_only(fn):
    def run(probe):
        y = fn()
        probe()
        return y
    return run


def grad_of(x, fn, dy_shape, extra=()):
    """Forward and backward of fn(x) with a fixed upstream gradient; reads x's gradient."""
    leaves = [x, *extra]
    for t in leaves:
        t.requires_grad_(True)
    dy = torch.randn(*dy_shape)

    def run(probe):
        for t in leaves:
            t.grad = None
        fn(x).backward(dy)
        probe()
        return x.grad
    return run


def conv_workload(c):
    n, cin, cout, size, k, pad, stride = c['n'], c['cIn'], c['cOut'], c['size'], c['k'], c['pad'], c['stride']
    out = (size + 2 * pad - k) // stride + 1
    x, w, dy = randn(n, cin, size, size), randn(cout, cin, k, k), randn(n, cout, out, out)
    if c['pass'] == 'forward':
        return forward_only(lambda: F.conv2d(x, w, stride=stride, padding=pad))
    # The backward kernel alone, as autograd calls it (Stride's rows call convBackwardInput/Weight).
    mask = [True, False, False] if c['pass'] == 'backwardInput' else [False, True, False]
    pick = 0 if c['pass'] == 'backwardInput' else 1
    return forward_only(lambda: torch.ops.aten.convolution_backward(
        dy, x, w, None, [stride, stride], [pad, pad], [1, 1], False, [0, 0], 1, mask)[pick])


def max_pool_workload(c):
    x = randn(c['n'], c['c'], c['size'], c['size'])
    pool = lambda t: F.max_pool2d(t, c['k'])  # noqa: E731
    if c['pass'] == 'forward':
        return forward_only(lambda: pool(x))
    out = c['size'] // c['k']
    return grad_of(x, pool, (c['n'], c['c'], out, out))


def batch_norm_workload(c):
    x = randn(c['n'], c['c'], c['size'], c['size'])
    weight, bias = randn(c['c']), randn(c['c'])
    running_mean, running_var = torch.zeros(c['c']), torch.ones(c['c'])
    bn = lambda t: F.batch_norm(t, running_mean, running_var, weight, bias, training=True)  # noqa: E731
    if c['pass'] == 'forward':
        return forward_only(lambda: bn(x))
    return grad_of(x, bn, tuple(x.shape), extra=(weight, bias))


def blur_filter(channels):
    taps = torch.tensor([1.0, 2.0, 1.0])
    f = torch.outer(taps, taps)
    return (f / f.sum()).expand(channels, 1, 3, 3).contiguous()


def op_workload(c):
    op = c['op']
    if op == 'interpolate':
        x = randn(c['n'], c['c'], c['size'], c['size'])
        return forward_only(lambda: F.interpolate(x, scale_factor=c['scale'], mode='bilinear', align_corners=False))
    if op == 'padReflect':
        x = randn(c['n'], c['c'], c['size'], c['size'])
        p = c['pad']
        return forward_only(lambda: F.pad(x, (p, p, p, p), mode='reflect'))
    if op == 'indexSelect':
        table, index = randn(c['rows'], c['width']), torch.randint(0, c['rows'], (c['picks'],))
        return forward_only(lambda: torch.index_select(table, 0, index))
    if op == 'gather':
        x, index = randn(c['rows'], c['width']), torch.randint(0, c['width'], (c['rows'], c['width']))
        return forward_only(lambda: torch.gather(x, 1, index))
    if op == 'topk':
        x = randn(c['rows'], c['width'])
        return forward_only(lambda: torch.topk(x, c['k']).values)
    if op == 'blurPool':
        # antialiased-cnns' BlurPool: reflect padding, then the binomial filter as a depthwise conv of stride 2.
        x = randn(c['n'], c['c'], c['size'], c['size'])
        f = blur_filter(c['c'])
        return forward_only(lambda: F.conv2d(F.pad(x, (1, 1, 1, 1), mode='reflect'), f, stride=2, groups=c['c']))
    raise ValueError(f"pytorch_reference: unknown op '{op}'")


def model_workload(c):
    model = bench_models.build_model(c['model'])
    x = torch.randn(*bench_models.input_shape(c['model'], c['batch'], c.get('imageSize')))
    if c['mode'] == 'infer':
        # Batch norm folded into the convolutions (torch.fx's fuse), as Stride's fuse() and
        # onnxruntime's graph optimisations do for their rows.
        model = fx_optimization.fuse(model.eval())

        def infer(probe):
            with torch.no_grad():
                y = model(x)
                probe()
            return y
        return infer
    model.train()
    labels = torch.randint(0, 10, (c['batch'],))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step(probe):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        probe()
        opt.step()
        return loss.item()
    return step


WORKLOADS = {
    'matmul': lambda c: (lambda a, b: forward_only(lambda: torch.mm(a, b)))(randn(c['n'], c['n']), randn(c['n'], c['n'])),
    'conv': conv_workload,
    'maxPool': max_pool_workload,
    'batchNorm': batch_norm_workload,
    'op': op_workload,
    'model': model_workload,
}


def time_row(row, settings):
    spec = row['spec']
    try:
        run = WORKLOADS[spec['kind']](spec)
        return {'id': row['id'], 'status': 'ok', 'reason': None, **measure(run, settings)}
    except Exception as e:  # a row that breaks is reported, and the others still run
        return {'id': row['id'], 'status': 'failed', 'reason': f'{type(e).__name__}: {e}'}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--plan', required=True, help='the rows and measuring rule, as stride-bench writes them (report/pytorch-plan.json)')
    ap.add_argument('--threads', type=int, default=None, help="torch's intra-op threads (default: the plan's)")
    ap.add_argument('--jsonl', action='store_true', help='one JSON object a line on stdout, for the bench')
    ap.add_argument('--out', help='also write every result as one JSON file')
    ap.add_argument('--only', help='comma-separated row id prefixes to time (default: every row)')
    args = ap.parse_args()
    with open(args.plan) as f:
        plan = json.load(f)
    only = tuple(args.only.split(',')) if args.only else None
    rows = [r for r in plan['rows'] if only is None or r['id'].startswith(only)]
    bench_models.zoo_module()  # its import sets one thread: before ours
    threads = bench_models.set_threads(args.threads or plan['threads'])
    torch.manual_seed(0)
    info = {'type': 'info', 'version': torch.__version__, 'torchvision': torchvision.__version__, 'threads': threads,
            **bench_models.blas_info()}
    emit(args, info)
    results = []
    for row in rows:
        result = time_row(row, plan['settings'])
        results.append(result)
        emit(args, {'type': 'row', **result})
    if args.out:
        with open(args.out, 'w') as f:
            json.dump({'info': info, 'rows': results}, f, indent=1)
            f.write('\n')


def emit(args, obj):
    if args.jsonl:
        print(json.dumps(obj), flush=True)
    elif obj['type'] == 'info':
        print(f"PyTorch {obj['version']} on {obj['threads']} threads, {obj['blas']}", flush=True)
    elif obj['status'] == 'ok':
        samples = sorted(obj['samplesMs'])
        median = samples[len(samples) // 2] if len(samples) % 2 else (samples[len(samples) // 2 - 1] + samples[len(samples) // 2]) / 2
        print(f"{obj['id']:36s} median {median:9.2f} ms  min {samples[0]:9.2f} ms  first {obj['firstMs']:9.2f} ms", flush=True)
    else:
        print(f"{obj['id']:36s} {obj['status']}: {obj['reason']}", file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()
