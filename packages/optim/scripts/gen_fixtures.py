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
import copy
import json
import math
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

# Frozen parameters (requires_grad False, grad None), as in fine-tuning: torch.optim accepts them in
# its groups and skips them while their grad is None; their state (momentum, Adam's step and
# moments) is left as it was. (name, optimizer, options, groups, frozen, note): frozen[step] lists
# the parameters frozen during that step; those frozen at the first step never required grad.
FROZEN_CASES = [
    ('sgd-momentum-frozen-mid-run', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'weightDecay': 0.01}, None,
     [[], [], [1], [1], [], []],
     'param 1 frozen for steps 3-4 keeps its momentum buffer, which resumes when it is unfrozen'),
    ('sgd-nesterov-frozen-from-start', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}, None,
     [[0]] * STEPS, 'param 0 never requires grad: it is never updated and gets no state'),
    ('adam-frozen-mid-run', 'Adam', {'lr': 0.01, 'weightDecay': 0.1}, None,
     [[], [0], [0], [0], [], []],
     "param 0 frozen for steps 2-4: its step count and moments pause, so its bias correction resumes at t=2"),
    ('adamw-frozen-group', 'AdamW', {'lr': 0.01},
     [{'params': [0], 'lr': 0.02}, {'params': [1]}], [[1]] * STEPS,
     'a whole param group frozen from the start, as when a backbone is frozen'),
    ('adagrad-frozen-from-start', 'Adagrad', {'lr': 0.1}, None, [[1]] * STEPS,
     'Adagrad creates the frozen parameter state at construction, as for every other parameter'),
    ('rmsprop-momentum-frozen-mid-run', 'RMSprop', {'lr': 0.01, 'momentum': 0.9, 'centered': True}, None,
     [[], [], [], [1], [1], []], 'param 1 frozen for steps 4-5: its averages and momentum pause'),
]


def torch_options(options):
    out = {}
    for k, v in options.items():
        out[TORCH_NAMES[k]] = tuple(v) if k == 'betas' else v
    return out


def run_trajectory(optimizer, options, groups, params32, grads32, dtype, frozen=None):
    """Replays the gradients; a parameter frozen at a step has requires_grad False and grad None."""
    frozen = frozen or [[] for _ in grads32]
    params = [p.to(dtype).clone().requires_grad_(i not in frozen[0]) for i, p in enumerate(params32)]
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
    for step_grads, step_frozen in zip(grads32, frozen):
        for i, (p, g) in enumerate(zip(params, step_grads)):
            p.requires_grad_(i not in step_frozen)
            p.grad = None if i in step_frozen else g.to(dtype).clone()
        opt.step()
        out.append([p.detach().clone() for p in params])
    return out


def gen_optimizers():
    gen = torch.Generator().manual_seed(1234)
    cases = []
    all_cases = [c + (None,) for c in OPTIMIZER_CASES] + [
        (name, optimizer, options, groups, note, frozen)
        for name, optimizer, options, groups, frozen, note in FROZEN_CASES]
    for name, optimizer, options, groups, note, frozen in all_cases:
        params32 = [torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
        grads32 = [[torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
                   for _ in range(STEPS)]
        exact = run_trajectory(optimizer, options, groups, params32, grads32, torch.float64, frozen)
        single = run_trajectory(optimizer, options, groups, params32, grads32, torch.float32, frozen)
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
            'grads': [[None if frozen and i in frozen[s] else tensor_json(g) for i, g in enumerate(step)]
                      for s, step in enumerate(grads32)],
            'trajectory': [[tensor_json(p) for p in step] for step in exact],
        }
        if groups is not None:
            case['groups'] = groups
        cases.append(case)
    write('optimizers.json', {'rtol': TEST_RTOL, 'cases': cases})


# ---------------------------------------------------------------- schedulers
#
# A case names the scheduler and its options in Stride's spelling; torch_scheduler() builds the
# same scheduler in PyTorch, so the test builds from the very options the fixture was made with.
# Functions (LambdaLR's lrLambda, CyclicLR's scaleFn) are named: the test defines the same ones.

S = torch.optim.lr_scheduler

LAMBDAS = {
    'inverse': lambda e: 1.0 / (e + 1),
    'warmup-4': lambda e: min(1.0, (e + 1) / 4),
    'halve-every-3': lambda e: 1.0 / 2 ** (e // 3),
}
SCALE_FNS = {
    'inverse-tenth': lambda x: 1.0 / (1.0 + 0.1 * x),
}
SNAKE = {'tMax': 'T_max', 't0': 'T_0', 'tMult': 'T_mult'}
STRIDE_ONLY = {'scheduler'}


def snake(name):
    return SNAKE.get(name) or ''.join('_' + c.lower() if c.isupper() else c for c in name)


def torch_scheduler(opt, scheduler, options):
    kw = {}
    for k, v in options.items():
        if k == 'lrLambda':
            v = [LAMBDAS[n] for n in v] if isinstance(v, list) else LAMBDAS[v]
        elif k == 'scaleFn':
            v = SCALE_FNS[v]
        elif k == 'schedulers':
            v = [torch_scheduler(opt, s['scheduler'], s['options']) for s in v]
        kw[snake(k)] = v
    return getattr(S, scheduler)(opt, **kw)


def make_optimizer(optimizer, group_lrs):
    params = [torch.zeros(1, requires_grad=True) for _ in group_lrs]
    groups = [{'params': [p], 'lr': lr} for p, lr in zip(params, group_lrs)]
    if optimizer == 'SGD':
        return torch.optim.SGD(groups, lr=0.1, momentum=0.9)
    return torch.optim.Adam(groups, lr=1e-3, betas=(0.9, 0.999))


def momentum_of(opt):
    return [g['betas'][0] if 'betas' in g else g.get('momentum') for g in opt.param_groups]


def step_scheduler(sched, case, s):
    if 'metrics' in case:
        sched.step(case['metrics'][s])
    elif 'epochs' in case:
        sched.step(case['epochs'][s])
    else:
        sched.step()


def record(opt, sched, case):
    """lrs and momenta after construction, then after each step (optimizer.step() first, as always)."""
    lrs, momentums = [[g['lr'] for g in opt.param_groups]], [momentum_of(opt)]
    for s in range(case['steps']):
        opt.step()
        step_scheduler(sched, case, s)
        lrs.append(last_lr(sched))
        momentums.append(momentum_of(opt))
    return lrs, momentums


def last_lr(sched):
    # PyTorch 1.13's ReduceLROnPlateau has no get_last_lr(), only the _last_lr its step() sets.
    return list(sched._last_lr if isinstance(sched, S.ReduceLROnPlateau) else sched.get_last_lr())


def check_torch_resumes_exactly(case, lrs):
    """PyTorch's own resume (state_dict of both, new optimizer and scheduler, load both) continues
    the uninterrupted schedule: so the tests may hold a resumed Stride run to the uninterrupted one."""
    for split in range(1, case['steps']):
        opt = make_optimizer(case['optimizer'], case['groupLrs'])
        sched = torch_scheduler(opt, case['scheduler'], case['options'])
        for s in range(split):
            opt.step()
            step_scheduler(sched, case, s)
        opt2 = make_optimizer(case['optimizer'], case['groupLrs'])
        sched2 = torch_scheduler(opt2, case['scheduler'], case['options'])
        opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
        sched2.load_state_dict(sched.state_dict())
        for s in range(split, case['steps']):
            opt2.step()
            step_scheduler(sched2, case, s)
            assert last_lr(sched2) == lrs[s + 1], f"{case['name']}: torch resumed at {split} differs"


def scheduler_case(name, scheduler, optimizer, options, steps, group_lrs, **inputs):
    case = {'name': name, 'scheduler': scheduler, 'optimizer': optimizer, 'groupLrs': group_lrs,
            'options': options, 'steps': steps, **inputs}
    opt = make_optimizer(optimizer, group_lrs)
    sched = torch_scheduler(opt, scheduler, options)
    case['lrs'], case['momentums'] = record(opt, sched, case)
    check_torch_resumes_exactly(case, case['lrs'])
    return case


def child(scheduler, **options):
    return {'scheduler': scheduler, 'options': options}


PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.85, 0.86, 0.849, 0.85, 0.84, 0.84, 0.84, 0.84, 0.835,
                   0.8349, 0.8349, 0.83, 0.83, 0.83, 0.83, 0.83, 0.83]


def gen_schedulers():
    c = scheduler_case
    cases = [
        c('steplr', 'StepLR', 'SGD', {'stepSize': 3, 'gamma': 0.5}, 12, [0.1]),
        c('steplr-default-gamma-two-groups', 'StepLR', 'SGD', {'stepSize': 2}, 7, [0.1, 0.3]),
        c('cosine', 'CosineAnnealingLR', 'SGD', {'tMax': 10, 'etaMin': 0.001}, 25, [0.1, 0.05]),
        c('cosine-default-eta-min', 'CosineAnnealingLR', 'Adam', {'tMax': 7}, 14, [0.01]),
        c('onecycle-cos-sgd', 'OneCycleLR', 'SGD', {'maxLr': 0.1, 'totalSteps': 20}, 20, [0.1]),
        c('onecycle-linear-sgd', 'OneCycleLR', 'SGD',
          {'maxLr': 0.1, 'totalSteps': 20, 'annealStrategy': 'linear'}, 20, [0.1]),
        c('onecycle-three-phase-sgd', 'OneCycleLR', 'SGD',
          {'maxLr': 0.1, 'totalSteps': 20, 'threePhase': True}, 20, [0.1]),
        c('onecycle-cos-adam-betas', 'OneCycleLR', 'Adam',
          {'maxLr': 0.01, 'totalSteps': 16, 'pctStart': 0.25}, 16, [0.001]),
        c('onecycle-linear-three-phase-adam', 'OneCycleLR', 'Adam',
          {'maxLr': 0.01, 'totalSteps': 15, 'annealStrategy': 'linear', 'threePhase': True,
           'divFactor': 10, 'finalDivFactor': 100, 'baseMomentum': 0.8, 'maxMomentum': 0.9}, 15, [0.001]),
        c('onecycle-no-momentum-cycle-two-groups', 'OneCycleLR', 'SGD',
          {'maxLr': [0.1, 0.2], 'totalSteps': 10, 'cycleMomentum': False}, 10, [0.1, 0.1]),

        c('multisteplr', 'MultiStepLR', 'SGD', {'milestones': [2, 5, 9], 'gamma': 0.5}, 12, [0.1, 0.03]),
        c('multisteplr-default-gamma', 'MultiStepLR', 'Adam', {'milestones': [1, 4]}, 6, [0.01]),
        c('exponentiallr', 'ExponentialLR', 'SGD', {'gamma': 0.9}, 30, [0.1, 0.07]),
        c('linearlr-defaults', 'LinearLR', 'SGD', {}, 8, [0.1]),
        c('linearlr-warmup', 'LinearLR', 'Adam', {'startFactor': 0.25, 'totalIters': 4}, 7, [0.01, 0.003]),
        c('linearlr-decay', 'LinearLR', 'SGD', {'startFactor': 1.0, 'endFactor': 0.1, 'totalIters': 6}, 9, [0.3]),
        c('lambdalr-one-function', 'LambdaLR', 'SGD', {'lrLambda': 'inverse'}, 10, [0.1, 0.2]),
        c('lambdalr-per-group', 'LambdaLR', 'Adam', {'lrLambda': ['warmup-4', 'halve-every-3']}, 10, [0.01, 0.02]),
        c('sequentiallr-warmup-cosine', 'SequentialLR', 'SGD',
          {'schedulers': [child('LinearLR', startFactor=0.1, totalIters=3), child('CosineAnnealingLR', tMax=8)],
           'milestones': [3]}, 14, [0.1]),
        c('sequentiallr-three-stages', 'SequentialLR', 'SGD',
          {'schedulers': [child('ExponentialLR', gamma=0.5), child('StepLR', stepSize=2, gamma=0.3),
                          child('LinearLR', startFactor=0.5, endFactor=1.0, totalIters=3)],
           'milestones': [2, 6]}, 12, [0.1, 0.05]),
        c('sequentiallr-lambda-then-multistep', 'SequentialLR', 'Adam',
          {'schedulers': [child('LambdaLR', lrLambda='warmup-4'), child('MultiStepLR', milestones=[2, 4], gamma=0.2)],
           'milestones': [4]}, 10, [0.01]),
        c('sequentiallr-warmup-warm-restarts', 'SequentialLR', 'SGD',
          {'schedulers': [child('LinearLR', startFactor=0.2, totalIters=2),
                          child('CosineAnnealingWarmRestarts', t0=3, tMult=2, etaMin=0.001)],
           'milestones': [2]}, 16, [0.1]),
        c('sequentiallr-cyclic-after-constant-warmup', 'SequentialLR', 'SGD',
          {'schedulers': [child('LinearLR', startFactor=0.5, endFactor=0.5, totalIters=2),
                          child('CyclicLR', baseLr=0.01, maxLr=0.1, stepSizeUp=2)],
           'milestones': [3]}, 12, [0.1]),

        c('plateau-min-rel', 'ReduceLROnPlateau', 'SGD', {'patience': 2}, 20, [0.1, 0.01],
          metrics=PLATEAU_METRICS),
        c('plateau-min-abs-cooldown-minlr', 'ReduceLROnPlateau', 'SGD',
          {'factor': 0.5, 'patience': 1, 'threshold': 0.01, 'thresholdMode': 'abs', 'cooldown': 2,
           'minLr': [0.02, 0.0]}, 20, [0.1, 0.1], metrics=PLATEAU_METRICS),
        c('plateau-max-rel-eps', 'ReduceLROnPlateau', 'Adam',
          {'mode': 'max', 'factor': 0.2, 'patience': 0, 'threshold': 0.05, 'eps': 1e-4}, 20, [0.001],
          metrics=[0.1, 0.2, 0.2, 0.25, 0.3, 0.3, 0.31, 0.4, 0.41, 0.41, 0.5, 0.5, 0.5, 0.6, 0.6,
                   0.6, 0.6, 0.6, 0.6, 0.6]),
        c('plateau-max-abs', 'ReduceLROnPlateau', 'SGD',
          {'mode': 'max', 'thresholdMode': 'abs', 'threshold': 0.0, 'patience': 3}, 20, [0.1],
          metrics=[-x for x in PLATEAU_METRICS]),

        c('warm-restarts', 'CosineAnnealingWarmRestarts', 'SGD', {'t0': 5}, 17, [0.1, 0.05]),
        c('warm-restarts-tmult-etamin', 'CosineAnnealingWarmRestarts', 'Adam',
          {'t0': 2, 'tMult': 2, 'etaMin': 1e-4}, 31, [0.01]),
        c('warm-restarts-fractional-epochs', 'CosineAnnealingWarmRestarts', 'SGD', {'t0': 2, 'tMult': 2}, 24, [0.1],
          epochs=[e / 4 for e in range(1, 25)]),
        # Epoch 121 with t0 1, tMult 3: PyTorch's int(log(243) / log(3)) is 4 (C's log), not 5.
        c('warm-restarts-fractional-epochs-tmult-3', 'CosineAnnealingWarmRestarts', 'SGD', {'t0': 1, 'tMult': 3}, 250,
          [0.1], epochs=[0.5 * e for e in range(1, 251)]),
        c('warm-restarts-fractional-epochs-tmult-1', 'CosineAnnealingWarmRestarts', 'SGD',
          {'t0': 3, 'etaMin': 0.01}, 16, [0.1], epochs=[0.5 * e for e in range(1, 17)]),

        c('cyclic-triangular', 'CyclicLR', 'SGD', {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 4}, 20, [0.1]),
        c('cyclic-triangular2-step-down', 'CyclicLR', 'SGD',
          {'baseLr': 0.001, 'maxLr': 0.1, 'stepSizeUp': 2, 'stepSizeDown': 5, 'mode': 'triangular2',
           'baseMomentum': 0.85, 'maxMomentum': 0.95}, 30, [0.1]),
        c('cyclic-exp-range', 'CyclicLR', 'SGD',
          {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 3, 'mode': 'exp_range', 'gamma': 0.97}, 40, [0.1]),
        # gamma 0.9 reaches powers where V8's ** is one ulp off C's pow (0.9 ** 4 among them).
        c('cyclic-exp-range-gamma-0.9', 'CyclicLR', 'SGD',
          {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 3, 'mode': 'exp_range', 'gamma': 0.9}, 60, [0.1]),
        c('cyclic-two-groups-lists', 'CyclicLR', 'SGD',
          {'baseLr': [0.01, 0.02], 'maxLr': [0.1, 0.05], 'stepSizeUp': 3, 'baseMomentum': [0.8, 0.7],
           'maxMomentum': [0.9, 0.95]}, 14, [0.1, 0.1]),
        c('cyclic-no-momentum-adam', 'CyclicLR', 'Adam',
          {'baseLr': 0.001, 'maxLr': 0.006, 'stepSizeUp': 5, 'cycleMomentum': False}, 22, [0.01]),
        c('cyclic-scale-fn-cycle', 'CyclicLR', 'SGD',
          {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 2, 'scaleFn': 'inverse-tenth'}, 20, [0.1]),
        c('cyclic-scale-fn-iterations', 'CyclicLR', 'SGD',
          {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 2, 'stepSizeDown': 3, 'scaleFn': 'inverse-tenth',
           'scaleMode': 'iterations'}, 20, [0.1]),
    ]
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


# ---------------------------------------------------------------- correctly rounded math

def gen_math():
    """References for the schedulers' cos, log and integer pow. C's (glibc's) pow and log are
    correctly rounded bar rare near-ties, where V8's ** and Math.log are one ulp off about one
    time in thirteen and fifty. `pow` and `log` hold the correctly rounded values (60-digit
    decimal arithmetic, rounded once) with C's beside them; `cos` holds C's values at the
    arguments schedules use (pi * k / n), with the correctly rounded ones; `cycles` holds int(math.log(x, tMult)) as
    CosineAnnealingWarmRestarts.step(epoch) computes it, for epochs k / 4."""
    from decimal import Decimal, getcontext
    getcontext().prec = 60
    pow_cases = []
    for g in [0.9, 0.97, 0.95, 0.5, 0.1, 0.999, 0.3, 1.1, 0.85]:
        for k in list(range(0, 120)) + [-1, -2, -7, 250, 500]:
            pow_cases.append([g, k, float(Decimal(g) ** k), g ** k])
    gen = torch.Generator().manual_seed(7)
    xs = [1 + 999 * u for u in torch.rand(1000, generator=gen, dtype=torch.float64).tolist()]
    xs += [k / 4 for k in range(1, 800)] + [243.0, 121.0 * 2 + 1, 3.0 ** 7, 1e-300, 1e300]
    log_cases = [[x, float(Decimal(x).ln()), math.log(x)] for x in xs]
    cos_cases = [[x, decimal_cos(x), math.cos(x)] for x in [math.pi * k / n for n in range(1, 41) for k in range(0, 2 * n + 1)]]
    cycles = []
    for t0 in [1, 2, 3]:
        for t_mult in [2, 3, 4]:
            epochs = [k / 4 for k in range(4 * t0, 4 * 400)]
            cycles.append({'t0': t0, 'tMult': t_mult, 'firstEpoch': epochs[0], 'epochStep': 0.25,
                           'n': [int(math.log(e / t0 * (t_mult - 1) + 1, t_mult)) for e in epochs]})
    write('math.json', {'pow': pow_cases, 'log': log_cases, 'cos': cos_cases, 'cycles': cycles})


def decimal_cos(x):
    """cos(x) of the double x, from a 60-digit Taylor series, rounded once to a double."""
    from decimal import Decimal, getcontext
    getcontext().prec = 60
    x = Decimal(x)
    total, term, n = Decimal(1), Decimal(1), 0
    while abs(term) > Decimal(10) ** -70:
        term *= -x * x / ((n + 1) * (n + 2))
        n += 2
        total += term
    return float(total)


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
    gen_math()
