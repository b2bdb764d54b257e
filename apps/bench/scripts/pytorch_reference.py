#!/usr/bin/python3
"""PyTorch's numbers for the bench's rows, on this machine, for the CPU targets of issue 6.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13):

    /usr/bin/python3 apps/bench/scripts/pytorch_reference.py [--threads 2] [--out FILE]

It times the same shapes as `stride-bench bench` (matmul, the four conv shapes forward /
backward-input / backward-weight, LeNet-5 and resnet20 training and inference, resnet18 and
MobileNetV2 inference at batch 8, 3×224²) the same way: warm-up runs first, then the median and
min of timed runs. It prints a table and, with --out, writes JSON. LeNet-5 and resnet20 are the
ones the zoo's fixture generator defines, imported from it; resnet18 and MobileNetV2 are
torchvision's own (python3-torchvision 0.14), whose keys and logits the zoo's tests hold Stride to.
`--only ID,...` times only the rows whose id starts with one of the prefixes (e.g. `--only resnet18,mobilenet`).
"""
import argparse
import importlib.util
import json
import os
import platform
import statistics
import time

import torch
import torch.nn.functional as F
import torchvision

ZOO_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'packages', 'zoo', 'scripts', 'gen_fixtures.py')

CONV_SHAPES = [
    # id, N, Cin, Cout, H, K, P, S  (the bench's four conv rows)
    ('lenet-conv1', 64, 1, 20, 28, 5, 2, 1),
    ('lenet-conv2', 64, 20, 50, 14, 5, 2, 1),
    ('resnet-3x3', 32, 64, 64, 32, 3, 1, 1),
    ('strided', 32, 64, 128, 32, 3, 1, 2),
]


def zoo_models():
    spec = importlib.util.spec_from_file_location('zoo_gen_fixtures', ZOO_GEN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def timed(fn, warmup, samples, budget_s):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < samples or (time.perf_counter() - start < budget_s and len(times) < 50):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def conv_out(h, k, p, s):
    return (h + 2 * p - k) // s + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--samples', type=int, default=5)
    ap.add_argument('--out')
    ap.add_argument('--only', help='comma-separated row id prefixes to time (default: every row)')
    args = ap.parse_args()
    only = tuple(args.only.split(',')) if args.only else None
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rows = []

    def wanted(row_id):
        return only is None or row_id.startswith(only)

    def add(row_id, measure, flops=None, images=None):
        if not wanted(row_id):
            return
        med, mn = measure()
        row = {'id': row_id, 'medianMs': med * 1e3, 'minMs': mn * 1e3}
        if flops:
            row['gflops'] = flops / med / 1e9
        if images:
            row['imagesPerSecond'] = images / med
        rows.append(row)
        extra = f"{row['gflops']:8.1f} GFLOP/s" if flops else f"{row['imagesPerSecond']:8.0f} img/s"
        print(f'{row_id:28s} median {med * 1e3:9.2f} ms  min {mn * 1e3:9.2f} ms  {extra}', flush=True)

    for n in (256, 512, 1024):
        a, b = torch.rand(n, n), torch.rand(n, n)
        add(f'matmul-{n}', lambda: timed(lambda: torch.mm(a, b), 2, args.samples, 1.0), flops=2 * n ** 3)

    for name, n, cin, cout, h, k, p, s in CONV_SHAPES:
        x = torch.rand(n, cin, h, h)
        w = torch.rand(cout, cin, k, k)
        ho = conv_out(h, k, p, s)
        gy = torch.rand(n, cout, ho, ho)
        flops = 2 * n * cout * ho * ho * cin * k * k
        add(f'conv-{name}-fwd', lambda: timed(lambda: F.conv2d(x, w, padding=p, stride=s), 2, args.samples, 1.0), flops=flops)
        add(f'conv-{name}-bwd-input', lambda: timed(
            lambda: torch.nn.grad.conv2d_input(x.shape, w, gy, padding=p, stride=s), 2, args.samples, 1.0), flops=flops)
        add(f'conv-{name}-bwd-weight', lambda: timed(
            lambda: torch.nn.grad.conv2d_weight(x, w.shape, gy, padding=p, stride=s), 2, args.samples, 1.0), flops=flops)

    x = torch.rand(64, 20, 28, 28)
    add('maxpool-lenet', lambda: timed(lambda: F.max_pool2d(x, 2), 2, args.samples, 1.0), images=64)

    models = zoo_models()

    def train_step_fn(model, batch, shape, opt):
        xs = torch.randn(batch, *shape)
        ys = torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            F.cross_entropy(model(xs), ys).backward()
            opt.step()
        return step

    def infer_fn(model, batch, shape):
        xs = torch.randn(batch, *shape)

        def run():
            with torch.no_grad():
                model(xs)
        return run

    lenet = models.LeNet5()
    add('lenet5-train-b64', lambda: timed(train_step_fn(lenet, 64, (1, 28, 28), torch.optim.Adam(lenet.parameters(), 1e-3)), 3, args.samples * 4, 2.0), images=64)
    lenet.eval()
    add('lenet5-infer-b64', lambda: timed(infer_fn(lenet, 64, (1, 28, 28)), 3, args.samples * 4, 1.0), images=64)
    for batch in (32, 128):
        net = models.CifarResNet(3)
        opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
        add(f'resnet20-train-b{batch}', lambda: timed(train_step_fn(net, batch, (3, 32, 32), opt), 2, args.samples, 2.0), images=batch)
        net.eval()
        add(f'resnet20-infer-b{batch}', lambda: timed(infer_fn(net, batch, (3, 32, 32)), 2, args.samples, 1.0), images=batch)

    # The bench's ImageNet rows: torchvision's models in eval mode, batch 8 of 3×224².
    for row_id, build, gmacs in (('resnet18-infer-b8', torchvision.models.resnet18, 1.814073344),
                                 ('mobilenetV2-infer-b8', torchvision.models.mobilenet_v2, 0.300774272)):
        if wanted(row_id):
            net = build().eval()
            add(row_id, lambda: timed(infer_fn(net, 8, (3, 224, 224)), 2, args.samples, 2.0), flops=2 * gmacs * 1e9 * 8, images=8)

    report = {
        'library': f'pytorch {torch.__version__}',
        'threads': torch.get_num_threads(),
        'machine': {'cpu': platform.processor() or platform.machine(), 'cores': os.cpu_count()},
        'rows': rows,
    }
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(report, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main()
