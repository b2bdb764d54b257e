"""The 0.2 activation, dropout and loss modules, as torch 1.13 and torchvision 0.14 run them.

Called by gen_fixtures.py's main() after its other files, so their random draws are unchanged.
"""
import torch
from torch import nn
from torchvision.ops import StochasticDepth


def activation_loss_fixture(record, flat):
    """record(module, shape) is gen_fixtures.py's eval-mode forward/backward record."""
    torch.manual_seed(14)
    activations = {
        'elu': (nn.ELU(0.5), (2, 3, 4)),
        'selu': (nn.SELU(), (2, 3, 4)),
        'silu': (nn.SiLU(), (2, 3, 4)),
        'mish': (nn.Mish(), (2, 3, 4)),
        'softplus': (nn.Softplus(2, 3), (2, 3, 4)),
        'relu6': (nn.ReLU6(), (2, 3, 4)),
        'hardswish': (nn.Hardswish(), (2, 3, 4)),
        'hardsigmoid': (nn.Hardsigmoid(), (2, 3, 4)),
        'prelu': (nn.PReLU(3, init=0.1), (2, 3, 4)),
        'preluShared': (nn.PReLU(), (2, 3, 4)),
        'dropout2d': (nn.Dropout2d(0.5), (2, 3, 2, 2)),
        'stochasticDepth': (StochasticDepth(0.3, 'row'), (4, 3)),
    }
    modules = {k: record(m, s) for k, (m, s) in activations.items()}
    # PReLU's weight is a trained parameter: give it values init cannot, so loading them is tested.
    with torch.no_grad():
        prelu = nn.PReLU(3)
        prelu.weight.copy_(torch.tensor([-0.2, 0.05, 0.7]))
    modules['preluLoaded'] = record(prelu, (2, 3, 2))

    n, c = 5, 4
    logits = lambda: torch.randn(n, c)
    classes = lambda: torch.randint(0, c, (n,))
    probs = lambda: torch.softmax(torch.randn(n, c), 1)
    weight = torch.rand(c) + 0.5
    losses = {
        'crossEntropy': (nn.CrossEntropyLoss(weight=weight, label_smoothing=0.1), logits(), classes()),
        'crossEntropyProbabilities': (nn.CrossEntropyLoss(reduction='sum'), logits(), probs()),
        'nll': (nn.NLLLoss(weight=weight, ignore_index=1), torch.log_softmax(logits(), 1), classes()),
        'mse': (nn.MSELoss(reduction='sum'), logits(), logits()),
        'l1': (nn.L1Loss(), logits(), logits()),
        'bce': (nn.BCELoss(weight=weight), torch.sigmoid(logits()), torch.rand(n, c)),
        'bceWithLogits': (nn.BCEWithLogitsLoss(weight=torch.rand(n, 1), pos_weight=weight), logits(), torch.rand(n, c)),
        'smoothL1': (nn.SmoothL1Loss(beta=0.5), logits(), logits()),
        'huber': (nn.HuberLoss(delta=0.7, reduction='none'), logits(), logits()),
        'klDiv': (nn.KLDivLoss(reduction='batchmean', log_target=True), torch.log_softmax(logits(), 1),
                  torch.log_softmax(logits(), 1)),
        'multiMargin': (nn.MultiMarginLoss(p=2, margin=0.8, weight=weight), logits(), classes()),
    }
    return {'torch': torch.__version__, 'modules': modules,
            'losses': {k: record_loss(m, x, t, flat) for k, (m, x, t) in losses.items()}}


def record_loss(module, x, target, flat):
    """The loss, its buffers (the state dict), and d(sum(loss * g))/d input (and target, if float)."""
    x = x.clone().requires_grad_(True)
    target = target.clone().requires_grad_(True) if target.is_floating_point() else target
    y = module(x, target)
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    grads = {'input': flat(x.grad)}
    if target.is_floating_point():
        grads['target'] = flat(target.grad)
    return {
        'stateDict': {k: flat(v) for k, v in module.state_dict().items()},
        'input': flat(x),
        'target': {**flat(target), 'dtype': 'float32' if target.is_floating_point() else 'int32'},
        'g': flat(g),
        'output': flat(y),
        'grads': grads,
    }
