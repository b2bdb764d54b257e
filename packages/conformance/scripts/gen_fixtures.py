#!/usr/bin/python3
"""Writes the PyTorch oracle fixtures for Stride's conformance suite.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13):

    /usr/bin/python3 packages/conformance/scripts/gen_fixtures.py

Every case draws float32 inputs (from a generator seeded per file; the upstream gradient from
one seeded by the case's name), casts them to float64, and computes the forward output and the gradients of `(y * gy).sum()` in float64.
The results are rounded to float32 and written as shortest round-trip decimals, so the
output is byte-for-byte reproducible and a float32 engine is compared against the exact
answer rather than against PyTorch's own float32 rounding.

Each case also records the tolerance it needs: the same computation is repeated in float32
and, where PyTorch's own float32 error would come within a factor of 4 of the default
rtol (1e-5), the case carries a larger `rtol`.
"""
import json
import math
import os
import sys
import warnings
import zlib

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
DEFAULT_RTOL = 1e-5
ATOL = 1e-7

# PyTorch warns that it copies the input to pad asymmetrically: that asymmetry is what we test.
warnings.filterwarnings('ignore', message="Using padding='same'")
# PyTorch warns when a loss broadcasts its target; Stride broadcasts it the same way, on purpose.
warnings.filterwarnings('ignore', message='Using a target size')
torch.set_num_threads(1)  # fixed reduction order in the float32 tolerance probe
FILES = {}


# ---------------------------------------------------------------- case recording

def record(file, op, inputs, options, fn, option_tensors=None, note=None, constants=()):
    """Adds one case.

    inputs: list of (name, tensor) in call order; float tensors must be float32 (they are the
      exact values Stride receives), integer tensors are class targets stored as int32.
    options: the Stride options object (camelCase), JSON-serialisable.
    option_tensors: {option name: float32 tensor} passed inside the options (e.g. class weights).
    fn(ts): computes the PyTorch result from a dict of tensors in the requested dtype.
    constants: names of float inputs that take no gradient (where torch's is not finite).
    """
    options = dict(options or {})
    option_tensors = option_tensors or {}
    name = case_name(op, inputs, options, option_tensors, note)
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))

    def run(dtype):
        ts, leaves = {}, {}
        for k, v in inputs:
            if k in constants:
                ts[k] = v.to(dtype)
            elif v.is_floating_point():
                ts[k] = leaves[k] = v.to(dtype).clone().requires_grad_(True)
            else:
                ts[k] = v.long()
        for k, v in option_tensors.items():
            ts[k] = v.to(dtype)
        return fn(ts), leaves

    (y64, idx64), leaves64 = with_indices(run(torch.float64))
    gy = torch.randn(y64.shape, generator=gen, dtype=torch.float32)
    # An int or 0/1 result (argsort, all) has no gradient: the case checks the forward only.
    differentiable = y64.requires_grad
    if not differentiable:
        leaves64 = {}
    if leaves64:
        (y64 * gy.double()).sum().backward()
    (y32, idx32), leaves32 = with_indices(run(torch.float32))
    if leaves32 and differentiable:
        (y32 * gy).sum().backward()
    # Indices are compared exactly: a case whose float32 and float64 runs pick different ones is ambiguous.
    assert idx64 is None or torch.equal(idx64, idx32), f'{name}: float32 and float64 indices differ'

    worst = rel_err(y32.detach(), y64.detach())
    grads = {}
    for k, t in leaves64.items():
        g = t.grad if t.grad is not None else torch.zeros_like(t)
        g32 = leaves32[k].grad if leaves32[k].grad is not None else torch.zeros_like(leaves32[k])
        worst = max(worst, rel_err(g32, g))
        grads[k] = tensor_json(g)

    entry = {
        'name': name,
        'op': op,
        'inputs': [input_json(k, v, k in leaves64) for k, v in inputs],
        'options': {**options, **{k: tensor_json(v) for k, v in option_tensors.items()}},
        'output': tensor_json(y64.detach()),
        **({'indices': index_json(idx64)} if idx64 is not None else {}),
        'gy': tensor_json(gy),
        'grads': grads,
    }
    rtol = needed_rtol(worst)
    if rtol > DEFAULT_RTOL:
        entry['rtol'] = rtol
    cases = FILES.setdefault(file, [])
    assert all(c['name'] != name for c in cases), f'duplicate case name: {name}'
    cases.append(entry)


def with_indices(run_result):
    """fn may return (output, indices), as pooling with return_indices does."""
    y, leaves = run_result
    return (y if isinstance(y, tuple) else (y, None)), leaves


def index_json(t):
    return {'shape': list(t.shape), 'data': [int(v) for v in t.reshape(-1)]}


def rel_err(got, exp):
    got, exp = got.double(), exp.double()  # bool and integer results too
    scale = exp.abs().max().item() if exp.numel() else 0.0
    err = (got.double() - exp.double()).abs().max().item() if exp.numel() else 0.0
    return max(err - ATOL, 0.0) / scale if scale > 0 else 0.0


def needed_rtol(worst):
    want = 4 * worst
    if want <= DEFAULT_RTOL:
        return DEFAULT_RTOL
    exp = math.floor(math.log10(want))
    for m in (1, 2, 5, 10):
        if m * 10 ** exp >= want:
            return float(f'{m}e{exp}')


def case_name(op, inputs, options, option_tensors, note):
    """A title that reads as a spec: op, options, input shapes, then what the case is about."""
    opts = [f'{k} {fmt(v)}' for k, v in options.items()] + [f'{k} tensor' for k in option_tensors]
    shapes = ', '.join(f'{k} {fmt(list(v.shape))}' for k, v in inputs)
    name = op + (' with ' + ' '.join(opts) if opts else '') + ' on ' + shapes
    return name + (f' ({note})' if note else '')


def fmt(v):
    if isinstance(v, (list, tuple)):
        return '[' + ','.join(fmt(x) for x in v) + ']'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, str):
        return f"'{v}'"
    return repr(v)


def tensor_json(t):
    t = t.detach()
    assert torch.isfinite(t.double()).all(), 'fixtures must be finite'
    return {'shape': list(t.shape), 'data': F32(t.reshape(-1).float().numpy())}


def input_json(name, t, requires_grad):
    if t.is_floating_point():
        assert t.dtype == torch.float32
        return {'name': name, **tensor_json(t), 'requiresGrad': requires_grad}
    return {'name': name, 'shape': list(t.shape), 'data': [int(v) for v in t.reshape(-1)],
            'dtype': 'int32'}


class F32(list):
    """Float32 values, written with the shortest decimal that reads back as the same float32."""


def dumps(v, indent=0):
    """JSON with one line per tensor: small objects inline, value arrays never broken up."""
    pad = '  ' * indent
    if isinstance(v, F32):
        return '[' + ','.join(f32_str(x) for x in v) + ']'
    if isinstance(v, dict):
        if not any(isinstance(x, (dict, F32)) or nested(x) for x in v.values()):
            return '{' + ', '.join(f'{json.dumps(k)}: {dumps(x)}' for k, x in v.items()) + '}'
        inner = ',\n'.join(f'{pad}  {json.dumps(k)}: {dumps(x, indent + 1)}' for k, x in v.items())
        return '{\n' + inner + '\n' + pad + '}'
    if isinstance(v, list):
        if nested(v):
            inner = ',\n'.join(f'{pad}  {dumps(x, indent + 1)}' for x in v)
            return '[\n' + inner + '\n' + pad + ']'
        return '[' + ','.join(dumps(x) for x in v) + ']'
    return json.dumps(v)


def nested(v):
    return isinstance(v, list) and any(isinstance(x, dict) for x in v)


def f32_str(x):
    s = np.format_float_positional(np.float32(x), unique=True, trim='-')
    if len(s) > 12:
        s = np.format_float_scientific(np.float32(x), unique=True, trim='-')
    assert np.float32(float(s)) == np.float32(x)
    return s


# ---------------------------------------------------------------- data

class Data:
    """Float32 (or int) inputs, seeded per file so adding a case elsewhere changes nothing."""

    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale=1.0):
        return (torch.randn(shape, generator=self.gen, dtype=torch.float32) * scale).float()

    def uniform(self, lo, hi, *shape):
        return torch.rand(shape, generator=self.gen, dtype=torch.float32) * (hi - lo) + lo

    def ints(self, lo, hi, *shape):
        """Integers in [lo, hi) as float32: repeated values make ties common."""
        return torch.randint(lo, hi, shape, generator=self.gen).float()

    def targets(self, classes, *shape):
        return torch.randint(0, classes, shape, generator=self.gen).int()

    def perm(self, *shape):
        """Distinct values (a scaled permutation), for ops whose gradient is ambiguous on ties."""
        n = int(np.prod(shape))
        return (torch.randperm(n, generator=self.gen).float() / 4 - n / 8).reshape(shape)


# ---------------------------------------------------------------- convolutions

def conv_case(file, op, torch_fn, d, x_shape, w_shape, bias=True, **opts):
    x = d.randn(*x_shape)
    w = d.randn(*w_shape, scale=0.5)
    out_ch = w_shape[0] if op != 'convTranspose2d' else w_shape[1] * opts.get('groups', 1)
    inputs = [('x', x), ('weight', w)] + ([('bias', d.randn(out_ch))] if bias else [])
    torch_opts = {
        {'outputPadding': 'output_padding'}.get(k, k): (tuple(v) if isinstance(v, list) else v)
        for k, v in opts.items()
    }
    record(file, op, inputs, dict(opts),
           lambda t: torch_fn(t['x'], t['weight'], t.get('bias'), **torch_opts),
           note=None if bias else 'no bias')


def gen_conv1d():
    d = Data(1)
    c = lambda *a, **k: conv_case('conv1d', 'conv1d', F.conv1d, d, *a, **k)
    c([2, 3, 11], [4, 3, 3])
    c([2, 3, 11], [4, 3, 3], bias=False)
    c([1, 2, 13], [3, 2, 4], stride=2, padding=1)
    c([2, 2, 14], [5, 2, 3], stride=3, padding=2, dilation=2, bias=False)
    c([3, 1, 9], [2, 1, 5], padding=2)
    c([2, 4, 10], [6, 2, 3], stride=2, padding=1, groups=2)
    c([2, 3, 9], [3, 1, 3], padding=1, groups=3)
    c([1, 3, 12], [6, 1, 3], stride=2, padding=1, groups=3, bias=False)
    c([2, 3, 10], [4, 3, 3], padding='same')
    c([2, 3, 10], [4, 3, 4], padding='same')
    c([1, 2, 9], [3, 2, 2], padding='same', dilation=3)
    c([2, 4, 8], [4, 2, 4], padding='same', dilation=2, groups=2)
    c([2, 3, 10], [2, 3, 3], padding='valid')
    c([2, 3, 7], [4, 3, 1], stride=2)
    c([2, 3, 6], [2, 3, 6])


def gen_conv2d():
    d = Data(2)
    c = lambda *a, **k: conv_case('conv2d', 'conv2d', F.conv2d, d, *a, **k)
    c([2, 3, 7, 6], [4, 3, 3, 3])
    c([2, 3, 9, 8], [5, 3, 3, 3], stride=2, padding=1)
    c([1, 2, 11, 10], [3, 2, 4, 3], stride=3, padding=2, bias=False)
    c([2, 2, 8, 7], [4, 2, 3, 2], stride=[2, 1], padding=[1, 2])
    c([1, 3, 10, 9], [2, 3, 3, 3], stride=[1, 3], padding=[0, 1], dilation=[2, 1])
    c([1, 3, 9, 10], [2, 3, 3, 3], dilation=2)
    c([2, 3, 12, 11], [3, 3, 3, 2], stride=3, padding=[2, 1], dilation=[1, 3])
    c([2, 4, 10, 9], [6, 2, 3, 3], stride=2, padding=[1, 2], dilation=2, groups=2)
    c([2, 4, 7, 8], [4, 2, 3, 3], groups=2, bias=False)
    c([1, 6, 7, 7], [6, 2, 3, 3], stride=2, padding=1, groups=3)
    c([2, 4, 7, 8], [4, 1, 3, 3], padding=1, groups=4)
    c([1, 3, 8, 7], [6, 1, 3, 3], stride=2, padding=1, groups=3)
    c([2, 2, 9, 8], [6, 1, 3, 3], padding='same', dilation=2, groups=2, bias=False)
    c([2, 3, 7, 6], [4, 3, 3, 3], padding='same')
    c([2, 3, 7, 6], [4, 3, 2, 4], padding='same')
    c([1, 2, 9, 8], [3, 2, 2, 3], padding='same', dilation=[3, 2])
    c([2, 4, 6, 7], [4, 2, 4, 2], padding='same', groups=2, bias=False)
    c([2, 3, 6, 7], [2, 3, 2, 3], padding='valid')
    c([2, 3, 5, 6], [4, 3, 1, 1])
    c([2, 3, 7, 6], [4, 3, 1, 1], stride=2)
    c([2, 2, 5, 4], [3, 2, 5, 4])
    c([1, 2, 6, 9], [3, 2, 1, 5], padding=[0, 2])
    c([3, 1, 8, 8], [4, 1, 5, 5], padding=2)
    c([2, 2, 10, 11], [3, 2, 2, 2], stride=3)
    c([1, 3, 6, 5], [2, 3, 3, 3], stride=[3, 2], padding=[2, 0], bias=False)


def gen_conv3d():
    d = Data(3)
    c = lambda *a, **k: conv_case('conv3d', 'conv3d', F.conv3d, d, *a, **k)
    c([2, 2, 5, 6, 4], [3, 2, 3, 3, 2])
    c([1, 2, 6, 5, 7], [3, 2, 3, 3, 3], stride=2, padding=1, bias=False)
    c([1, 2, 7, 6, 8], [2, 2, 3, 2, 3], stride=[1, 2, 3], padding=[1, 0, 2], dilation=[2, 1, 1])
    c([2, 4, 5, 5, 5], [4, 2, 3, 3, 3], padding=1, groups=2)
    c([1, 3, 5, 6, 4], [6, 1, 3, 3, 3], stride=[2, 1, 1], padding=1, groups=3)
    c([1, 2, 5, 6, 7], [2, 2, 2, 3, 4], padding='same')
    c([1, 2, 6, 5, 5], [3, 2, 2, 2, 3], padding='same', dilation=[1, 3, 2], bias=False)
    c([2, 2, 4, 5, 6], [3, 2, 2, 3, 3], padding='valid')
    c([1, 3, 6, 6, 6], [2, 3, 3, 3, 3], stride=3, padding=2, dilation=2)


def gen_conv_transpose2d():
    d = Data(4)
    c = lambda *a, **k: conv_case('convTranspose2d', 'convTranspose2d', F.conv_transpose2d, d,
                                  *a, **k)
    c([2, 3, 5, 4], [3, 4, 3, 3])
    c([2, 3, 4, 5], [3, 2, 3, 3], stride=2, bias=False)
    c([1, 2, 4, 4], [2, 3, 3, 3], stride=2, padding=1, outputPadding=1)
    c([2, 2, 3, 4], [2, 3, 3, 2], stride=[2, 3], padding=[1, 0], outputPadding=[1, 2])
    c([1, 2, 4, 3], [2, 2, 3, 3], stride=2, dilation=2, outputPadding=1)
    c([1, 3, 5, 4], [3, 2, 2, 3], stride=[1, 2], padding=[0, 1], dilation=[2, 1], bias=False)
    c([2, 4, 3, 4], [4, 3, 3, 3], stride=2, padding=1, groups=2)
    c([1, 3, 4, 5], [3, 2, 3, 3], stride=2, padding=1, outputPadding=1, groups=3)
    c([2, 3, 4, 4], [3, 2, 4, 4], stride=2, padding=1)
    c([1, 2, 3, 3], [2, 2, 1, 1], stride=3)


def gen_linear():
    d = Data(5)

    def c(x_shape, out, bias=True):
        x = d.randn(*x_shape)
        w = d.randn(out, x_shape[-1], scale=0.5)
        inputs = [('x', x), ('weight', w)] + ([('bias', d.randn(out))] if bias else [])
        record('linear', 'linear', inputs, {}, lambda t: F.linear(t['x'], t['weight'], t.get('bias')),
               note=None if bias else 'no bias')

    c([4, 5], 3)
    c([4, 5], 3, bias=False)
    c([2, 3, 5], 4)
    c([2, 2, 3, 4], 3, bias=False)
    c([1, 7], 1)
    c([5], 3)


# ---------------------------------------------------------------- pooling

def max_pool_case(d, x, note=None, **opts):
    def fn(t):
        return F.max_pool2d(t['x'], opts['kernelSize'], opts.get('stride'), opts.get('padding', 0),
                            opts.get('dilation', 1), opts.get('ceilMode', False),
                            opts.get('returnIndices', False))
    record('maxPool2d', 'maxPool2d', [('x', x)], dict(opts), fn,
           note=note)


def gen_max_pool2d():
    d = Data(6)
    ties = 'integer inputs with tied maxima'
    m = lambda shape, note=ties, lo=0, hi=4, **k: max_pool_case(d, d.ints(lo, hi, *shape), note, **k)
    m([2, 3, 6, 6], kernelSize=2)
    m([1, 2, 7, 9], kernelSize=3, stride=2)
    m([2, 2, 6, 5], kernelSize=3, stride=1, padding=1, note='overlapping windows with ties')
    m([1, 3, 7, 8], kernelSize=[2, 3], stride=[1, 2], padding=[1, 1])
    m([1, 2, 9, 9], kernelSize=3, stride=2, padding=1, dilation=2)
    m([2, 1, 8, 7], kernelSize=[2, 2], stride=1, dilation=[2, 1])
    m([1, 2, 5, 7], kernelSize=2, stride=2, ceilMode=True, note='partial last window')
    m([1, 2, 5, 5], kernelSize=2, stride=2, padding=1, ceilMode=True,
      note='last window would start in the padding and is dropped')
    m([2, 2, 6, 8], kernelSize=3, stride=2, padding=1, ceilMode=True)
    m([1, 2, 8, 7], kernelSize=3, stride=2, padding=1, dilation=2, ceilMode=True)
    m([1, 1, 7, 7], kernelSize=[3, 2], stride=[3, 2], ceilMode=True)
    m([2, 2, 4, 6], kernelSize=2, lo=1, hi=2, note="all inputs equal: each window's gradient goes to its first element")
    m([1, 2, 5, 5], kernelSize=3, stride=2, padding=1, lo=-5, hi=-1,
      note='negative inputs: padding never wins')
    m([1, 2, 6, 6], kernelSize=3, stride=1, padding=1, lo=-2, hi=1,
      note='negative and zero inputs: padding never wins')
    max_pool_case(d, d.randn(2, 3, 7, 6), None, kernelSize=3, stride=2)
    max_pool_case(d, d.randn(2, 3, 8, 8), None, kernelSize=2, stride=2)
    # returnIndices: PyTorch's flat h·W + w index of each window's maximum, compared exactly.
    max_pool_case(d, d.randn(2, 3, 7, 6), None, kernelSize=3, stride=2, returnIndices=True)
    max_pool_case(d, d.ints(0, 4, 2, 2, 6, 5), ties, kernelSize=3, stride=1, padding=1, returnIndices=True)
    max_pool_case(d, d.randn(1, 2, 9, 9), None, kernelSize=3, stride=2, padding=1, dilation=2, returnIndices=True)
    max_pool_case(d, d.randn(1, 2, 5, 7), 'partial last window', kernelSize=2, stride=2, ceilMode=True,
                  returnIndices=True)
    max_pool_case(d, d.randn(2, 5, 6), 'unbatched', kernelSize=[2, 3], stride=[1, 2], padding=[1, 1],
                  returnIndices=True)


def avg_pool_case(d, x_shape, note=None, **opts):
    def fn(t):
        return F.avg_pool2d(t['x'], opts['kernelSize'], opts.get('stride'), opts.get('padding', 0),
                            opts.get('ceilMode', False), opts.get('countIncludePad', True),
                            opts.get('divisorOverride'))
    record('avgPool2d', 'avgPool2d', [('x', d.randn(*x_shape))],
           dict(opts), fn, note=note)


def gen_avg_pool2d():
    d = Data(7)
    a = lambda shape, note=None, **k: avg_pool_case(d, shape, note, **k)
    a([2, 3, 6, 6], kernelSize=2)
    a([1, 2, 7, 9], kernelSize=3, stride=2)
    a([2, 2, 6, 5], kernelSize=3, stride=1, padding=1)
    a([2, 2, 6, 5], kernelSize=3, stride=1, padding=1, countIncludePad=False)
    a([1, 2, 7, 6], kernelSize=3, stride=2, padding=1, ceilMode=True)
    a([1, 2, 7, 6], kernelSize=3, stride=2, padding=1, ceilMode=True, countIncludePad=False)
    a([1, 2, 5, 7], kernelSize=2, stride=2, ceilMode=True, note='partial last window')
    a([1, 2, 5, 7], kernelSize=2, stride=2, ceilMode=True, countIncludePad=False)
    a([1, 2, 5, 5], kernelSize=2, stride=2, padding=1, ceilMode=True,
      note='last window would start in the padding and is dropped')
    a([1, 2, 6, 6], kernelSize=3, stride=2, padding=1, divisorOverride=3)
    a([1, 2, 5, 7], kernelSize=2, stride=2, ceilMode=True, divisorOverride=2)
    a([2, 1, 7, 8], kernelSize=[2, 3], stride=[1, 2], padding=[1, 1])
    a([2, 1, 7, 8], kernelSize=[2, 3], stride=[1, 2], padding=[1, 1], countIncludePad=False)
    a([1, 3, 6, 8], kernelSize=[3, 2])
    a([1, 2, 8, 9], kernelSize=[3, 4], stride=[2, 3], padding=[1, 2], ceilMode=True,
      countIncludePad=False)


def gen_adaptive_avg_pool2d():
    d = Data(8)

    def a(x_shape, out):
        size = tuple(out) if isinstance(out, list) else out
        record('adaptiveAvgPool2d', 'adaptiveAvgPool2d', [('x', d.randn(*x_shape))],
               {'outputSize': out}, lambda t: F.adaptive_avg_pool2d(t['x'], size))

    a([2, 3, 5, 7], 1)
    a([2, 3, 4, 4], [1, 1])
    a([1, 2, 7, 7], 3)
    a([1, 2, 5, 9], [2, 4])
    a([2, 1, 4, 4], [3, 2])
    a([1, 2, 5, 6], [5, 6])
    a([1, 2, 3, 2], [5, 4])
    a([2, 2, 8, 6], [4, 3])


# ---------------------------------------------------------------- activations

def gen_activations():
    d = Data(9)
    f = 'activations'
    record(f, 'relu', [('x', d.randn(2, 3, 4, 5))], {}, lambda t: F.relu(t['x']))
    record(f, 'relu', [('x', d.ints(-2, 3, 3, 7))], {}, lambda t: F.relu(t['x']),
           note='exact zeros get gradient 0')
    record(f, 'leakyRelu', [('x', d.randn(2, 3, 4, 5))], {},
           lambda t: F.leaky_relu(t['x']), note='default slope 0.01')
    record(f, 'leakyRelu', [('x', d.randn(2, 3, 5))], {'negativeSlope': 0.2},
           lambda t: F.leaky_relu(t['x'], 0.2))
    record(f, 'leakyRelu', [('x', d.ints(-2, 3, 3, 7))], {'negativeSlope': 0.3},
           lambda t: F.leaky_relu(t['x'], 0.3), note='exact zeros take the negative slope')
    record(f, 'sigmoid', [('x', d.randn(2, 3, 4, 5, scale=3))], {}, lambda t: torch.sigmoid(t['x']))
    record(f, 'sigmoid', [('x', d.uniform(-30, 30, 4, 6))], {}, lambda t: torch.sigmoid(t['x']),
           note='large magnitudes')
    record(f, 'tanh', [('x', d.randn(2, 3, 4, 5, scale=2))], {}, lambda t: torch.tanh(t['x']))
    record(f, 'tanh', [('x', d.uniform(-20, 20, 4, 6))], {}, lambda t: torch.tanh(t['x']),
           note='large magnitudes')
    for approx in ('none', 'tanh'):
        record(f, 'gelu', [('x', d.randn(2, 3, 4, 5, scale=2))], {'approximate': approx},
               lambda t, a=approx: F.gelu(t['x'], approximate=a))
        record(f, 'gelu', [('x', d.uniform(-12, 12, 4, 6))], {'approximate': approx},
               lambda t, a=approx: F.gelu(t['x'], approximate=a), note='large magnitudes')
    # Drawn after the cases above, so adding these left every earlier case unchanged.
    gen_elu_silu(d, f)
    gen_softplus(d, f)
    gen_relu6(d, f)


def gen_elu_silu(d, f):
    record(f, 'elu', [('x', d.randn(2, 3, 4, 5, scale=2))], {}, lambda t: F.elu(t['x']),
           note='default alpha 1')
    record(f, 'elu', [('x', d.randn(3, 7, scale=2))], {'alpha': 0.5}, lambda t: F.elu(t['x'], 0.5))
    record(f, 'elu', [('x', with_values(d.ints(-2, 3, 3, 7), 0))], {'alpha': 1.5},
           lambda t: F.elu(t['x'], 1.5), note='exact zeros take the negative branch, gradient alpha')
    record(f, 'elu', [('x', d.uniform(-30, 30, 4, 6))], {}, lambda t: F.elu(t['x']),
           note='large magnitudes')
    record(f, 'silu', [('x', d.randn(2, 3, 4, 5, scale=2))], {}, lambda t: F.silu(t['x']))
    record(f, 'silu', [('x', d.uniform(-30, 30, 4, 6))], {}, lambda t: F.silu(t['x']),
           note='large magnitudes')


def gen_softplus(d, f):
    def c(x, note=None, **opts):
        record(f, 'softplus', [('x', x)], opts,
               lambda t: F.softplus(t['x'], beta=opts.get('beta', 1), threshold=opts.get('threshold', 20)),
               note=note)

    c(d.randn(2, 3, 4, 5, scale=3), note='default beta 1 and threshold 20')
    c(d.uniform(-40, 40, 4, 6), note='large magnitudes cross the default threshold')
    c(d.randn(3, 7, scale=3), beta=2)
    c(d.randn(3, 7, scale=3), beta=0.5, threshold=1)
    c(with_values(d.ints(-3, 4, 3, 7), 2), threshold=2,
      note='inputs exactly at the threshold stay on the smooth branch')
    c(with_values(d.ints(-3, 4, 3, 7), 2), beta=2, threshold=4,
      note='beta times input exactly at the threshold stays on the smooth branch')
    c(d.randn(4, 5, scale=4), beta=3, threshold=5)


def gen_relu6(d, f):
    record(f, 'relu6', [('x', d.randn(2, 3, 4, 5, scale=4))], {}, lambda t: F.relu6(t['x']))
    record(f, 'relu6', [('x', with_values(d.ints(-2, 9, 4, 7), 0, 6))], {}, lambda t: F.relu6(t['x']),
           note='exact 0 and 6 get gradient 0')


def with_values(x, *values):
    """x, checked to hold each of `values`: the kinks a case is about must really be hit."""
    for v in values:
        assert (x == v).any(), f'inputs miss {v}'
    return x


def gen_softmax():
    d = Data(10)
    for op, torch_fn in (('softmax', F.softmax), ('logSoftmax', F.log_softmax)):
        for shape, dims in (([2, 3, 4], [0, 1, 2, -1]), ([2, 3, 4, 5], [1, 3, -1, -3])):
            for dim in dims:
                record('softmax', op, [('x', d.randn(*shape, scale=2))], {'dim': dim},
                       lambda t, dm=dim, fn=torch_fn: fn(t['x'], dim=dm))
        record('softmax', op, [('x', d.uniform(-100, 100, 3, 5))], {'dim': 1},
               lambda t, fn=torch_fn: fn(t['x'], dim=1), note='logits up to 100 stay finite')
        record('softmax', op, [('x', d.randn(2, 1, 3))], {'dim': 1},
               lambda t, fn=torch_fn: fn(t['x'], dim=1), note='size-1 dim')


def gen_dropout():
    # Only the deterministic cases: a random mask cannot reproduce PyTorch's RNG stream, so
    # training-mode dropout with p > 0 is tested statistically elsewhere, not against fixtures.
    d = Data(11)
    for p, training in ((0.5, False), (0.9, False), (0.0, True)):
        record('dropout', 'dropout', [('x', d.randn(2, 3, 4))], {'p': p, 'training': training},
               lambda t, p=p, tr=training: F.dropout(t['x'], p=p, training=tr))


# ---------------------------------------------------------------- normalisation

def gen_batch_norm_training():
    # F.batchNormTraining's output: torch's batch_norm in training mode, without running stats.
    d = Data(16)

    def c(x_shape, affine=True, eps=None, offset=0.0, note=None, relu=False):
        channels = x_shape[1]
        inputs = [('x', d.randn(*x_shape, scale=2) + offset)]
        if affine:
            inputs += [('weight', d.randn(channels)), ('bias', d.randn(channels))]
        options = {} if eps is None else {'eps': eps}
        if relu:
            options['relu'] = True

        def fn(t, e=eps):
            y = F.batch_norm(t['x'], None, None, t.get('weight'), t.get('bias'), training=True, eps=1e-5 if e is None else e)
            return F.relu(y) if relu else y
        record('batchNormTraining', 'batchNormTraining', inputs, options, fn, note=note)

    c([4, 3])
    c([4, 3, 5])
    c([2, 3, 4, 5])
    c([3, 2, 7, 3], affine=False, note='no weight or bias')
    c([2, 1, 3, 3], eps=0.1, note='one channel')
    c([2, 4, 3, 2, 3], offset=50.0, note='5-D, channels far from zero')
    # Drawn after the cases above, so adding these left every earlier case unchanged.
    c([2, 3, 4, 5], relu=True, note='then ReLU')
    c([3, 2, 7, 3], affine=False, relu=True, note='then ReLU, no weight or bias')
    c([4, 3], relu=True, note='[N, C] then ReLU')


def gen_channel_affine():
    # F.channelAffine: x·scale + shift per channel (dim 1), then ReLU where asked; torch spells
    # it as broadcasting ops, the reference a folded conv + batch norm + ReLU is checked against.
    d = Data(31)

    def c(x_shape, scale=True, shift=True, relu=False, x=None, note=None):
        channels = x_shape[1]
        per_channel = [channels if i == 1 else 1 for i in range(len(x_shape))]
        inputs = [('x', d.randn(*x_shape, scale=2) if x is None else x)]
        if scale:
            inputs.append(('scale', d.randn(channels)))
        if shift:
            inputs.append(('shift', d.randn(channels)))

        def fn(t):
            y = t['x']
            if 'scale' in t:
                y = y * t['scale'].view(per_channel)
            if 'shift' in t:
                y = y + t['shift'].view(per_channel)
            return F.relu(y) if relu else y
        record('channelAffine', 'channelAffine', inputs, {'relu': True} if relu else {}, fn, note=note)

    c([2, 3, 4, 5])
    c([2, 3, 4, 5], relu=True)
    c([4, 3], relu=True, note='[N, C]')
    c([2, 4, 3, 2, 3], relu=True, note='5-D')
    c([3, 5, 6], scale=False, relu=True, note='a bias and ReLU')
    c([2, 6, 3, 3], shift=False, note='scale only')
    c([2, 2, 3, 4], scale=False, shift=False, relu=True, note='ReLU only')
    c([2, 3, 5], shift=False, relu=True, x=d.ints(-2, 3, 2, 3, 5), note='exact zeros get gradient 0')


# ---------------------------------------------------------------- losses

def loss_options(reduction=None, labelSmoothing=None, ignoreIndex=None):
    o = {}
    if reduction is not None:
        o['reduction'] = reduction
    if labelSmoothing is not None:
        o['labelSmoothing'] = labelSmoothing
    if ignoreIndex is not None:
        o['ignoreIndex'] = ignoreIndex
    return o


def with_ignored(d, target, value, count):
    """Sets `count` distinct positions of target to `value`."""
    t = target.clone().reshape(-1)
    idx = torch.randperm(t.numel(), generator=d.gen)[:count]
    t[idx] = value
    return t.reshape(target.shape)


def gen_cross_entropy():
    d = Data(12)

    def c(logits_shape, target, reduction=None, labelSmoothing=None, ignoreIndex=None,
          weighted=False, note=None):
        C = logits_shape[1]
        logits = d.randn(*logits_shape, scale=2)
        opts = loss_options(reduction, labelSmoothing, ignoreIndex)
        ot = {'weight': d.uniform(0.2, 2.0, C)} if weighted else {}

        def fn(t):
            return F.cross_entropy(t['input'], t['target'], weight=t.get('weight'),
                                   ignore_index=-100 if ignoreIndex is None else ignoreIndex,
                                   reduction=reduction or 'mean',
                                   label_smoothing=labelSmoothing or 0.0)
        record('crossEntropy', 'crossEntropy', [('input', logits), ('target', target)], opts, fn,
               option_tensors=ot, note=note)

    t2 = lambda: d.targets(5, 6)
    for r in (None, 'mean', 'sum', 'none'):
        c([6, 5], t2(), r)
    for ls in (0.1, 0.3):
        for r in ('mean', 'sum', 'none'):
            c([6, 5], t2(), r, labelSmoothing=ls)
    for r in ('mean', 'sum', 'none'):
        c([6, 5], with_ignored(d, t2(), -100, 2), r, note='targets include the default ignoreIndex -100')
    c([6, 5], with_ignored(d, t2(), 2, 2), 'mean', ignoreIndex=2)
    c([6, 5], with_ignored(d, t2(), 7, 3), 'none', ignoreIndex=7)
    for r in ('mean', 'sum', 'none'):
        c([6, 5], t2(), r, weighted=True)
    c([6, 5], t2(), 'mean', labelSmoothing=0.1, weighted=True)
    c([6, 5], t2(), 'sum', labelSmoothing=0.3, weighted=True)
    c([6, 5], with_ignored(d, t2(), -100, 2), 'mean', weighted=True,
      note='targets include the default ignoreIndex -100')
    c([6, 5], with_ignored(d, t2(), 1, 2), 'sum', ignoreIndex=1, weighted=True)
    for r in ('mean', 'sum', 'none'):
        c([6, 5], with_ignored(d, t2(), 3, 2), r, labelSmoothing=0.2, ignoreIndex=3, weighted=True)
    c([6, 5], with_ignored(d, t2(), -100, 2), 'mean', labelSmoothing=0.1,
      note='targets include the default ignoreIndex -100')
    c([1, 4], d.targets(4, 1), 'mean')
    c([2, 3, 4, 5], d.targets(3, 2, 4, 5), 'mean')
    c([2, 3, 4, 5], d.targets(3, 2, 4, 5), 'sum')
    c([2, 3, 4, 5], d.targets(3, 2, 4, 5), 'none')
    c([2, 4, 3, 3], d.targets(4, 2, 3, 3), 'mean', labelSmoothing=0.1)
    c([2, 4, 3, 3], with_ignored(d, d.targets(4, 2, 3, 3), -100, 4), 'mean', weighted=True,
      note='targets include the default ignoreIndex -100')
    c([2, 4, 3, 3], with_ignored(d, d.targets(4, 2, 3, 3), 0, 4), 'none', labelSmoothing=0.3,
      ignoreIndex=0, weighted=True)
    c([2, 4, 3, 3], with_ignored(d, d.targets(4, 2, 3, 3), 0, 4), 'mean', labelSmoothing=0.3,
      ignoreIndex=0, weighted=True)
    c([3, 4, 5], d.targets(4, 3, 5), 'mean', labelSmoothing=0.1)


def gen_nll_loss():
    d = Data(13)

    def c(shape, target, reduction=None, ignoreIndex=None, weighted=False, note=None):
        C = shape[1]
        logp = F.log_softmax(d.randn(*shape, scale=2).double(), dim=1).float()
        opts = loss_options(reduction, None, ignoreIndex)
        ot = {'weight': d.uniform(0.2, 2.0, C)} if weighted else {}

        def fn(t):
            return F.nll_loss(t['input'], t['target'], weight=t.get('weight'),
                              ignore_index=-100 if ignoreIndex is None else ignoreIndex,
                              reduction=reduction or 'mean')
        record('nllLoss', 'nllLoss', [('input', logp), ('target', target)], opts, fn,
               option_tensors=ot, note=note)

    t2 = lambda: d.targets(4, 7)
    for r in (None, 'mean', 'sum', 'none'):
        c([7, 4], t2(), r)
    for r in ('mean', 'sum', 'none'):
        c([7, 4], t2(), r, weighted=True)
    for r in ('mean', 'sum', 'none'):
        c([7, 4], with_ignored(d, t2(), -100, 2), r, note='targets include the default ignoreIndex -100')
    c([7, 4], with_ignored(d, t2(), 1, 3), 'mean', ignoreIndex=1, weighted=True)
    c([7, 4], with_ignored(d, t2(), 9, 2), 'sum', ignoreIndex=9)
    c([2, 3, 4, 2], d.targets(3, 2, 4, 2), 'mean')
    c([2, 3, 4, 2], with_ignored(d, d.targets(3, 2, 4, 2), 2, 3), 'mean', ignoreIndex=2,
      weighted=True)
    c([2, 3, 4, 2], d.targets(3, 2, 4, 2), 'none', weighted=True)


def gen_mse_loss():
    d = Data(14)
    for shape in ([4, 5], [2, 3, 4]):
        for r in (None, 'mean', 'sum', 'none'):
            opts = loss_options(r)
            record('mseLoss', 'mseLoss', [('input', d.randn(*shape)), ('target', d.randn(*shape))],
                   opts, lambda t, r=r: F.mse_loss(t['input'], t['target'], reduction=r or 'mean'))


def gen_l1_loss():
    d = Data(17)

    def c(input, target, r=None, note=None):
        record('l1Loss', 'l1Loss', [('input', input), ('target', target)], loss_options(r),
               lambda t: F.l1_loss(t['input'], t['target'], reduction=r or 'mean'), note=note)

    for shape in ([4, 5], [2, 3, 4]):
        for r in (None, 'mean', 'sum', 'none'):
            c(d.randn(*shape), d.randn(*shape), r)
    c(d.ints(-2, 3, 4, 5), d.ints(-2, 3, 4, 5), 'sum', note='ties get gradient 0')
    c(d.randn(3, 4), d.randn(4), 'mean', note='target broadcast over rows')


# ---------------------------------------------------------------- shape ops

def gen_pad():
    """`pad` holds torch's flat list, last dimension first; the Stride call converts it."""
    d = Data(18)

    def c(shape, pad, value=None, note=None):
        opts = {'pad': pad} if value is None else {'pad': pad, 'value': value}
        record('pad', 'pad', [('x', d.randn(*shape))], opts,
               lambda t: F.pad(t['x'], pad, value=0.0 if value is None else value), note=note)

    c([2, 3], [1, 2])
    c([2, 3], [1, 2, 0, 3])
    c([1, 2, 3, 4], [2, 0, 1, 1])
    c([2, 3, 4], [0, 2, 1, 0, 1, 1], value=-1.5)
    c([3, 2], [0, 0], note='no padding')
    # Drawn after the cases above: negative pads crop, and the other modes.
    c([2, 3, 5], [-1, 2, 1, -2], note='negative pads crop')
    c([1, 2, 4, 5], [2, -3, 0, 0, -1, 1], value=2.5, note='negative pads crop')
    c([3, 4], [-2, -2], note='cropped to nothing in the last dim')

    def m(shape, pad, mode, note=None):
        record('pad', 'pad', [('x', d.randn(*shape))], {'pad': pad, 'mode': mode},
               lambda t: F.pad(t['x'], pad, mode=mode), note=note)

    m([2, 3, 6], [1, 2], 'constant')
    for mode in ('reflect', 'replicate'):
        m([2, 3, 7], [2, 3], mode)
        m([3, 6], [1, 2], mode, note='unbatched 1-D')
        m([2, 2, 5, 6], [1, 2, 3, 0], mode)
        m([2, 5, 6], [2, 1, 1, 2], mode, note='unbatched 2-D')
        m([1, 2, 3, 4, 5], [1, 2, 0, 2, 1, 1], mode)
        m([2, 3, 4, 3], [2, 0, 1, 1, 0, 2], mode, note='unbatched 3-D')
        m([2, 2, 5, 6], [-1, 2, 2, -2], mode, note='negative pads crop')
        m([1, 1, 4, 3], [2, 2, 3, 3], mode, note='pads of size - 1')
    m([1, 2, 3, 2], [4, 5, 3, 1], 'replicate', note='pads wider than the input')
    m([2, 3, 6], [2, 3], 'circular')
    m([1, 2, 4, 5], [1, 2, 3, 1], 'circular')
    m([1, 1, 3, 4, 5], [1, 1, 2, 0, 1, 3], 'circular')
    m([1, 2, 3, 4], [4, 4, 3, 3], 'circular', note='pads as wide as the input')
    m([1, 2, 5, 6], [-1, 2, 2, -2], 'circular', note='negative pads crop first, then wrap')


# ---------------------------------------------------------------- tensor methods

def gen_tensor_ops():
    d = Data(15)
    f = 'tensorOps'

    def binary(op, torch_fn, a, b, note=None):
        record(f, op, [('a', a), ('b', b)], {}, lambda t: torch_fn(t['a'], t['b']), note=note)

    binary('add', torch.add, d.randn(2, 3, 4), d.randn(2, 3, 4))
    binary('add', torch.add, d.randn(2, 3, 4), d.randn(3, 1), note='broadcast')
    binary('add', torch.add, d.randn(4, 1, 5), d.randn(1, 3, 1), note='broadcast both')
    binary('sub', torch.sub, d.randn(2, 3, 4), d.randn(4), note='broadcast')
    binary('sub', torch.sub, d.randn(3, 1), d.randn(2, 1, 4), note='broadcast both')
    binary('mul', torch.mul, d.randn(2, 3, 4), d.randn(2, 1, 4), note='broadcast')
    binary('mul', torch.mul, d.randn(5), d.randn(3, 1), note='broadcast both')
    binary('div', torch.div, d.randn(2, 3, 4), d.uniform(0.5, 2, 3, 4), note='broadcast')
    binary('div', torch.div, d.randn(3, 1), -d.uniform(0.5, 2, 1, 4), note='broadcast both')

    def unary(op, torch_fn, x, options=None, note=None):
        record(f, op, [('x', x)], options or {}, lambda t: torch_fn(t['x']), note=note)

    unary('pow', lambda x: torch.pow(x, 2), d.randn(3, 4), {'exponent': 2})
    unary('pow', lambda x: torch.pow(x, 3), d.randn(3, 4), {'exponent': 3})
    unary('pow', lambda x: torch.pow(x, 0.5), d.uniform(0.5, 3, 3, 4), {'exponent': 0.5})
    unary('pow', lambda x: torch.pow(x, -1.5), d.uniform(0.5, 3, 3, 4), {'exponent': -1.5})
    unary('exp', torch.exp, d.randn(2, 3, 4))
    unary('log', torch.log, d.uniform(0.1, 5, 2, 3, 4))
    unary('sqrt', torch.sqrt, d.uniform(0.1, 5, 2, 3, 4))
    unary('neg', torch.neg, d.randn(2, 3, 4))

    binary('matmul', torch.matmul, d.randn(3, 4), d.randn(4, 5))
    binary('matmul', torch.matmul, d.randn(2, 3, 4), d.randn(2, 4, 5), note='batched')
    binary('matmul', torch.matmul, d.randn(2, 3, 4), d.randn(4, 5), note='batched times matrix')
    binary('matmul', torch.matmul, d.randn(2, 1, 3, 4), d.randn(3, 4, 2),
           note='broadcast batch dims')
    binary('matmul', torch.matmul, d.randn(3, 4), d.randn(4), note='matrix times vector')

    def reduce(op, x, dim=None, keepdim=None):
        opts = {}
        if dim is not None:
            opts['dim'] = dim
        if keepdim is not None:
            opts['keepdim'] = keepdim
        if op == 'max':
            fn = (lambda t: torch.max(t['x'])) if dim is None else \
                (lambda t: torch.max(t['x'], dim=dim, keepdim=bool(keepdim))[0])
        else:
            method = torch.sum if op == 'sum' else torch.mean
            fn = (lambda t: method(t['x'])) if dim is None else \
                (lambda t: method(t['x'], dim=dim, keepdim=bool(keepdim)))
        record(f, op, [('x', x)], opts, fn)

    for op in ('sum', 'mean'):
        reduce(op, d.randn(2, 3, 4))
        reduce(op, d.randn(2, 3, 4), 1)
        reduce(op, d.randn(2, 3, 4), -1, True)
        reduce(op, d.randn(2, 3, 4), 0, False)
    # distinct values: the gradient of max on ties differs between max(dim) and max()
    reduce('max', d.perm(2, 3, 4), 1)
    reduce('max', d.perm(2, 3, 4), -1)
    reduce('max', d.perm(3, 5), 0)


# ---------------------------------------------------------------- tensor ops (API.md 0.2)

def distinct_index(d, shape, dim, size):
    """int32 indices into `size` along `dim`, distinct within each line: scatter's result on a
    repeated index depends on which write lands last, which PyTorch leaves unspecified."""
    dim = dim % len(shape)
    others = [n for i, n in enumerate(shape) if i != dim]
    lines = [torch.randperm(size, generator=d.gen)[:shape[dim]] for _ in range(int(np.prod(others)))]
    return torch.stack(lines).reshape(*others, shape[dim]).movedim(-1, dim).contiguous().int()


def gen_indexing():
    d = Data(30)
    f = 'indexing'

    def gather(x_shape, dim, index_shape, note=None):
        index = d.targets(x_shape[dim], *index_shape)
        record(f, 'gather', [('x', d.randn(*x_shape)), ('index', index)], {'dim': dim},
               lambda t: torch.gather(t['x'], dim, t['index']), note=note)

    gather([3, 4, 5], 0, [5, 4, 5], note='index longer than the dim, repeated entries')
    gather([3, 4, 5], 1, [2, 3, 4], note='index smaller off the dim')
    gather([3, 4, 5], 2, [3, 4, 2])
    gather([3, 4, 5], -1, [1, 2, 7])
    gather([4, 6], -2, [4, 6])
    gather([7], 0, [10])

    def scatter(x_shape, dim, index_shape, value=None, note=None):
        index = distinct_index(d, index_shape, dim, x_shape[dim])
        if value is None:
            record(f, 'scatter', [('x', d.randn(*x_shape)), ('index', index), ('src', d.randn(*index_shape))],
                   {'dim': dim}, lambda t: torch.scatter(t['x'], dim, t['index'], t['src']), note=note)
        else:
            record(f, 'scatter', [('x', d.randn(*x_shape)), ('index', index)], {'dim': dim, 'src': value},
                   lambda t: torch.scatter(t['x'], dim, t['index'], value), note=note)

    scatter([4, 5], 0, [3, 5])
    scatter([3, 4, 5], 1, [3, 2, 5])
    scatter([3, 4, 5], -1, [2, 4, 3], note='index smaller off the dim')
    scatter([4, 5], 1, [4, 2], value=-1.5, note='a number as src')

    def scatter_add(x_shape, dim, index_shape, note=None):
        index = d.targets(x_shape[dim], *index_shape)
        record(f, 'scatterAdd', [('x', d.randn(*x_shape)), ('index', index), ('src', d.randn(*index_shape))],
               {'dim': dim}, lambda t: torch.scatter_add(t['x'], dim, t['index'], t['src']), note=note)

    scatter_add([4, 3], 0, [6, 3], note='repeated entries add up')
    scatter_add([2, 3, 4], 2, [2, 3, 7])
    scatter_add([2, 3, 4], -2, [2, 5, 3], note='index smaller off the dim')

    def index_select(x_shape, dim, length, note=None):
        index = d.targets(x_shape[dim], length)
        record(f, 'indexSelect', [('x', d.randn(*x_shape)), ('index', index)], {'dim': dim},
               lambda t: torch.index_select(t['x'], dim, t['index']), note=note)

    index_select([5, 4], 0, 7, note='repeated entries')
    index_select([2, 5, 3], 1, 3)
    index_select([2, 3, 6], -1, 4)
    index_select([3, 4], 1, 0, note='empty index')

    def index_add(x_shape, dim, length, alpha=None, note=None):
        index = d.targets(x_shape[dim], length)
        source = d.randn(*[length if i == dim % len(x_shape) else n for i, n in enumerate(x_shape)])
        opts = {'dim': dim} if alpha is None else {'dim': dim, 'alpha': alpha}
        record(f, 'indexAdd', [('x', d.randn(*x_shape)), ('index', index), ('source', source)], opts,
               lambda t: torch.index_add(t['x'], dim, t['index'], t['source'], alpha=1 if alpha is None else alpha),
               note=note)

    index_add([5, 3], 0, 4, note='repeated entries add up')
    index_add([2, 4, 3], 1, 6, alpha=0.5)
    index_add([2, 3, 4], -1, 2)

    def masked_fill(x_shape, mask_shape, value, note=None):
        inputs = [('x', d.randn(*x_shape)), ('mask', d.targets(2, *mask_shape))]
        if isinstance(value, float):
            record(f, 'maskedFill', inputs, {'value': value},
                   lambda t: t['x'].masked_fill(t['mask'].bool(), value), note=note)
        else:
            record(f, 'maskedFill', inputs + [('value', value)], {},
                   lambda t: t['x'].masked_fill(t['mask'].bool(), t['value']), note=note)

    masked_fill([3, 4], [3, 4], -1.5)
    masked_fill([2, 3, 4], [4], 0.0, note='mask broadcast over input')
    masked_fill([3, 1], [3, 4], 2.0, note='input broadcast over mask')
    masked_fill([3, 4], [3, 1], d.randn(), note='a 0-d tensor value gets the masked gradient')

    def where(cond_shape, a_shape, b_shape, note=None):
        inputs = [('condition', d.targets(2, *cond_shape)), ('a', d.randn(*a_shape))]
        if b_shape is None:
            record(f, 'where', inputs, {'other': 0.5},
                   lambda t: torch.where(t['condition'].bool(), t['a'], 0.5), note=note)
        else:
            record(f, 'where', inputs + [('b', d.randn(*b_shape))], {},
                   lambda t: torch.where(t['condition'].bool(), t['a'], t['b']), note=note)

    where([3, 4], [3, 4], [3, 4])
    where([3, 1], [4], [2, 3, 4], note='all three broadcast')
    where([2, 3], [2, 3], None, note='a number as other')


def values_and_indices(result):
    """sort's and topk's two results as one tensor: the values, then the indices as values."""
    values, indices = result
    return torch.stack([values, indices.to(values.dtype)])


def gen_sorting():
    # Distinct values only: on ties PyTorch's order is unspecified (Stride's sort is stable; its
    # own tests check that).
    d = Data(31)
    f = 'sorting'

    def sort(shape, dim=None, descending=None, note=None):
        opts = {k: v for k, v in (('dim', dim), ('descending', descending)) if v is not None}
        kw = {'dim': -1 if dim is None else dim, 'descending': bool(descending)}
        record(f, 'sort', [('x', d.perm(*shape))], opts,
               lambda t: values_and_indices(torch.sort(t['x'], **kw)), note=note)
        record(f, 'argsort', [('x', d.perm(*shape))], opts,
               lambda t: torch.argsort(t['x'], **kw), note=note)

    sort([4, 6])
    sort([4, 6], descending=True)
    sort([3, 4, 5], dim=0)
    sort([3, 4, 5], dim=1, descending=True)
    sort([3, 4, 5], dim=-2)
    sort([7], descending=False)
    sort([2, 37], descending=True, note='a line longer than 32')

    def topk(shape, k, dim=None, largest=None, sorted_=None, note=None):
        opts = {k_: v for k_, v in (('dim', dim), ('largest', largest), ('sorted', sorted_)) if v is not None}
        kw = {'dim': -1 if dim is None else dim, 'largest': largest is not False}
        record(f, 'topk', [('x', d.perm(*shape))], {'k': k, **opts},
               lambda t: values_and_indices(torch.topk(t['x'], k, sorted=True, **kw)), note=note)

    topk([4, 7], 3)
    topk([4, 7], 1)
    topk([4, 7], 7, note='k equal to the size')
    topk([4, 7], 0, note='k = 0')
    topk([4, 7], 2, largest=False)
    topk([5, 3], 2, dim=0)
    topk([3, 4, 5], 3, dim=1, largest=False)
    topk([3, 6], 4, sorted_=False, note='unsorted results come sorted, an order PyTorch also may give')
    topk([2, 40], 5, note='a line longer than 32')


def gen_rearranging():
    d = Data(32)
    f = 'rearranging'

    def cat(shapes, dim, op='cat'):
        names = ['a', 'b', 'c']
        inputs = [(names[i], d.randn(*s)) for i, s in enumerate(shapes)]
        fn = torch.cat if op == 'cat' else torch.stack
        record(f, op, inputs, {'dim': dim}, lambda t: fn([t[n] for n, _ in inputs], dim))

    cat([[2, 3], [1, 3], [3, 3]], 0)
    cat([[2, 1, 4], [2, 3, 4]], 1)
    cat([[2, 3, 1], [2, 3, 2], [2, 3, 3]], -1)
    cat([[2, 3], [2, 3], [2, 3]], 0, op='stack')
    cat([[2, 3], [2, 3]], 2, op='stack')
    cat([[3, 2], [3, 2], [3, 2]], -1, op='stack')
    cat([[3, 2], [3, 2]], -3, op='stack')

    def pieces(op, shape, arg, dim, note=None):
        # The pieces joined back, each scaled by its position: a wrong cut or count changes values.
        def fn(t):
            parts = torch.chunk(t['x'], arg, dim) if op == 'chunk' else torch.split(t['x'], arg, dim)
            return torch.cat([p * (i + 1) for i, p in enumerate(parts)], dim)
        key = 'chunks' if op == 'chunk' else 'sizeOrSections'
        record(f, op, [('x', d.randn(*shape))], {key: arg, 'dim': dim}, fn, note=note)

    pieces('chunk', [7, 3], 3, 0, note='last chunk shorter')
    pieces('chunk', [2, 5], 2, -1)
    pieces('chunk', [2, 3, 4], 4, 1, note='fewer chunks than asked')
    pieces('chunk', [6], 6, 0)
    pieces('split', [7, 3], 3, 0, note='last piece shorter')
    pieces('split', [2, 5, 2], [1, 3, 1], 1)
    pieces('split', [2, 3, 4], 4, -1, note='one piece')
    pieces('split', [2, 5], [0, 2, 3], -1, note='an empty section')

    def flip(shape, dims):
        record(f, 'flip', [('x', d.randn(*shape))], {'dims': dims}, lambda t: torch.flip(t['x'], dims))

    flip([3, 4], [0])
    flip([3, 4], [1])
    flip([3, 4], [0, 1])
    flip([2, 3, 4], [-1, 0])
    flip([2, 3, 4], [])

    def roll(shape, shifts, dims=None, note=None):
        opts = {'shifts': shifts} if dims is None else {'shifts': shifts, 'dims': dims}
        record(f, 'roll', [('x', d.randn(*shape))], opts,
               lambda t: torch.roll(t['x'], shifts, dims), note=note)

    roll([3, 4], 1, note='flattened')
    roll([3, 4], -2, 1)
    roll([2, 3, 4], [1, 5], [0, -1], note='a shift longer than the dim wraps')
    roll([2, 3, 4], [-4], [2], note='a whole turn')

    def repeat(shape, sizes, note=None):
        record(f, 'repeat', [('x', d.randn(*shape))], {'sizes': sizes},
               lambda t: t['x'].repeat(*sizes), note=note)

    repeat([2, 3], [2, 1])
    repeat([2, 3], [1, 3])
    repeat([2, 3], [2, 2, 3], note='a new leading dim')
    repeat([3], [2, 1, 2])
    repeat([2, 1, 3], [1, 4, 1])


def ints_hitting(d, lo, hi, shape, *values):
    """Integers in [lo, hi) (ties common) with each of `values` placed once, so the kinks a case
    is about are hit whatever the draw."""
    x = d.ints(lo, hi, *shape).reshape(-1)
    positions = torch.randperm(x.numel(), generator=d.gen)[:len(values)]
    x[positions] = torch.tensor(values, dtype=torch.float32)
    return x.reshape(shape)


def gen_tensor_math():
    d = Data(33)
    f = 'tensorMath'

    def clamp(x, note=None, **opts):
        record(f, 'clamp', [('x', x)], opts, lambda t: torch.clamp(t['x'], opts.get('min'), opts.get('max')), note=note)

    clamp(d.randn(3, 4, scale=2), min=-1.0, max=1.0)
    clamp(ints_hitting(d, -2, 4, [4, 5], -1, 2), min=-1.0, max=2.0, note='inputs on both bounds get gradient 1')
    clamp(ints_hitting(d, -2, 3, [3, 5], 0), min=0.0)
    clamp(d.randn(3, 4), max=0.5)
    clamp(d.randn(3, 4), min=1.0, max=-1.0, note='min above max gives max')

    def unary(op, fn, x, note=None):
        record(f, op, [('x', x)], {}, lambda t: fn(t['x']), note=note)

    unary('abs', torch.abs, d.randn(3, 4))
    unary('abs', torch.abs, ints_hitting(d, -2, 3, [4, 5], 0), note='gradient 0 at 0')
    unary('sign', torch.sign, d.randn(3, 4))
    unary('sign', torch.sign, ints_hitting(d, -2, 3, [4, 5], 0), note='gradient 0 everywhere')

    def binary(op, fn, a, b, note=None):
        record(f, op, [('a', a), ('b', b)], {}, lambda t: fn(t['a'], t['b']), note=note)

    for op, fn in (('minimum', torch.minimum), ('maximum', torch.maximum)):
        binary(op, fn, d.randn(3, 4), d.randn(3, 4))
        a, b = d.ints(-2, 3, 3, 4), d.ints(-2, 3, 4)
        assert (a == b).any(), 'tie cases must tie'
        binary(op, fn, a, b, note='ties split the gradient in half')

    def cumsum(x, dim, note=None):
        record(f, 'cumsum', [('x', x)], {'dim': dim}, lambda t: torch.cumsum(t['x'], dim), note=note)

    for dim in (0, 1, 2, -1):
        cumsum(d.randn(3, 4, 5), dim)
    cumsum(d.randn(1, 37), 1, note='six scan passes')
    cumsum(d.randn(5), 0)

    def logsumexp(x, dim, keepdim=None, note=None):
        opts = {'dim': dim} if keepdim is None else {'dim': dim, 'keepdim': keepdim}
        record(f, 'logsumexp', [('x', x)], opts,
               lambda t: torch.logsumexp(t['x'], dim, keepdim=bool(keepdim)), note=note)

    logsumexp(d.randn(3, 4, 5), 1)
    logsumexp(d.randn(3, 4, 5), [0, 2])
    logsumexp(d.randn(3, 4, 5), -1, keepdim=True)
    logsumexp(d.uniform(-60, 60, 3, 5), 1, note='magnitudes up to 60 stay finite')
    logsumexp(d.randn(4), 0)

    def norm(x, p=None, dim=None, keepdim=None, note=None):
        opts = {k: v for k, v in (('p', p), ('dim', dim), ('keepdim', keepdim)) if v is not None}
        torch_p = {'inf': float('inf'), '-inf': float('-inf'), None: 2}.get(p, p) if not isinstance(p, (int, float)) else p
        record(f, 'norm', [('x', x)], opts,
               lambda t: torch.norm(t['x'], p=torch_p, dim=dim, keepdim=bool(keepdim)), note=note)

    with_zero_row = lambda: d.randn(3, 4) * torch.tensor([[1.0], [0.0], [1.0]])
    norm(d.randn(3, 4))
    norm(d.randn(3, 4), p=2, dim=1)
    norm(d.randn(3, 4), p=1, dim=0)
    norm(d.randn(3, 4), p=3, dim=[0, 1])
    norm(d.randn(3, 4), p=0.5, dim=1)
    norm(d.randn(2, 3, 4), p=1.5, dim=-1, keepdim=True)
    norm(d.randn(3, 4), p='inf', dim=1)
    norm(d.randn(3, 4), p='-inf', dim=0)
    norm(ints_hitting(d, -3, 4, [4, 5], 0), p=0, dim=1, note='counts nonzeros, gradient 0')
    norm(d.randn(2, 3, 4), p='fro', dim=[1, 2])
    for p in (2, 1, 3, 0.5, 'inf'):
        norm(with_zero_row(), p=p, dim=1, note="a zero row gets torch's subgradient")
    norm(ints_hitting(d, -2, 3, [4, 5], 2), p='inf', dim=1, note='ties share the gradient')

    def logical(op, x, dim=None, keepdim=None, note=None):
        opts = {k: v for k, v in (('dim', dim), ('keepdim', keepdim)) if v is not None}
        fn = torch.all if op == 'all' else torch.any
        record(f, op, [('x', x)], opts,
               lambda t: fn(t['x']) if dim is None else fn(t['x'], dim, keepdim=bool(keepdim)), note=note)

    for op in ('all', 'any'):
        logical(op, ints_hitting(d, -1, 2, [3, 4], 0))
        logical(op, ints_hitting(d, 0, 2, [3, 4], 0), dim=1)
        logical(op, d.targets(2, 3, 4), dim=0, keepdim=True, note='an int32 mask')
        logical(op, d.uniform(0.5, 1, 3, 4), dim=-1, note='no zeros')

# ---------------------------------------------------------------- resampling and more pooling

def gen_interpolate():
    d = Data(19)

    def c(shape, note=None, **opts):
        kw = {'mode': opts.get('mode', 'nearest')}
        for k, name in (('size', 'size'), ('scaleFactor', 'scale_factor'), ('alignCorners', 'align_corners'),
                        ('recomputeScaleFactor', 'recompute_scale_factor')):
            if k in opts:
                kw[name] = tuple(opts[k]) if isinstance(opts[k], list) else opts[k]
        record('interpolate', 'interpolate', [('x', d.randn(*shape))], opts,
               lambda t: F.interpolate(t['x'], **kw), note=note)

    c([2, 3, 4, 5], size=[7, 9])
    c([1, 2, 9, 7], size=[4, 3], note='down')
    c([2, 2, 3, 4], scaleFactor=2, note='exact doubling')
    c([1, 2, 3, 5], scaleFactor=3)
    c([1, 3, 5, 7], scaleFactor=1.7, note='non-integer factor, sampled at 1/scale')
    c([1, 3, 5, 7], scaleFactor=1.7, recomputeScaleFactor=True, note='sampled at in/out')
    c([1, 2, 9, 8], scaleFactor=0.6)
    c([2, 2, 6, 5], scaleFactor=[1.5, 0.75])
    c([1, 2, 5, 6], size=[5, 6], note='same size: a copy')
    c([2, 3, 7], size=11, note='1-D')
    c([2, 3, 7], scaleFactor=2.5, note='1-D')
    c([1, 2, 3, 4, 5], size=[5, 3, 7], note='3-D')
    c([1, 2, 3, 4, 5], scaleFactor=[2, 1.5, 0.5], note='3-D')
    for align in (False, True):
        b = lambda shape, note=None, **k: c(shape, note, mode='bilinear', alignCorners=align, **k)
        b([2, 3, 4, 5], size=[7, 9])
        b([1, 2, 9, 7], size=[4, 3], note='down')
        b([1, 2, 4, 3], scaleFactor=2)
        b([1, 3, 5, 7], scaleFactor=1.7)
        b([1, 3, 5, 7], scaleFactor=1.7, recomputeScaleFactor=True)
        b([1, 2, 9, 8], scaleFactor=0.6)
        b([2, 2, 6, 5], scaleFactor=[1.5, 0.75])
        b([1, 2, 5, 6], size=[5, 6], note='same size')
        b([1, 2, 5, 6], size=[1, 4], note='one output row')
        b([1, 2, 1, 3], size=[4, 5], note='one input row')
    c([1, 2, 4, 6], mode='bilinear', size=[6, 9], note='alignCorners defaults to false')


def antialiased_filter(filt_size):
    """antialiased-cnns' get_filter (Zhang 2019), in its own few lines."""
    a = {1: [1.], 2: [1., 1.], 3: [1., 2., 1.], 4: [1., 3., 3., 1.], 5: [1., 4., 6., 4., 1.],
         6: [1., 5., 10., 10., 5., 1.], 7: [1., 6., 15., 20., 15., 6., 1.]}[filt_size]
    a = np.array(a)
    filt = torch.Tensor(a[:, None] * a[None, :])
    return filt / torch.sum(filt)


def antialiased_blur_pool(x, pad_type='reflect', filt_size=3, stride=2):
    """antialiased-cnns' BlurPool.forward with pad_off = 0."""
    pad_sizes = [int(1. * (filt_size - 1) / 2), int(np.ceil(1. * (filt_size - 1) / 2))] * 2
    if filt_size == 1:
        return x[:, :, ::stride, ::stride]
    pad_layer = {'reflect': torch.nn.ReflectionPad2d, 'replicate': torch.nn.ReplicationPad2d,
                 'zero': torch.nn.ZeroPad2d}[pad_type]
    filt = antialiased_filter(filt_size)[None, None, :, :].repeat((x.shape[1], 1, 1, 1)).to(x.dtype)
    return F.conv2d(pad_layer(pad_sizes)(x), filt, stride=stride, groups=x.shape[1])


def gen_blur_pool2d():
    d = Data(20)

    def c(shape, note=None, **opts):
        record('blurPool2d', 'blurPool2d', [('x', d.randn(*shape))], opts,
               lambda t: antialiased_blur_pool(t['x'], opts.get('padMode', 'reflect'), opts.get('filterSize', 3),
                                               opts.get('stride', 2)), note=note)

    c([2, 3, 8, 8], note='defaults: 3 taps, stride 2, reflect')
    c([1, 2, 7, 9])
    for f in range(1, 8):
        c([1, 2, 9, 8], filterSize=f)
    c([2, 2, 7, 6], padMode='replicate')
    c([2, 2, 7, 6], padMode='zero')
    c([1, 3, 6, 7], filterSize=5, padMode='replicate', stride=3)
    c([1, 2, 6, 5], filterSize=4, padMode='zero', stride=1)
    c([1, 2, 5, 6], filterSize=3, stride=1)
    c([1, 1, 4, 4], filterSize=7, note='reflect pad 3 on size 4')


def gen_pool1d():
    d = Data(21)

    def m(x, note=None, **o):
        record('maxPool1d', 'maxPool1d', [('x', x)], o,
               lambda t: F.max_pool1d(t['x'], o['kernelSize'], o.get('stride'), o.get('padding', 0),
                                      o.get('dilation', 1), o.get('ceilMode', False), o.get('returnIndices', False)),
               note=note)

    m(d.randn(2, 3, 9), kernelSize=2)
    m(d.ints(0, 4, 2, 2, 11), 'integer inputs with tied maxima', kernelSize=3, stride=2, padding=1)
    m(d.randn(1, 2, 13), kernelSize=3, stride=2, dilation=2, ceilMode=True)
    m(d.randn(3, 10), 'unbatched', kernelSize=4, stride=3, padding=2, returnIndices=True)
    m(d.randn(2, 2, 12), kernelSize=3, stride=1, padding=1, returnIndices=True)

    def a(x, note=None, **o):
        record('avgPool1d', 'avgPool1d', [('x', x)], o,
               lambda t: F.avg_pool1d(t['x'], o['kernelSize'], o.get('stride'), o.get('padding', 0),
                                      o.get('ceilMode', False), o.get('countIncludePad', True)), note=note)

    a(d.randn(2, 3, 9), kernelSize=2)
    a(d.randn(1, 2, 11), kernelSize=3, stride=2, padding=1)
    a(d.randn(1, 2, 11), kernelSize=3, stride=2, padding=1, countIncludePad=False)
    a(d.randn(2, 2, 10), kernelSize=4, stride=3, padding=2, ceilMode=True)
    a(d.randn(3, 8), 'unbatched', kernelSize=3, stride=2, ceilMode=True, countIncludePad=False)

    for shape, out in (([2, 3, 9], 4), ([1, 2, 7], 7), ([2, 1, 5], 8), ([3, 10], 3), ([1, 2, 6], 1)):
        record('adaptiveAvgPool1d', 'adaptiveAvgPool1d', [('x', d.randn(*shape))], {'outputSize': out},
               lambda t, o=out: F.adaptive_avg_pool1d(t['x'], o))


def gen_pool3d():
    d = Data(22)

    def m(x, note=None, **o):
        tup = lambda v: tuple(v) if isinstance(v, list) else v
        record('maxPool3d', 'maxPool3d', [('x', x)], o,
               lambda t: F.max_pool3d(t['x'], tup(o['kernelSize']), tup(o.get('stride')), tup(o.get('padding', 0)),
                                      tup(o.get('dilation', 1)), o.get('ceilMode', False), o.get('returnIndices', False)),
               note=note)

    m(d.randn(2, 2, 4, 5, 6), kernelSize=2)
    m(d.ints(0, 4, 1, 2, 5, 5, 6), 'integer inputs with tied maxima', kernelSize=3, stride=2, padding=1)
    m(d.randn(1, 2, 5, 7, 6), kernelSize=[2, 3, 2], stride=[1, 2, 2], padding=[1, 1, 0], dilation=[2, 1, 1])
    m(d.randn(1, 2, 5, 6, 7), kernelSize=2, stride=2, ceilMode=True, returnIndices=True)
    m(d.randn(2, 4, 5, 5), 'unbatched', kernelSize=3, stride=2, padding=1, returnIndices=True)

    def a(x, note=None, **o):
        tup = lambda v: tuple(v) if isinstance(v, list) else v
        record('avgPool3d', 'avgPool3d', [('x', x)], o,
               lambda t: F.avg_pool3d(t['x'], tup(o['kernelSize']), tup(o.get('stride')), tup(o.get('padding', 0)),
                                      o.get('ceilMode', False), o.get('countIncludePad', True), o.get('divisorOverride')),
               note=note)

    a(d.randn(2, 2, 4, 5, 6), kernelSize=2)
    a(d.randn(1, 2, 5, 6, 7), kernelSize=3, stride=2, padding=1)
    a(d.randn(1, 2, 5, 6, 7), kernelSize=3, stride=2, padding=1, countIncludePad=False)
    a(d.randn(1, 2, 5, 5, 6), kernelSize=[2, 3, 2], stride=[2, 2, 3], padding=[1, 1, 0], ceilMode=True)
    a(d.randn(1, 2, 5, 5, 6), kernelSize=[2, 3, 2], stride=[2, 2, 3], padding=[1, 1, 0], ceilMode=True,
      countIncludePad=False)
    a(d.randn(2, 4, 5, 6), 'unbatched', kernelSize=2, stride=1, divisorOverride=3)


def gen_adaptive_max_pool2d():
    d = Data(23)

    def c(x, out, note=None, indices=False):
        size = tuple(out) if isinstance(out, list) else out
        opts = {'outputSize': out, **({'returnIndices': True} if indices else {})}
        record('adaptiveMaxPool2d', 'adaptiveMaxPool2d', [('x', x)], opts,
               lambda t: F.adaptive_max_pool2d(t['x'], size, return_indices=indices), note=note)

    c(d.randn(2, 3, 5, 7), 1)
    c(d.randn(1, 2, 7, 7), 3)
    c(d.randn(1, 2, 5, 9), [2, 4], indices=True)
    c(d.randn(2, 1, 4, 4), [3, 2], 'overlapping windows', indices=True)
    c(d.randn(1, 2, 3, 2), [5, 4], 'output larger than input', indices=True)
    c(d.ints(0, 3, 2, 2, 8, 6), [4, 3], 'integer inputs with tied maxima', indices=True)
    c(d.randn(1, 2, 6, 7), [None, 3], 'null keeps the input size')
    c(d.randn(3, 6, 5), [4, 4], 'unbatched', indices=True)


def gen_max_unpool2d():
    d = Data(24)

    def c(x, note=None, pool=None, **o):
        pool = pool or {}
        k, s, p = o['kernelSize'], o.get('stride'), o.get('padding', 0)
        pooled, idx = F.max_pool2d(x, pool.get('kernelSize', k), pool.get('stride', s), pool.get('padding', p),
                                   return_indices=True)
        size = o.get('outputSize')
        record('maxUnpool2d', 'maxUnpool2d', [('x', d.randn(*pooled.shape)), ('indices', idx.int())], o,
               lambda t: F.max_unpool2d(t['x'], t['indices'], k, s, p, None if size is None else tuple(size)),
               note=note)

    c(d.perm(2, 3, 6, 6), kernelSize=2)
    c(d.perm(1, 2, 7, 9), kernelSize=3, stride=2, padding=1)
    c(d.perm(1, 2, 7, 9), kernelSize=3, stride=2, padding=1, outputSize=[7, 9], note='outputSize recovers the odd input')
    c(d.perm(1, 2, 5, 7), kernelSize=2, outputSize=[1, 2, 5, 7], note='outputSize as [N, C, H, W]')
    c(d.perm(2, 6, 5), kernelSize=[2, 3], stride=[2, 1], note='unbatched')
    # Overlapping windows name some positions twice; PyTorch's CPU kernel writes in scan order.
    c(d.ints(0, 3, 1, 2, 6, 6), kernelSize=2, pool={'kernelSize': 3, 'stride': 1, 'padding': 1},
      note='indices named twice: the last write wins')


def gen_fractional_max_pool2d():
    d = Data(25)

    def c(x, samples, note=None, **o):
        k = tuple(o['kernelSize']) if isinstance(o['kernelSize'], list) else o['kernelSize']
        size = o.get('outputSize')
        ratio = o.get('outputRatio')
        kw = {'output_size': tuple(size) if isinstance(size, list) else size,
              'output_ratio': tuple(ratio) if isinstance(ratio, list) else ratio}
        idx = [F.fractional_max_pool2d(x.to(dt), k, return_indices=True, _random_samples=samples.to(dt), **kw)[1]
               for dt in (torch.float32, torch.float64)]
        assert torch.equal(idx[0], idx[1]), 'float32 and float64 windows must agree'
        indices = o.get('returnIndices', False)
        record('fractionalMaxPool2d', 'fractionalMaxPool2d', [('x', x)], o,
               lambda t: F.fractional_max_pool2d(t['x'], k, return_indices=indices,
                                                 _random_samples=t['randomSamples'], **kw),
               option_tensors={'randomSamples': samples}, note=note)

    samples = lambda n, ch: torch.rand(n, ch, 2, generator=d.gen)
    c(d.randn(2, 3, 9, 9), samples(2, 3), kernelSize=2, outputSize=4)
    c(d.randn(1, 2, 11, 10), samples(1, 2), kernelSize=3, outputSize=[5, 6], returnIndices=True)
    c(d.randn(1, 2, 10, 13), samples(1, 2), kernelSize=[2, 3], outputRatio=0.5)
    c(d.randn(2, 2, 12, 9), samples(2, 2), kernelSize=2, outputRatio=[0.7, 0.5], returnIndices=True)
    c(d.randn(1, 3, 8, 8), samples(1, 3), kernelSize=2, outputSize=7, note='windows overlap')
    c(d.randn(1, 2, 7, 6), samples(1, 2), kernelSize=3, outputSize=1, note='one window')
    c(d.ints(0, 3, 1, 2, 9, 8), samples(1, 2), 'integer inputs with tied maxima', kernelSize=2, outputSize=[5, 4],
      returnIndices=True)
    c(d.randn(3, 9, 7), samples(1, 3), 'unbatched', kernelSize=2, outputSize=[4, 3], returnIndices=True)


# ---------------------------------------------------------------- main

def main():
    for gen in (gen_conv1d, gen_conv2d, gen_conv3d, gen_conv_transpose2d, gen_linear,
                gen_max_pool2d, gen_avg_pool2d, gen_adaptive_avg_pool2d, gen_activations,
                gen_softmax, gen_dropout, gen_cross_entropy, gen_nll_loss, gen_mse_loss,
                gen_tensor_ops, gen_batch_norm_training, gen_l1_loss, gen_pad,
                gen_indexing, gen_sorting, gen_rearranging, gen_tensor_math,
                gen_interpolate, gen_blur_pool2d, gen_pool1d, gen_pool3d, gen_adaptive_max_pool2d,
                gen_max_unpool2d, gen_fractional_max_pool2d, gen_channel_affine):
        gen()
    # Generator modules beside this script import it by name: let them find this running copy.
    sys.modules.setdefault('gen_fixtures', sys.modules[__name__])
    import gen_activations_losses
    gen_activations_losses.generate()
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    for file, cases in FILES.items():
        body = dumps({'generator': 'packages/conformance/scripts/gen_fixtures.py',
                      'torch': torch.__version__.split('+')[0],
                      'cases': cases}) + '\n'
        path = os.path.join(OUT_DIR, f'{file}.json')
        with open(path, 'w') as fh:
            fh.write(body)
        total += len(body)
        print(f'{file}.json: {len(cases)} cases, {len(body) / 1024:.1f} KiB')
    print(f'total {total / 1024:.1f} KiB')


if __name__ == '__main__':
    sys.exit(main())
