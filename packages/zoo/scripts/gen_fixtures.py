#!/usr/bin/python3
"""Writes the PyTorch oracle fixtures for @stride/zoo.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13):

    /usr/bin/python3 packages/zoo/scripts/gen_fixtures.py

This script writes torchvision's ResNet (BasicBlock, resnet18/34) as an equivalent nn.Module,
line for line after torchvision/models/resnet.py (it predates torchvision here; a base width
other than 64 needs it, and gen_torchvision_fixtures.py checks its keys against torchvision's),
together with the CIFAR ResNets of He et al. (2016) and LeNet-5. The torchvision models of 0.2
(AlexNet, VGG, MobileNetV2, ResNet-50, the checkpoints) are in gen_torchvision_fixtures.py.

Files (in packages/zoo/fixtures):
  architectures.json  per model: the state-dict keys in order with their shapes, and the
                      parameter count (resnet18/34 at 1000 classes, the CIFAR nets at 10, both
                      CIFAR shortcut options).
  train_step.json     whole-model parity of one training step for LeNet-5, a narrow CIFAR
                      ResNet (option A shortcuts) and a narrow torchvision-style ResNet:
                      logits, cross-entropy loss, every parameter's gradient, BatchNorm buffers
                      after the training-mode forward, and every parameter after one
                      SGD(lr 0.1, momentum 0.9, weight_decay 5e-4) step.
  eval_forward.json   eval-mode logits of the full-size resnet18 and resnet20.

Weights and inputs are not stored: each tensor is drawn from `hash_uniform(seed, low, high)`, an
integer hash of (seed, element index) that the tests recompute exactly (test/helpers/hash-init.ts),
so the fixtures stay small although LeNet-5 alone has 1.26M parameters. PyTorch then computes in
float64 from those float32 values and the results are rounded to float32: a float32 engine is
compared against the exact answer (the script checks that PyTorch's own float32 run is within
the tolerance too). Tensors of more than LARGE elements (only LeNet-5's fc1.weight) are stored as
their sums along dim 0 and along dim 1 plus every SAMPLE_STEP-th element.
"""
import copy
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
LARGE = 65536
SAMPLE_STEP = 211
RTOL = 1e-4
HASH_CHUNK = 1 << 22
LR, MOMENTUM, WEIGHT_DECAY = 0.1, 0.9, 5e-4
torch.set_num_threads(1)


# ---------------------------------------------------------------- deterministic values

def hash_uniform(seed, shape, low, high):
    """float32 values in [low, high): murmur3's fmix32 of (index + seed·0x9E3779B9) mod 2³²."""
    n = int(np.prod(shape, dtype=np.int64))
    out = np.empty(n, dtype=np.float32)
    # In chunks, so VGG's 102M-element fc weight does not need gigabytes of uint64 temporaries.
    for start in range(0, n, HASH_CHUNK):
        stop = min(n, start + HASH_CHUNK)
        m = np.uint64(0xFFFFFFFF)
        h = (np.arange(start, stop, dtype=np.uint64) + np.uint64((seed * 0x9E3779B9) & 0xFFFFFFFF)) & m
        h ^= h >> np.uint64(16)
        h = (h * np.uint64(0x85EBCA6B)) & m
        h ^= h >> np.uint64(13)
        h = (h * np.uint64(0xC2B2AE35)) & m
        h ^= h >> np.uint64(16)
        u = h.astype(np.float64) / 4294967296.0
        out[start:stop] = (low + (high - low) * u).astype(np.float32)
    return torch.from_numpy(out).reshape(shape)


def init_spec(key, shape, seed):
    """The range each state-dict entry is drawn from: He-uniform conv/linear weights, BN near 1."""
    if key.endswith('num_batches_tracked'):
        return None
    if key.endswith('running_var') or (len(shape) == 1 and key.endswith('weight')):  # BatchNorm scale
        low, high = 0.5, 1.5
    elif len(shape) == 1:
        low, high = -0.2, 0.2
    else:
        fan_in = int(np.prod(shape[1:]))
        bound = (6.0 / fan_in) ** 0.5
        low, high = -bound, bound
    return {'seed': seed, 'low': low, 'high': high}


def hash_state(model, base_seed):
    """Fills every state-dict entry of `model` from the hash and returns the specs by key."""
    specs = {}
    sd = model.state_dict()
    with torch.no_grad():
        for i, (key, t) in enumerate(sd.items()):
            spec = init_spec(key, list(t.shape), base_seed + i)
            specs[key] = spec
            if spec is None:
                t.zero_()
            else:
                t.copy_(hash_uniform(spec['seed'], list(t.shape), spec['low'], spec['high']))
    return specs


# ---------------------------------------------------------------- the models

class LeNet5(nn.Module):
    """The course's LeNet-5: conv(1→20, 5, p2)-relu-pool-conv(20→50, 5, p2)-relu-pool-fc(2450→500)-relu-fc(500→10)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, padding=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(20, 50, 5, padding=2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(2450, 500)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.fc2(self.relu3(self.fc1(self.flatten(x))))


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock (expansion 1)."""

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


class PadShortcut(nn.Module):
    """He et al.'s option A: subsample by 2 and zero-pad the new channels, no parameters."""

    def __init__(self, in_planes, planes):
        super().__init__()
        self.before = (planes - in_planes) // 2
        self.after = planes - in_planes - self.before

    def forward(self, x):
        return F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.before, self.after))


class ResNet(nn.Module):
    """torchvision.models.resnet.ResNet with BasicBlock; base_width 64 is torchvision's."""

    def __init__(self, layers, num_classes=1000, in_channels=3, base_width=64):
        super().__init__()
        w = base_width
        self.inplanes = w
        self.conv1 = nn.Conv2d(in_channels, w, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(w, layers[0])
        self.layer2 = self._make_layer(2 * w, layers[1], stride=2)
        self.layer3 = self._make_layer(4 * w, layers[2], stride=2)
        self.layer4 = self._make_layer(8 * w, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * w, num_classes)

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes, stride), nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class CifarResNet(nn.Module):
    """He et al. 2016, section 4.2: a 3×3 stem, three stages of n BasicBlocks, global pooling, fc."""

    def __init__(self, n, num_classes=10, in_channels=3, widths=(16, 32, 64), shortcut='A'):
        super().__init__()
        self.inplanes = widths[0]
        self.shortcut = shortcut
        self.conv1 = conv3x3(in_channels, widths[0])
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(widths[0], n)
        self.layer2 = self._make_layer(widths[1], n, stride=2)
        self.layer3 = self._make_layer(widths[2], n, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[2], num_classes)

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = (PadShortcut(self.inplanes, planes) if self.shortcut == 'A'
                          else nn.Sequential(conv1x1(self.inplanes, planes, stride), nn.BatchNorm2d(planes)))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# ---------------------------------------------------------------- fixtures

def architectures():
    models = {
        'resnet18': ResNet([2, 2, 2, 2]),
        'resnet34': ResNet([3, 4, 6, 3]),
        'resnet20': CifarResNet(3),
        'resnet32': CifarResNet(5),
        'resnet56': CifarResNet(9),
        'resnet20_optionB': CifarResNet(3, shortcut='B'),
        'resnet18_in1_c10': ResNet([2, 2, 2, 2], num_classes=10, in_channels=1),
        'lenet5': LeNet5(),
    }
    out = {}
    for name, m in models.items():
        out[name] = {
            'params': sum(p.numel() for p in m.parameters()),
            'keys': [[k, list(t.shape)] for k, t in m.state_dict().items()],
        }
        print(f'{name}: {out[name]["params"]:,} parameters, {len(out[name]["keys"])} state-dict keys')
    return out


def train_step_case(name, model, input_shape, num_classes, seed):
    """One SGD step in training mode; returns the fixture entry."""
    specs = hash_state(model, seed)
    x = hash_uniform(seed + 1000, input_shape, -1.0, 1.0)
    labels = torch.tensor([(3 * i + 1) % num_classes for i in range(input_shape[0])])

    def run(dtype):
        m = model_copy(model).to(dtype).train()
        opt = torch.optim.SGD(m.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
        opt.zero_grad()
        logits = m(x.to(dtype))
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        grads = {k: p.grad.detach().clone() for k, p in m.named_parameters()}
        buffers = {k: b.detach().clone() for k, b in m.named_buffers()}
        opt.step()
        params = {k: p.detach().clone() for k, p in m.named_parameters()}
        return {'logits': logits.detach(), 'loss': loss.detach().reshape(1), 'grads': grads, 'buffers': buffers, 'params': params}

    exact, single = run(torch.float64), run(torch.float32)
    check_float32(name, exact, single)
    return {
        'name': name,
        'init': specs,
        'input': {'seed': seed + 1000, 'shape': input_shape, 'low': -1.0, 'high': 1.0},
        'labels': labels.tolist(),
        'optimizer': {'lr': LR, 'momentum': MOMENTUM, 'weightDecay': WEIGHT_DECAY},
        'logits': tensor_json(exact['logits']),
        'loss': exact['loss'].item(),
        'grads': {k: tensor_json(v) for k, v in exact['grads'].items()},
        'buffers': {k: tensor_json(v) for k, v in exact['buffers'].items()},
        'params': {k: tensor_json(v) for k, v in exact['params'].items()},
    }


def eval_forward_case(name, model, input_shape, seed):
    specs = hash_state(model, seed)
    x = hash_uniform(seed + 1000, input_shape, -1.0, 1.0)
    exact = model_copy(model).double().eval()(x.double()).detach()
    single = model_copy(model).float().eval()(x).detach()
    check_float32(name, {'logits': exact}, {'logits': single})
    return {
        'name': name,
        'init': specs,
        'input': {'seed': seed + 1000, 'shape': input_shape, 'low': -1.0, 'high': 1.0},
        'logits': tensor_json(exact),
    }


def model_copy(model):
    return copy.deepcopy(model)


def check_float32(name, exact, single):
    """PyTorch's own float32 run must pass the tolerance the tests use, or the tolerance is wrong."""
    def flat(d, prefix=''):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from flat(v, f'{prefix}{k}.')
            elif v.is_floating_point():
                yield f'{prefix}{k}', v
    worst = 0.0
    for (k, e), (_, s) in zip(flat(exact), flat(single)):
        scale = e.abs().max().item()
        err = (e.float() - s).abs().max().item()
        worst = max(worst, err / max(scale, 1e-12))
        assert err <= 1e-6 + RTOL * scale, f'{name} {k}: PyTorch float32 differs from float64 by {err:g} (scale {scale:g})'
    print(f'{name}: PyTorch float32 within {worst:.2e}·max|exp| of float64')


def tensor_json(t):
    t = t.detach()
    if t.dtype == torch.int64:
        return {'shape': list(t.shape), 'data': t.reshape(-1).tolist()}
    t = t.double()
    shape = list(t.shape)
    if t.numel() <= LARGE:
        return {'shape': shape, 'data': floats(t.float().reshape(-1))}
    flat = t.reshape(-1)
    return {
        'shape': shape,
        'sumDim0': floats(t.sum(0).float().reshape(-1)),
        'sumDim1': floats(t.sum(1).float().reshape(-1)),
        'sampleStep': SAMPLE_STEP,
        'sample': floats(flat[::SAMPLE_STEP].float()),
    }


def floats(t):
    return [float(f'{v:.7g}') for v in t.tolist()]


def write(name, payload):
    path = os.path.join(OUT_DIR, name)
    with open(path, 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
    print(f'wrote {path} ({os.path.getsize(path):,} bytes)')


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.manual_seed(0)
    write('architectures.json', architectures())
    write('train_step.json', {'cases': [
        train_step_case('lenet5', LeNet5(), [4, 1, 28, 28], 10, 100),
        train_step_case('cifar_resnet_n1_w8', CifarResNet(1, widths=(8, 16, 32)), [2, 3, 32, 32], 10, 200),
        train_step_case('resnet_1111_w4', ResNet([1, 1, 1, 1], num_classes=10, base_width=4), [2, 3, 64, 64], 10, 300),
    ]})
    write('eval_forward.json', {'cases': [
        eval_forward_case('resnet18', ResNet([2, 2, 2, 2]), [1, 3, 64, 64], 400),
        eval_forward_case('resnet20', CifarResNet(3), [2, 3, 32, 32], 500),
    ]})


if __name__ == '__main__':
    main()
