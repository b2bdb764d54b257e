"""The 0.2 activations, losses and channel/sample dropout: PyTorch fixtures for their families.

Run through gen_fixtures.py (its main() calls generate()); each function below has its own
Data(seed) and file, so adding to one changes no other file.
"""
import warnings

import torch
import torch.nn.functional as F
from torchvision.ops import stochastic_depth

from gen_fixtures import Data, loss_options, record, with_values

# torch warns that kl_div's 'mean' is not the KL divergence; the fixtures pin that very behaviour.
warnings.filterwarnings('ignore', message="reduction: 'mean' divides the total loss")


def generate():
    for gen in (gen_more_activations, gen_cross_entropy_probabilities, gen_binary_cross_entropy,
                gen_binary_cross_entropy_with_logits, gen_smooth_l1_loss, gen_huber_loss, gen_kl_div,
                gen_multi_margin_loss, gen_one_hot, gen_dropout2d, gen_stochastic_depth):
        gen()


# ---------------------------------------------------------------- activations

def gen_more_activations():
    d = Data(19)
    f = 'moreActivations'

    def unary(op, fn, x, note=None):
        record(f, op, [('x', x)], {}, lambda t: fn(t['x']), note=note)

    unary('selu', F.selu, d.randn(2, 3, 3, 4, scale=2))
    unary('selu', F.selu, with_values(d.ints(-2, 3, 3, 7), 0),
          note='exact zeros take the negative branch, gradient scale times alpha')
    unary('selu', F.selu, d.uniform(-30, 30, 4, 6), note='large magnitudes')
    unary('mish', F.mish, d.randn(2, 3, 3, 4, scale=2))
    unary('mish', F.mish, d.uniform(-30, 30, 4, 6), note='large magnitudes')
    unary('hardswish', F.hardswish, d.randn(2, 3, 3, 4, scale=3))
    unary('hardswish', F.hardswish, with_values(d.ints(-4, 5, 4, 7), -3, 3),
          note='exact -3 and 3 get gradients -1/2 and 3/2')
    unary('hardsigmoid', F.hardsigmoid, d.randn(2, 3, 3, 4, scale=3))
    unary('hardsigmoid', F.hardsigmoid, with_values(d.ints(-4, 5, 4, 7), -3, 3),
          note='exact -3 and 3 get gradient 0')

    def prelu(x, weight, note=None):
        record(f, 'prelu', [('x', x), ('weight', weight)], {}, lambda t: F.prelu(t['x'], t['weight']),
               note=note)

    prelu(d.randn(2, 3, 3, 4), d.uniform(0.05, 0.5, 3), note='one weight per channel')
    prelu(d.randn(2, 3, 2, 3), d.uniform(0.05, 0.5, 1), note='one weight for every channel')
    prelu(d.randn(3, 7), d.uniform(0.05, 0.5, 7))
    prelu(d.randn(2, 4, 3), d.uniform(0.05, 0.5, 4))
    prelu(d.randn(5), d.uniform(0.05, 0.5, 1), note='a 1-D input is one channel')
    prelu(d.randn(3, 2, 5), d.uniform(0.05, 0.5), note='a 0-d weight')
    prelu(with_values(d.ints(-2, 3, 2, 4, 3), 0), d.uniform(0.05, 0.5, 4),
          note='exact zeros take the slope: input gradient weight, weight gradient 0')


# ---------------------------------------------------------------- losses

def gen_cross_entropy_probabilities():
    """Class-probability targets of the logits' shape (mixup, distillation)."""
    d = Data(20)

    def c(shape, reduction=None, labelSmoothing=None, weighted=False, ignoreIndex=None, target=None,
          note=None):
        class_dim = 0 if len(shape) == 1 else 1
        logits = d.randn(*shape, scale=2)
        if target is None:
            target = torch.softmax(d.randn(*shape, scale=2), dim=class_dim)
        opts = loss_options(reduction, labelSmoothing, ignoreIndex)
        ot = {'weight': d.uniform(0.2, 2.0, shape[class_dim])} if weighted else {}

        def fn(t):
            return F.cross_entropy(t['input'], t['target'], weight=t.get('weight'),
                                   ignore_index=-100 if ignoreIndex is None else ignoreIndex,
                                   reduction=reduction or 'mean', label_smoothing=labelSmoothing or 0.0)
        record('crossEntropyProbabilities', 'crossEntropy', [('input', logits), ('target', target)], opts,
               fn, option_tensors=ot, note=note or 'class-probability targets')

    for r in (None, 'mean', 'sum', 'none'):
        c([6, 5], r)
    for ls, r in ((0.1, 'mean'), (0.1, 'none'), (0.3, 'sum'), (0.3, 'none')):
        c([6, 5], r, labelSmoothing=ls)
    for r in ('mean', 'sum', 'none'):
        c([6, 5], r, weighted=True)
    c([6, 5], 'mean', labelSmoothing=0.2, weighted=True)
    c([6, 5], 'none', labelSmoothing=0.2, weighted=True)
    c([2, 3, 2, 3], 'mean')
    c([2, 3, 2, 3], 'none', labelSmoothing=0.1)
    c([2, 3, 3, 2], 'sum', labelSmoothing=0.3, weighted=True)
    c([5], 'mean', note='class-probability targets of a single sample [C]')
    c([5], 'none', weighted=True, labelSmoothing=0.1, note='class-probability targets of a single sample [C]')
    c([4, 3], 'mean', ignoreIndex=-1, note='class-probability targets: a negative ignoreIndex is unused')
    c([4, 3], 'sum', target=d.uniform(0, 1, 4, 3), note='class-probability targets need not sum to 1')
    onehot_mix = 0.7 * F.one_hot(d.targets(3, 4).long(), 3).float() + 0.3 * F.one_hot(d.targets(3, 4).long(), 3).float()
    c([4, 3], 'mean', target=onehot_mix, note='mixup targets: two one-hot rows blended 0.7/0.3')


def gen_binary_cross_entropy():
    d = Data(21)

    def c(p, y, reduction=None, weight=None, note=None, constants=()):
        ot = {'weight': weight} if weight is not None else {}
        record('binaryCrossEntropy', 'binaryCrossEntropy', [('input', p), ('target', y)],
               loss_options(reduction), lambda t: F.binary_cross_entropy(
                   t['input'], t['target'], weight=t.get('weight'), reduction=reduction or 'mean'),
               option_tensors=ot, note=note, constants=constants)

    for r in (None, 'mean', 'sum', 'none'):
        c(d.uniform(0.02, 0.98, 4, 5), d.uniform(0, 1, 4, 5), r)
    c(d.uniform(0.02, 0.98, 4, 5), d.ints(0, 2, 4, 5), 'mean', note='hard 0/1 targets')
    c(d.uniform(0.02, 0.98, 4, 5), d.uniform(0, 1, 4, 5), 'mean', weight=d.uniform(0.2, 2, 5),
      note='weight broadcast over rows')
    c(d.uniform(0.02, 0.98, 4, 5), d.uniform(0, 1, 4, 5), 'none', weight=d.uniform(0.2, 2, 4, 1),
      note='weight broadcast over columns')
    c(d.uniform(0.02, 0.98, 4, 5), d.uniform(0, 1, 4, 5), 'sum', weight=d.uniform(0.2, 2, 4, 5))
    c(d.uniform(0.02, 0.98, 2, 3, 4), d.uniform(0, 1, 2, 3, 4), 'mean')
    p = torch.tensor([0., 1., 0., 1., 0.5, 1e-6, 1 - 2 ** -20], dtype=torch.float32)
    y = torch.tensor([0., 1., 1., 0., 1., 0., 1.], dtype=torch.float32)
    c(p, y, 'none', constants=('target',),
      note='probabilities 0 and 1: each log clamped at -100, the gradient through the 1e-12 floor')
    c(d.uniform(0.02, 0.98, 3, 4), d.uniform(0, 1, 3, 4), 'mean', note='target takes a gradient too')


def gen_binary_cross_entropy_with_logits():
    d = Data(22)

    def c(z, y, reduction=None, weight=None, posWeight=None, note=None):
        ot = {}
        if weight is not None:
            ot['weight'] = weight
        if posWeight is not None:
            ot['posWeight'] = posWeight
        record('binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogits', [('input', z), ('target', y)],
               loss_options(reduction), lambda t: F.binary_cross_entropy_with_logits(
                   t['input'], t['target'], weight=t.get('weight'), pos_weight=t.get('posWeight'),
                   reduction=reduction or 'mean'),
               option_tensors=ot, note=note)

    for r in (None, 'mean', 'sum', 'none'):
        c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), r)
    c(d.randn(4, 5, scale=3), d.ints(0, 2, 4, 5), 'mean', note='hard 0/1 targets')
    c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), 'mean', posWeight=d.uniform(0.5, 4, 5),
      note='posWeight per class, broadcast over rows')
    c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), 'none', posWeight=d.uniform(0.5, 4, 5))
    c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), 'sum', posWeight=d.uniform(0.5, 4, 4, 1),
      note='posWeight broadcast over columns')
    c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), 'mean', weight=d.uniform(0.2, 2, 5),
      posWeight=d.uniform(0.5, 4, 5))
    c(d.randn(4, 5, scale=3), d.uniform(0, 1, 4, 5), 'none', weight=d.uniform(0.2, 2, 4, 5))
    c(d.randn(2, 3, 4, scale=3), d.uniform(0, 1, 2, 3, 4), 'mean', posWeight=d.uniform(0.5, 4, 4))
    c(d.uniform(-40, 40, 4, 6), d.uniform(0, 1, 4, 6), 'none', posWeight=d.uniform(0.5, 4, 6),
      note='large magnitudes stay finite')
    c(torch.tensor([0., 0., 0.], dtype=torch.float32), torch.tensor([0., 0.5, 1.], dtype=torch.float32), 'none',
      note='logits exactly 0')


def regression_case(file, op, torch_fn, option_name, d):
    def c(a, b, reduction=None, value=None, note=None):
        opts = loss_options(reduction)
        if value is not None:
            opts[option_name] = value
        kw = {} if value is None else {'beta' if op == 'smoothL1Loss' else 'delta': value}
        record(file, op, [('input', a), ('target', b)], opts,
               lambda t: torch_fn(t['input'], t['target'], reduction=reduction or 'mean', **kw), note=note)
    return c


def gen_smooth_l1_loss():
    d = Data(23)
    c = regression_case('smoothL1Loss', 'smoothL1Loss', F.smooth_l1_loss, 'beta', d)
    for r in (None, 'mean', 'sum', 'none'):
        c(d.randn(4, 5, scale=2), d.randn(4, 5, scale=2), r)
    c(d.randn(4, 5, scale=2), d.randn(4, 5, scale=2), 'mean', 0.5)
    c(d.randn(2, 3, 4, scale=2), d.randn(2, 3, 4, scale=2), 'none', 2.0)
    a, b = d.ints(-2, 3, 5, 6), d.ints(-2, 3, 5, 6)
    with_values(a - b, -1, 0, 1)
    c(a, b, 'sum', 1.0, note='differences exactly at -beta, 0 and beta')
    a, b = d.ints(-2, 3, 5, 6), d.ints(-2, 3, 5, 6)
    with_values(a - b, 0)
    c(a, b, 'sum', 0.0, note='beta 0 is L1; ties get gradient -1 in input and target alike, as torch')
    c(d.randn(3, 4, scale=2), d.randn(4, scale=2), 'mean', note='target broadcast over rows')


def gen_huber_loss():
    d = Data(24)
    c = regression_case('huberLoss', 'huberLoss', F.huber_loss, 'delta', d)
    for r in (None, 'mean', 'sum', 'none'):
        c(d.randn(4, 5, scale=2), d.randn(4, 5, scale=2), r)
    c(d.randn(4, 5, scale=2), d.randn(4, 5, scale=2), 'mean', 0.5)
    c(d.randn(2, 3, 4, scale=2), d.randn(2, 3, 4, scale=2), 'none', 2.0)
    a, b = d.ints(-3, 4, 5, 6), d.ints(-3, 4, 5, 6)
    with_values(a - b, -2, 0, 2)
    c(a, b, 'sum', 2.0, note='differences exactly at -delta, 0 and delta')
    c(d.randn(3, 4, scale=2), d.randn(4, scale=2), 'mean', note='target broadcast over rows')


def gen_kl_div():
    d = Data(25)

    def c(x, y, reduction=None, logTarget=None, note=None, constants=()):
        opts = {} if reduction is None else {'reduction': reduction}
        if logTarget is not None:
            opts['logTarget'] = logTarget
        record('klDiv', 'klDiv', [('input', x), ('target', y)], opts,
               lambda t: F.kl_div(t['input'], t['target'], reduction=reduction or 'mean',
                                  log_target=bool(logTarget)), note=note, constants=constants)

    logp = lambda *s: torch.log_softmax(d.randn(*s, scale=2), dim=-1)
    prob = lambda *s: torch.softmax(d.randn(*s, scale=2), dim=-1)
    for r in (None, 'mean', 'batchmean', 'sum', 'none'):
        c(logp(4, 5), prob(4, 5), r)
    for r in ('mean', 'batchmean', 'sum', 'none'):
        c(logp(4, 5), logp(4, 5), r, logTarget=True)
    c(logp(4, 5), prob(4, 5), 'batchmean', logTarget=False, note='logTarget false stated')
    zeros = prob(4, 5) * d.ints(0, 2, 4, 5)
    with_values(zeros, 0)
    c(logp(4, 5), zeros, 'sum', constants=('target',), note='zero probabilities contribute 0')
    c(logp(2, 3, 4), prob(2, 3, 4), 'batchmean', note='batchmean divides by the first dim only')
    c(logp(3, 4), prob(4), 'batchmean', note='target broadcast over rows')


def gen_multi_margin_loss():
    d = Data(26)

    def c(x, y, reduction=None, p=None, margin=None, weight=None, note=None):
        opts = loss_options(reduction)
        if p is not None:
            opts['p'] = p
        if margin is not None:
            opts['margin'] = margin
        ot = {'weight': weight} if weight is not None else {}
        record('multiMarginLoss', 'multiMarginLoss', [('input', x), ('target', y)], opts,
               lambda t: F.multi_margin_loss(t['input'], t['target'], p=p or 1,
                                             margin=1.0 if margin is None else margin,
                                             weight=t.get('weight'), reduction=reduction or 'mean'),
               option_tensors=ot, note=note)

    for r in (None, 'mean', 'sum', 'none'):
        c(d.randn(5, 4), d.targets(4, 5), r)
    c(d.randn(5, 4), d.targets(4, 5), 'mean', p=2)
    c(d.randn(5, 4), d.targets(4, 5), 'none', p=2)
    c(d.randn(5, 4), d.targets(4, 5), 'mean', margin=0.5)
    c(d.randn(5, 4, scale=3), d.targets(4, 5), 'sum', margin=2.0)
    c(d.randn(6, 3), d.targets(3, 6), 'mean', weight=d.uniform(0.2, 2, 3))
    c(d.randn(6, 3), d.targets(3, 6), 'sum', p=2, weight=d.uniform(0.2, 2, 3), margin=1.5)
    c(d.randn(7), d.targets(7), 'mean', note='one sample: scores [C] and a 0-d class')
    c(d.randn(7), d.targets(7, 1), 'none', note='one sample: scores [C], a [1] class and a 0-d loss')
    x, y = d.ints(-2, 3, 6, 4), d.targets(4, 6)
    hinge = 1 - x.gather(1, y.long()[:, None]) + x
    with_values(hinge, 0)
    c(x, y, 'sum', note='hinges exactly at 0 get no gradient')
    c(d.randn(10, 10), d.targets(10, 10), 'mean', note='the course: 10 classes')


def gen_one_hot():
    """oneHot is int32 → int32: each case multiplies it into scores, as a mask picks them.

    numClasses -1 (inferred) reads the indices, which only a backend with synchronous reads can,
    so it is checked against these explicit cases in the losses family's own tests instead.
    """
    d = Data(27)

    def c(indices, classes, note=None):
        x = d.randn(*indices.shape, classes)
        record('oneHot', 'oneHot', [('indices', indices), ('x', x)], {'numClasses': classes},
               lambda t: F.one_hot(t['indices'], classes) * t['x'], note=note)

    c(d.targets(4, 6), 4)
    c(d.targets(5, 2, 3), 7, note='more classes than indices use')
    c(d.targets(3), 3, note='a 0-d index')


# ---------------------------------------------------------------- dropout

def gen_dropout2d():
    # Only the deterministic cases (eval, p 0, p 1): a random mask cannot replay torch's stream.
    d = Data(28)
    for shape, p, training in (([2, 3, 3, 4], 0.5, False), ([2, 3, 4], 0.2, False), ([2, 3, 2, 3], 0.0, True),
                               ([2, 3, 2, 3], 1.0, True), ([2, 3, 4], 1.0, True)):
        record('dropout2d', 'dropout2d', [('x', d.randn(*shape))], {'p': p, 'training': training},
               lambda t, p=p, tr=training: F.dropout2d(t['x'], p=p, training=tr))


def gen_stochastic_depth():
    # As dropout2d: eval, p 0 and p 1 (every sample dropped, no division) are deterministic.
    d = Data(29)
    for shape, p, mode, training in (([4, 3, 2, 2], 0.3, 'row', False), ([4, 3, 2, 2], 0.3, 'batch', False),
                                     ([4, 3, 2], 0.0, 'row', True), ([4, 3], 0.0, 'batch', True),
                                     ([4, 3, 2, 2], 1.0, 'row', True), ([4, 3], 1.0, 'batch', True)):
        record('stochasticDepth', 'stochasticDepth', [('x', d.randn(*shape))],
               {'p': p, 'mode': mode, 'training': training},
               lambda t, p=p, m=mode, tr=training: stochastic_depth(t['x'], p, m, training=tr))
