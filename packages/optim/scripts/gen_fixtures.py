#!/usr/bin/python3
"""Writes the PyTorch oracle fixtures for @stride/optim.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13):

    /usr/bin/python3 packages/optim/scripts/gen_fixtures.py

optimizers.json: one trajectory per optimizer and option set. Initial parameters and every
gradient are float32 values drawn from a seeded generator; PyTorch replays them in float64
and the parameters after each step are rounded to float32 (the exact answer, not PyTorch's
own float32 rounding). The same trajectory is repeated in float32 and the script stops if
float32 PyTorch itself would miss the float64 answer by more than a quarter of the tests'
rtol, so the tolerance the tests use is known to be attainable in float32.

schedulers.json: the learning rates (and momentum or beta1 for OneCycleLR) PyTorch's
schedulers print after construction and after each step(), as float64.

clip.json: clip_grad_norm_ in float64 on float32 gradients: the total norm and the
gradients after clipping, rounded to float32.

The output is deterministic: running the script twice gives identical files.
"""
import json
import os

import numpy as np
import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
TEST_RTOL = 1e-5
SHAPES = [(3, 5), (7,)]
STEPS = 6
torch.set_num_threads(1)


# ---------------------------------------------------------------- optimizer trajectories

OPTIMIZERS = {
    'SGD': torch.optim.SGD,
    'Adagrad': torch.optim.Adagrad,
    'RMSprop': torch.optim.RMSprop,
    'Adam': torch.optim.Adam,
    'AdamW': torch.optim.AdamW,
}

TORCH_NAMES = {
    'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'nesterov': 'nesterov',
    'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'eps': 'eps',
    'initialAccumulatorValue': 'initial_accumulator_value', 'alpha': 'alpha',
    'centered': 'centered', 'betas': 'betas', 'amsgrad': 'amsgrad',
}

# (name, optimizer, Stride options, param groups or None, what the case pins down)
OPTIMIZER_CASES = [
    ('sgd-plain', 'SGD', {'lr': 0.1}, None, 'p -= lr * g'),
    ('sgd-momentum', 'SGD', {'lr': 0.1, 'momentum': 0.9}, None,
     'the first step sets buf = g (no dampening), later buf = m * buf + g'),
    ('sgd-dampening', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'dampening': 0.5}, None,
     'dampening scales g from the second step on only'),
    ('sgd-nesterov', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}, None,
     'nesterov steps along g + m * buf'),
    ('sgd-weight-decay', 'SGD', {'lr': 0.1, 'momentum': 0.5, 'weightDecay': 0.1}, None,
     'L2 decay is added to g before the momentum buffer'),
    ('sgd-param-groups', 'SGD', {'lr': 0.1, 'momentum': 0.9},
     [{'params': [0], 'lr': 0.05, 'weightDecay': 0.2}, {'params': [1], 'momentum': 0.0}],
     'each group overrides the defaults'),
    ('adagrad-plain', 'Adagrad', {'lr': 0.1}, None, 'defaults besides lr'),
    ('adagrad-lr-decay', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.3, 'weightDecay': 0.1}, None,
     'clr = lr / (1 + (step - 1) * lrDecay); L2 decay on g'),
    ('adagrad-initial-accumulator', 'Adagrad', {'lr': 0.1, 'initialAccumulatorValue': 0.5}, None,
     'the sum starts at initialAccumulatorValue'),
    ('adagrad-large-eps', 'Adagrad', {'lr': 0.1, 'eps': 0.1}, None,
     'eps is added to sqrt(sum), outside the square root'),
    ('rmsprop-plain', 'RMSprop', {'lr': 0.01}, None, 'defaults besides lr'),
    ('rmsprop-momentum', 'RMSprop', {'lr': 0.01, 'momentum': 0.9}, None,
     'buf = m * buf + g / (sqrt(v) + eps)'),
    ('rmsprop-centered', 'RMSprop', {'lr': 0.01, 'centered': True, 'momentum': 0.5}, None,
     'v - gAvg^2 under the square root'),
    ('rmsprop-weight-decay', 'RMSprop', {'lr': 0.01, 'alpha': 0.9, 'weightDecay': 0.1}, None,
     'L2 decay on g; non-default alpha'),
    ('rmsprop-large-eps', 'RMSprop', {'lr': 0.01, 'eps': 0.1}, None,
     'eps is added to sqrt(v), outside the square root'),
    ('adam-plain', 'Adam', {'lr': 0.01}, None, 'defaults besides lr'),
    ('adam-weight-decay', 'Adam', {'lr': 0.01, 'weightDecay': 0.1}, None,
     'L2: g += wd * p before the moments'),
    ('adam-amsgrad', 'Adam', {'lr': 0.01, 'amsgrad': True, 'betas': [0.8, 0.9]}, None,
     'the denominator uses the running maximum of v'),
    ('adam-large-eps', 'Adam', {'lr': 0.01, 'eps': 0.1}, None,
     'denom = sqrt(v) / sqrt(1 - beta2^t) + eps: eps after the bias correction'),
    ('adam-param-groups', 'Adam', {'lr': 0.01},
     [{'params': [1], 'lr': 0.02, 'betas': [0.5, 0.9]}, {'params': [0], 'weightDecay': 0.1}],
     'each group overrides the defaults; groups list parameters out of order'),
    ('adamw-default', 'AdamW', {'lr': 0.01}, None, 'default weightDecay 1e-2, decoupled'),
    ('adamw-weight-decay', 'AdamW', {'lr': 0.01, 'weightDecay': 0.1}, None,
     'p *= 1 - lr * wd before the Adam step (compare adam-weight-decay)'),
    ('adamw-amsgrad', 'AdamW', {'lr': 0.01, 'weightDecay': 0.1, 'amsgrad': True}, None,
     'decoupled decay with the amsgrad maximum'),
]


def torch_options(options):
    out = {}
    for k, v in options.items():
        out[TORCH_NAMES[k]] = tuple(v) if k == 'betas' else v
    return out


def run_trajectory(optimizer, options, groups, params32, grads32, dtype):
    params = [p.to(dtype).clone().requires_grad_(True) for p in params32]
    if groups is None:
        spec = params
    else:
        spec = []
        for g in groups:
            d = {k: v for k, v in g.items() if k != 'params'}
            d = torch_options(d)
            d['params'] = [params[i] for i in g['params']]
            spec.append(d)
    opt = OPTIMIZERS[optimizer](spec, **torch_options(options))
    out = []
    for step_grads in grads32:
        for p, g in zip(params, step_grads):
            p.grad = g.to(dtype).clone()
        opt.step()
        out.append([p.detach().clone() for p in params])
    return out


def gen_optimizers():
    gen = torch.Generator().manual_seed(1234)
    cases = []
    for name, optimizer, options, groups, note in OPTIMIZER_CASES:
        params32 = [torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
        grads32 = [[torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
                   for _ in range(STEPS)]
        exact = run_trajectory(optimizer, options, groups, params32, grads32, torch.float64)
        single = run_trajectory(optimizer, options, groups, params32, grads32, torch.float32)
        for step, (e_step, s_step) in enumerate(zip(exact, single)):
            for e, s in zip(e_step, s_step):
                err = rel_err(s.double(), e)
                assert err <= TEST_RTOL / 4, f'{name} step {step + 1}: float32 torch misses by {err}'
        case = {
            'name': name,
            'note': note,
            'optimizer': optimizer,
            'options': options,
            'params': [tensor_json(p) for p in params32],
            'grads': [[tensor_json(g) for g in step] for step in grads32],
            'trajectory': [[tensor_json(p) for p in step] for step in exact],
        }
        if groups is not None:
            case['groups'] = groups
        cases.append(case)
    write('optimizers.json', {'rtol': TEST_RTOL, 'cases': cases})


# ---------------------------------------------------------------- schedulers

def scheduler_run(optimizer_factory, scheduler_factory, steps, group_lrs):
    params = [torch.zeros(1, requires_grad=True) for _ in group_lrs]
    opt = optimizer_factory([{'params': [p], 'lr': lr} for p, lr in zip(params, group_lrs)])
    sched = scheduler_factory(opt)
    lrs, momentums = [list(sched.get_last_lr())], [momentum_of(opt)]
    for _ in range(steps):
        opt.step()
        sched.step()
        lrs.append(list(sched.get_last_lr()))
        momentums.append(momentum_of(opt))
    return lrs, momentums


def momentum_of(opt):
    return [g['betas'][0] if 'betas' in g else g.get('momentum') for g in opt.param_groups]


def sgd(momentum=0.9):
    return lambda groups: torch.optim.SGD(groups, lr=0.1, momentum=momentum)


def adam(groups):
    return torch.optim.Adam(groups, lr=1e-3, betas=(0.9, 0.999))


def scheduler_case(name, scheduler, optimizer, options, steps, group_lrs, torch_factory, optimizer_factory):
    lrs, momentums = scheduler_run(optimizer_factory, torch_factory, steps, group_lrs)
    case = {'name': name, 'scheduler': scheduler, 'optimizer': optimizer, 'groupLrs': group_lrs,
            'options': options, 'steps': steps, 'lrs': lrs}
    if scheduler == 'OneCycleLR':
        case['momentums'] = momentums
    return case


def gen_schedulers():
    S = torch.optim.lr_scheduler
    cases = [
        scheduler_case('steplr', 'StepLR', 'SGD', {'stepSize': 3, 'gamma': 0.5}, 12, [0.1],
                       lambda o: S.StepLR(o, step_size=3, gamma=0.5), sgd()),
        scheduler_case('steplr-default-gamma-two-groups', 'StepLR', 'SGD', {'stepSize': 2}, 7, [0.1, 0.3],
                       lambda o: S.StepLR(o, step_size=2), sgd()),
        scheduler_case('cosine', 'CosineAnnealingLR', 'SGD', {'tMax': 10, 'etaMin': 0.001}, 25, [0.1, 0.05],
                       lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), sgd()),
        scheduler_case('cosine-default-eta-min', 'CosineAnnealingLR', 'Adam', {'tMax': 7}, 14, [0.01],
                       lambda o: S.CosineAnnealingLR(o, T_max=7), adam),
    ]
    one_cycle = [
        ('onecycle-cos-sgd', 'SGD', {'maxLr': 0.1, 'totalSteps': 20}, [0.1], {}, sgd()),
        ('onecycle-linear-sgd', 'SGD', {'maxLr': 0.1, 'totalSteps': 20, 'annealStrategy': 'linear'}, [0.1],
         {'anneal_strategy': 'linear'}, sgd()),
        ('onecycle-three-phase-sgd', 'SGD', {'maxLr': 0.1, 'totalSteps': 20, 'threePhase': True}, [0.1],
         {'three_phase': True}, sgd()),
        ('onecycle-cos-adam-betas', 'Adam', {'maxLr': 0.01, 'totalSteps': 16, 'pctStart': 0.25}, [0.001],
         {'pct_start': 0.25}, adam),
        ('onecycle-linear-three-phase-adam', 'Adam',
         {'maxLr': 0.01, 'totalSteps': 15, 'annealStrategy': 'linear', 'threePhase': True,
          'divFactor': 10, 'finalDivFactor': 100, 'baseMomentum': 0.8, 'maxMomentum': 0.9}, [0.001],
         {'anneal_strategy': 'linear', 'three_phase': True, 'div_factor': 10.0, 'final_div_factor': 100.0,
          'base_momentum': 0.8, 'max_momentum': 0.9}, adam),
        ('onecycle-no-momentum-cycle-two-groups', 'SGD',
         {'maxLr': [0.1, 0.2], 'totalSteps': 10, 'cycleMomentum': False}, [0.1, 0.1],
         {'cycle_momentum': False}, sgd()),
    ]
    for name, optimizer, options, group_lrs, torch_kw, factory in one_cycle:
        max_lr = options['maxLr']
        total = options['totalSteps']
        cases.append(scheduler_case(
            name, 'OneCycleLR', optimizer, options, total, group_lrs,
            lambda o, m=max_lr, t=total, kw=torch_kw: S.OneCycleLR(o, max_lr=m, total_steps=t, **kw), factory))
    write('schedulers.json', {'cases': cases})


# ---------------------------------------------------------------- clip_grad_norm_

def gen_clip():
    gen = torch.Generator().manual_seed(99)
    grads32 = [torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
    cases = []
    for norm_type, max_norm in [(2, 1.0), (2, 100.0), (1, 2.0), (1, 100.0),
                                (float('inf'), 0.5), (float('inf'), 100.0), (3, 0.7)]:
        params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads32]
        for p, g in zip(params, grads32):
            p.grad = g.double().clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        cases.append({
            'normType': 'inf' if norm_type == float('inf') else norm_type,
            'maxNorm': max_norm,
            'totalNorm': f32(total.item()),
            'clipped': [tensor_json(p.grad) for p in params],
        })
    write('clip.json', {'grads': [tensor_json(g) for g in grads32], 'cases': cases})


# ---------------------------------------------------------------- output

def rel_err(got, exp):
    """max|got - exp| / max|exp|, the tests' per-tensor measure."""
    scale = exp.abs().max().item()
    return (got - exp).abs().max().item() / scale if scale > 0 else (got - exp).abs().max().item()


def f32(x):
    """A float32 value as the shortest decimal that reads back as the same float32."""
    s = np.format_float_positional(np.float32(x), unique=True, trim='-')
    if len(s) > 16:
        s = np.format_float_scientific(np.float32(x), unique=True, trim='-')
    assert np.float32(float(s)) == np.float32(x)
    return float(s)


def tensor_json(t):
    return {'shape': list(t.shape), 'data': [f32(v) for v in t.detach().reshape(-1).tolist()]}


def write(file, content):
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, file), 'w') as f:
        json.dump(content, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    gen_optimizers()
    gen_schedulers()
    gen_clip()
