"""Writes the PyTorch reference fixtures for @stride/layers' tests.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 packages/layers/scripts/gen_fixtures.py
Outputs (test/fixtures/):
  state_dict_keys.json  state-dict keys and shapes, named parameters and buffers of a net with
                        nested Sequentials, BatchNorm, and every parametrised layer type
  parity.json           a small conv net's state dict, an input, its output and the gradients of
                        sum(output * g) for the input and every parameter (eval mode)
  layers.json           single layers with awkward options (transposed, 1-D, 3-D, grouped, dilated):
                        the same forward/backward record per layer
"""
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.act = nn.ReLU()
        self.downsample = nn.Sequential(nn.Conv2d(8, 16, 1, stride=2, bias=False), nn.BatchNorm2d(16))


class KeysNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2))
        self.block = Block()
        self.up = nn.ConvTranspose2d(16, 4, 3, stride=2, groups=2)
        self.seq1d = nn.Conv1d(4, 6, 5, groups=2)
        self.vol = nn.Conv3d(2, 3, (1, 2, 3), bias=False)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.2),
                                  nn.Sequential(nn.Linear(64, 32), nn.GELU(), nn.Linear(32, 10)))


class ParityNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 8, 3, padding=1, groups=2), nn.LeakyReLU(0.1), nn.AvgPool2d(2),
            nn.Conv2d(8, 8, 1), nn.Tanh(), nn.AdaptiveAvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32, 16), nn.GELU(), nn.Dropout(0.5), nn.Linear(16, 5), nn.Sigmoid())

    def forward(self, x):
        return self.classifier(self.features(x))


def flat(t):
    return {'shape': list(t.shape), 'data': [round(float(v), 9) for v in t.detach().reshape(-1).tolist()]}


def record(module, input_shape):
    """Forward and backward of sum(module(x) * g) in eval mode, with every tensor involved."""
    module.eval()
    x = torch.randn(*input_shape, requires_grad=True)
    y = module(x)
    g = torch.randn(*y.shape)
    (y * g).sum().backward()
    return {
        'stateDict': {k: flat(v) for k, v in module.state_dict().items()},
        'input': flat(x),
        'g': flat(g),
        'output': flat(y),
        'grads': {'input': flat(x.grad), **{k: flat(p.grad) for k, p in module.named_parameters()}},
    }


def write(name, value):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(value, f, separators=(',', ':'))
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    net = KeysNet()
    write('state_dict_keys.json', {
        'torch': torch.__version__,
        'stateDict': [[k, list(v.shape)] for k, v in net.state_dict().items()],
        'parameters': [[k, list(v.shape)] for k, v in net.named_parameters()],
        'buffers': [[k, list(v.shape)] for k, v in net.named_buffers()],
        'modules': [k for k, _ in net.named_modules()],
    })
    write('parity.json', {'torch': torch.__version__, **record(ParityNet(), (2, 3, 8, 8))})
    layers = {
        'convTranspose2d': (nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2), (2, 4, 3, 3)),
        'conv1d': (nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2), (2, 4, 9)),
        'conv3d': (nn.Conv3d(2, 4, (2, 3, 3), padding=(0, 1, 1), stride=(1, 2, 1)), (1, 2, 3, 4, 4)),
        'conv2dSame': (nn.Conv2d(3, 4, (3, 2), padding='same', dilation=(1, 2), bias=False), (1, 3, 5, 6)),
        'softmax': (nn.Softmax(dim=1), (2, 3, 4)),
    }
    write('layers.json', {'torch': torch.__version__, **{k: record(m, s) for k, (m, s) in layers.items()}})


if __name__ == '__main__':
    main()
