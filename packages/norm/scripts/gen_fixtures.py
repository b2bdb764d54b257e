#!/usr/bin/python3
"""Writes the PyTorch oracle fixtures for @stride/norm.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13):

    /usr/bin/python3 packages/norm/scripts/gen_fixtures.py

Two files:
  functional.json  one call of F.batch_norm / layer_norm / group_norm / instance_norm per case:
                   inputs, options, running statistics before and after, the output and the
                   gradients of sum(out * gy) wrt x, weight and bias.
  modules.json     a module (BatchNorm1d/2d, LayerNorm, GroupNorm, InstanceNorm2d) driven through
                   several steps in train or eval mode: per step the input, output, gradients
                   and every buffer after the step, plus PyTorch's state-dict keys.

Inputs are float32 (the exact values Stride receives); PyTorch computes in float64 and the
results are rounded to float32, so a float32 engine is compared against the exact answer. The
same computation is repeated in float32, and where PyTorch's own float32 error comes within a
factor of 4 of the default rtol (1e-5) the case records the larger `rtol` it needs.
"""
import importlib.util
import os
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, '..', 'fixtures')


def load_conformance_helpers():
    """The JSON writer and tolerance rules of the conformance fixtures, shared rather than copied."""
    path = os.path.join(HERE, '..', '..', 'conformance', 'scripts', 'gen_fixtures.py')
    spec = importlib.util.spec_from_file_location('conformance_gen_fixtures', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conformance = load_conformance_helpers()
DEFAULT_RTOL = conformance.DEFAULT_RTOL
dumps, needed_rtol, rel_err, tensor_json = conformance.dumps, conformance.needed_rtol, conformance.rel_err, conformance.tensor_json
GRAD_NAMES = ('x', 'weight', 'bias')
torch.set_num_threads(1)


# ---------------------------------------------------------------- functional cases

def functional_case(cases, name, op, inputs, options, fn):
    """inputs: {name: float32 tensor}; x, weight and bias get gradients, running stats are updated."""
    gy = seeded(name).randn_like_of(fn({k: v.double() for k, v in inputs.items()}))

    def run(dtype):
        ts = {k: v.to(dtype).clone().requires_grad_(k in GRAD_NAMES) for k, v in inputs.items()}
        y = fn(ts)
        (y * gy.to(dtype)).sum().backward()
        grads = {k: ts[k].grad for k in GRAD_NAMES if k in ts}
        running = {k: ts[k].detach() for k in ('runningMean', 'runningVar') if k in ts}
        return {'out': y.detach(), **{f'grad_{k}': g for k, g in grads.items()}, **running}

    exact, single = run(torch.float64), run(torch.float32)
    entry = {
        'name': name,
        'op': op,
        'options': options,
        'inputs': {k: tensor_json(v) for k, v in inputs.items()},
        'gy': tensor_json(gy),
        'expected': {k: tensor_json(v) for k, v in exact.items()},
    }
    add_rtol(entry, exact, single)
    cases.append(entry)


def per_channel_inputs(d, x_shape, running, affine):
    """x off-centre and spread out, with optional running stats (variances in [0.5, 2)) and affine."""
    c = x_shape[1]
    inputs = {'x': d.randn(*x_shape, scale=2.0) + 0.5}
    if running:
        inputs['runningMean'] = d.randn(c, scale=0.5)
        inputs['runningVar'] = d.uniform(0.5, 2.0, c)
    if affine:
        inputs['weight'] = d.randn(c)
        inputs['bias'] = d.randn(c)
    return inputs


def gen_functional():
    d = Data(1)
    cases = []

    def bn(x_shape, training, momentum=0.1, eps=1e-5, affine=True, running=True, note=''):
        inputs = per_channel_inputs(d, x_shape, running, affine)
        options = {'training': training, 'momentum': momentum, 'eps': eps}
        name = f'batchNorm {"training" if training else "eval"} on x {fmt(x_shape)}, momentum {momentum}, eps {eps}' + \
            ('' if affine else ', no weight or bias') + ('' if running else ', no running stats') + note
        functional_case(cases, name, 'batchNorm', inputs, options, lambda t: F.batch_norm(
            t['x'], t.get('runningMean'), t.get('runningVar'), t.get('weight'), t.get('bias'),
            training=training, momentum=momentum, eps=eps))

    bn([6, 4], True)
    bn([4, 3, 5], True, momentum=0.3)
    bn([2, 3, 4, 4], True)
    bn([2, 3, 4, 4], True, eps=1e-3, affine=False)
    bn([2, 3, 4, 4], True, running=False)
    bn([2, 3, 4, 4], False)
    bn([6, 4], False, eps=1e-3)
    bn([4, 3, 5], False, affine=False)

    def ln(x_shape, normalized_shape, affine=True, eps=1e-5):
        inputs = {'x': d.randn(*x_shape, scale=2.0) - 0.3}
        if affine:
            inputs['weight'] = d.randn(*normalized_shape)
            inputs['bias'] = d.randn(*normalized_shape)
        name = f'layerNorm over {fmt(normalized_shape)} on x {fmt(x_shape)}, eps {eps}' + ('' if affine else ', no weight or bias')
        functional_case(cases, name, 'layerNorm', inputs, {'normalizedShape': normalized_shape, 'eps': eps},
                        lambda t: F.layer_norm(t['x'], normalized_shape, t.get('weight'), t.get('bias'), eps=eps))

    ln([3, 5], [5])
    ln([2, 3, 5], [5])
    ln([2, 3, 5], [3, 5])
    ln([2, 4, 3, 3], [3, 3], affine=False, eps=1e-3)

    def gn(x_shape, groups, affine=True, eps=1e-5):
        c = x_shape[1]
        inputs = {'x': d.randn(*x_shape, scale=1.5) + 1.0}
        if affine:
            inputs['weight'] = d.randn(c)
            inputs['bias'] = d.randn(c)
        name = f'groupNorm with {groups} groups on x {fmt(x_shape)}, eps {eps}' + ('' if affine else ', no weight or bias')
        functional_case(cases, name, 'groupNorm', inputs, {'numGroups': groups, 'eps': eps},
                        lambda t: F.group_norm(t['x'], groups, t.get('weight'), t.get('bias'), eps=eps))

    gn([2, 6, 3, 3], 1)
    gn([2, 6, 3, 3], 2)
    gn([2, 6, 3, 3], 6)
    gn([3, 4, 5], 2, affine=False, eps=1e-3)

    def inorm(x_shape, use_input_stats=True, running=False, affine=False, momentum=0.1, eps=1e-5):
        inputs = per_channel_inputs(d, x_shape, running, affine)
        name = f'instanceNorm {"with input stats" if use_input_stats else "with running stats"} on x {fmt(x_shape)}, ' \
            f'momentum {momentum}, eps {eps}' + (', running stats' if running else '') + (', weight and bias' if affine else '')
        functional_case(cases, name, 'instanceNorm', inputs,
                        {'useInputStats': use_input_stats, 'momentum': momentum, 'eps': eps},
                        lambda t: F.instance_norm(t['x'], t.get('runningMean'), t.get('runningVar'), t.get('weight'),
                                                  t.get('bias'), use_input_stats=use_input_stats, momentum=momentum, eps=eps))

    inorm([2, 3, 4, 4])
    inorm([2, 3, 4, 4], affine=True)
    inorm([2, 3, 4, 4], running=True, momentum=0.3)
    inorm([3, 2, 5], running=True, affine=True)
    inorm([2, 3, 4, 4], use_input_stats=False, running=True, affine=True, eps=1e-3)
    return cases


# ---------------------------------------------------------------- module cases

def module_case(cases, name, kind, args, options, make, steps, init_buffers=False):
    """steps: [(training, x_shape)]; the module's weight and bias (if any) start random."""
    d = Data(zlib.crc32(name.encode()))
    proto = make()
    init = {}
    for k, v in proto.named_parameters():
        init[k] = d.randn(*v.shape)
    if init_buffers:
        init['running_mean'] = d.randn(*proto.running_mean.shape, scale=0.5)
        init['running_var'] = d.uniform(0.5, 2.0, *proto.running_var.shape)
    inputs = [(training, d.randn(*shape, scale=2.0) + 0.5) for training, shape in steps]
    gys = [d.randn(*shape) for _, shape in steps]

    def run(dtype):
        m = make().to(dtype)
        with torch.no_grad():
            for k, v in init.items():
                getattr(m, k).copy_(v)
        out = []
        for (training, x), gy in zip(inputs, gys):
            m.train(training)
            m.zero_grad(set_to_none=True)
            xt = x.to(dtype).clone().requires_grad_(True)
            y = m(xt)
            (y * gy.to(dtype)).sum().backward()
            step = {'out': y.detach(), 'grad_x': xt.grad}
            for k, p in m.named_parameters():
                step[f'grad_{k}'] = p.grad
            for k, b in m.named_buffers():
                step[k] = b.detach().clone()
            out.append(step)
        return out, list(make().state_dict().keys())

    exact, keys = run(torch.float64)
    single, _ = run(torch.float32)
    entry = {
        'name': name,
        'module': kind,
        'args': args,
        'options': options,
        'init': {k: tensor_json(v) for k, v in init.items()},
        'stateDictKeys': keys,
        'steps': [],
    }
    worst = 0.0
    for (training, x), gy, e, s in zip(inputs, gys, exact, single):
        step = {'training': training, 'x': tensor_json(x), 'gy': tensor_json(gy), 'expected': {}}
        for k, v in e.items():
            if k == 'num_batches_tracked':
                step['expected'][k] = int(v.item())
            else:
                step['expected'][k] = tensor_json(v)
                worst = max(worst, rel_err(s[k], v))
        entry['steps'].append(step)
    rtol = needed_rtol(worst)
    if rtol > DEFAULT_RTOL:
        entry['rtol'] = rtol
    cases.append(entry)


def gen_modules():
    cases = []
    train3_eval = lambda shape: [(True, shape), (True, shape), (True, shape), (False, shape)]

    def bn(dims, c, shape, momentum=0.1, eps=1e-5, affine=True, track=True, steps=None, init_buffers=False, note=''):
        cls = nn.BatchNorm1d if dims == 1 else nn.BatchNorm2d
        options = {'momentum': momentum, 'eps': eps, 'affine': affine, 'trackRunningStats': track}
        name = f'{cls.__name__}({c}) momentum {fmt(momentum)} eps {eps} affine {fmt(affine)} trackRunningStats {fmt(track)} on {fmt(shape)}{note}'
        module_case(cases, name, cls.__name__, [c], options,
                    lambda: cls(c, eps=eps, momentum=momentum, affine=affine, track_running_stats=track),
                    steps or train3_eval(shape), init_buffers)

    bn(1, 4, [6, 4])
    bn(1, 3, [4, 3, 5], momentum=0.3)
    bn(2, 3, [2, 3, 4, 4])
    bn(2, 3, [2, 3, 4, 4], momentum=0.3, eps=1e-3)
    bn(2, 3, [2, 3, 3, 3], momentum=None)
    bn(2, 3, [2, 3, 3, 3], affine=False)
    bn(2, 3, [2, 3, 3, 3], track=False, steps=[(True, [2, 3, 3, 3]), (False, [2, 3, 3, 3])])
    bn(2, 3, [2, 3, 3, 3], steps=[(False, [2, 3, 3, 3])], init_buffers=True, note=', eval with loaded running stats')

    def ln(shape, normalized_shape, affine=True, eps=1e-5):
        options = {'eps': eps, 'elementwiseAffine': affine}
        name = f'LayerNorm({fmt(normalized_shape)}) eps {eps} elementwiseAffine {fmt(affine)} on {fmt(shape)}'
        module_case(cases, name, 'LayerNorm', [normalized_shape], options,
                    lambda: nn.LayerNorm(normalized_shape, eps=eps, elementwise_affine=affine),
                    [(True, shape), (False, shape)])

    ln([2, 3, 5], [5])
    ln([2, 3, 5], [3, 5])
    ln([2, 4, 3], [3], affine=False, eps=1e-3)

    def gn(groups, c, shape, affine=True, eps=1e-5):
        options = {'eps': eps, 'affine': affine}
        name = f'GroupNorm({groups}, {c}) eps {eps} affine {fmt(affine)} on {fmt(shape)}'
        module_case(cases, name, 'GroupNorm', [groups, c], options,
                    lambda: nn.GroupNorm(groups, c, eps=eps, affine=affine), [(True, shape), (False, shape)])

    gn(1, 6, [2, 6, 3, 3])
    gn(2, 6, [2, 6, 3, 3])
    gn(6, 6, [2, 6, 3, 3])
    gn(2, 4, [3, 4, 5], affine=False, eps=1e-3)

    def inorm(c, shape, affine=False, track=False, momentum=0.1, eps=1e-5):
        options = {'eps': eps, 'momentum': momentum, 'affine': affine, 'trackRunningStats': track}
        name = f'InstanceNorm2d({c}) momentum {fmt(momentum)} eps {eps} affine {fmt(affine)} trackRunningStats {fmt(track)} on {fmt(shape)}'
        module_case(cases, name, 'InstanceNorm2d', [c], options,
                    lambda: nn.InstanceNorm2d(c, eps=eps, momentum=momentum, affine=affine, track_running_stats=track),
                    [(True, shape), (True, shape), (False, shape)])

    inorm(3, [2, 3, 4, 4])
    inorm(3, [2, 3, 4, 4], affine=True)
    inorm(3, [2, 3, 4, 4], track=True, momentum=0.3)
    inorm(3, [2, 3, 3, 3], affine=True, track=True, eps=1e-3)
    return cases


# ---------------------------------------------------------------- helpers

class Data:
    """Float32 inputs from a seeded generator, so adding a case elsewhere changes nothing."""

    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale=1.0):
        return torch.randn(shape, generator=self.gen, dtype=torch.float32) * scale

    def uniform(self, lo, hi, *shape):
        return torch.rand(shape, generator=self.gen, dtype=torch.float32) * (hi - lo) + lo

    def randn_like_of(self, t):
        return self.randn(*t.shape)


def seeded(name):
    return Data(zlib.crc32(name.encode()))


def add_rtol(entry, exact, single):
    worst = max(rel_err(single[k], v) for k, v in exact.items())
    rtol = needed_rtol(worst)
    if rtol > DEFAULT_RTOL:
        entry['rtol'] = rtol


def fmt(v):
    return 'null' if v is None else conformance.fmt(v)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    for file, cases in (('functional', gen_functional()), ('modules', gen_modules())):
        body = dumps({'generator': 'packages/norm/scripts/gen_fixtures.py',
                      'torch': torch.__version__.split('+')[0],
                      'cases': cases}) + '\n'
        with open(os.path.join(OUT_DIR, f'{file}.json'), 'w') as fh:
            fh.write(body)
        total += len(body)
        print(f'{file}.json: {len(cases)} cases, {len(body) / 1024:.1f} KiB, '
              f'{sum(1 for c in cases if "rtol" in c)} with a larger rtol')
    print(f'total {total / 1024:.1f} KiB')


if __name__ == '__main__':
    sys.exit(main())
