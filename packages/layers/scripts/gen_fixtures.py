"""Writes the PyTorch reference fixtures for @stride/layers' tests.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 packages/layers/scripts/gen_fixtures.py
Outputs (test/fixtures/):
  state_dict_keys.json  state-dict keys and shapes, named parameters and buffers of a net with
                        nested Sequentials, BatchNorm, and every parametrised layer type
  parity.json           a small conv net's state dict, an input, its output and the gradients of
                        sum(output * g) for the input and every parameter (eval mode)
  layers.json           single layers with awkward options (transposed, 1-D, 3-D, grouped, dilated):
                        the same forward/backward record per layer
  init.json             torch.nn.init's numbers: calculate_gain, fans, the std/bound each init draws
                        with, truncated-normal CDF points and moments, and orthogonal_'s Q for
                        given Gaussian matrices
  resampling.json       padding, resampling and pooling modules (Conv2d with every padding_mode, the
                        2-D pads, Upsample, 1-D/3-D/adaptive/fractional pooling, MaxUnpool2d,
                        antialiased-cnns' BlurPool and MaxBlurPool written out below): the same
                        forward/backward record per module, and state-dict keys
  modules.json          Module tree semantics (a module shared under two names, ModuleList,
                        ModuleDict with numeric-looking keys): children, named_modules, state-dict
                        keys, apply() order; forward hooks' call order and a hooked net's output
  activation_loss_modules.json
                        the 0.2 activation modules (PReLU's weight included), Dropout2d and
                        StochasticDepth in eval mode, and every loss module with its buffers
                        (class weights, pos_weight): see activation_loss_modules.py
"""
import json
import math
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


def init_fixture():
    """torch.nn.init's deterministic numbers; the draws themselves are checked by rule in the tests."""
    from torch.nn import init
    linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']
    gains = [[n, None, init.calculate_gain(n)] for n in linear + ['tanh', 'relu', 'selu']]
    gains += [['leaky_relu', p, init.calculate_gain('leaky_relu', p)] for p in [None, 0.2, 0, 1, 3, -0.5]]
    gains += [['relu', 0.3, init.calculate_gain('relu', 0.3)]]
    fan_shapes = [[3, 5], [4, 3, 5, 5], [16, 8, 3], [2, 3, 1, 2, 3], [5, 0], [0, 4, 3, 3], [7, 1]]
    fans = [[s, *init._calculate_fan_in_and_fan_out(torch.empty(s))] for s in fan_shapes]
    kaiming = []
    for shape, opts in [([256, 128, 3, 3], {}), ([256, 128, 3, 3], {'mode': 'fan_out', 'nonlinearity': 'relu'}),
                        ([300, 200], {'a': 0.2}), ([64, 32, 5], {'a': 5 ** 0.5}), ([50, 400], {'nonlinearity': 'tanh', 'mode': 'fan_out'})]:
        t = torch.empty(shape)
        gain = init.calculate_gain(opts.get('nonlinearity', 'leaky_relu'), opts.get('a', 0))
        std = gain / init._calculate_correct_fan(t, opts.get('mode', 'fan_in')) ** 0.5
        kaiming.append({'shape': shape, 'opts': opts, 'std': std, 'bound': 3 ** 0.5 * std})
    xavier = []
    for shape, gain in [([300, 200], 1.0), ([64, 32, 3, 3], init.calculate_gain('relu')), ([1000, 10], 0.5)]:
        fan_in, fan_out = init._calculate_fan_in_and_fan_out(torch.empty(shape))
        std = gain * (2.0 / (fan_in + fan_out)) ** 0.5
        xavier.append({'shape': shape, 'gain': gain, 'std': std, 'bound': 3 ** 0.5 * std})
    trunc = []
    for mean, std, a, b in [(0, 1, -2, 2), (0.5, 2, -1, 4), (0, 0.02, -0.04, 0.04), (1, 1, 0, 10), (0, 1, -50, 50)]:
        trunc.append({'mean': mean, 'std': std, 'a': a, 'b': b, 'lower': norm_cdf((a - mean) / std),
                      'upper': norm_cdf((b - mean) / std), **truncated_moments(mean, std, a, b)})
    erfs = [[x, math.erf(x)] for x in [0, 1e-8, 0.1, 0.5, 1, 1.4142135623730951, 2, 2.9, 3, 3.1, 4, 5.5, 6, -0.7, -3.5]]
    # float32 inputs (what Stride's tensors hold), inverted in float64: the reference for a float32 erfinv.
    ys = torch.tensor([0, 1e-6, 0.1, -0.3, 0.5, 0.9, -0.95, 0.99, 0.999, -0.9999, 0.99999, 0.999999]).double()
    erfinvs = [[y, v] for y, v in zip(ys.tolist(), torch.erfinv(ys).tolist())]
    return {'torch': torch.__version__, 'gains': gains, 'fans': fans, 'kaiming': kaiming, 'xavier': xavier,
            'truncNormal': trunc, 'erf': erfs, 'erfinv': erfinvs, 'orthogonal': [orthogonal_case(s, g, i) for i, (s, g) in
                                                               enumerate([([6, 4], 1.0), ([3, 5], 1.0), ([4, 2, 2, 2], 2.0), ([5, 5], 0.5)])]}


def norm_cdf(x):
    return (1. + math.erf(x / math.sqrt(2.))) / 2.


def truncated_moments(mean, std, a, b):
    """Mean and std of N(mean, std²) truncated to [a, b] (the textbook formulas)."""
    al, be = (a - mean) / std, (b - mean) / std
    pdf = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    z = norm_cdf(be) - norm_cdf(al)
    m = (pdf(al) - pdf(be)) / z
    var = 1 + (al * pdf(al) - be * pdf(be)) / z - m * m
    return {'truncMean': mean + std * m, 'truncStd': std * math.sqrt(var)}


def orthogonal_case(shape, gain, seed):
    """orthogonal_'s result and the Gaussian matrix it drew, proving the recipe replays orthogonal_ exactly."""
    from torch.nn import init
    rows = shape[0]
    cols = math.prod(shape) // rows
    torch.manual_seed(seed)
    w = init.orthogonal_(torch.empty(shape), gain=gain)
    torch.manual_seed(seed)
    flattened = torch.empty(rows, cols).normal_(0, 1)
    a = flattened.t() if rows < cols else flattened
    q, r = torch.linalg.qr(a)
    q = q * torch.diag(r, 0).sign()
    q = (q.t() if rows < cols else q) * gain
    assert torch.allclose(q.reshape(shape), w, atol=1e-6), 'the replayed recipe must be orthogonal_ itself'
    return {'shape': shape, 'gain': gain, 'flattened': flat(flattened), 'result': flat(w)}


class HookNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.block = nn.Sequential(nn.ReLU(), nn.Flatten())
        self.heads = nn.ModuleList([nn.Linear(8, 4), nn.Linear(4, 3)])

    def forward(self, x):
        y = self.block(self.conv(x))
        for head in self.heads:
            y = head(y)
        return y


class TreeNet(nn.Module):
    """A module shared under two names and inside a ModuleList, a ModuleDict, a None child."""
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 3)
        self.body = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
        self.b = self.a
        self.blocks = nn.ModuleList([nn.Linear(3, 3), self.a, nn.Identity()])
        self.heads = nn.ModuleDict([('10', nn.Linear(3, 1)), ('2', nn.Linear(3, 2)), ('b', nn.ReLU()), ('a', nn.Linear(3, 4, bias=False))])
        self.empty = None


def modules_fixture():
    torch.manual_seed(0)
    net = TreeNet()
    index = {id(m): i for i, m in enumerate(net.modules())}
    applied = []
    net.apply(lambda m: applied.append(index[id(m)]))
    tree = {
        'namedChildren': [k for k, _ in net.named_children()],
        'namedModules': [k for k, _ in net.named_modules()],
        'namedModulesPrefixed': [k for k, _ in net.named_modules(prefix='model')],
        'blocksChildren': [k for k, _ in net.blocks.named_children()],
        'headsKeys': list(net.heads.keys()),
        'stateDict': list(net.state_dict().keys()),
        'parameters': [k for k, _ in net.named_parameters()],
        'applyOrder': applied,
    }
    torch.manual_seed(1)
    hooked = HookNet()
    events = []
    handles = []
    for name, m in hooked.named_modules():
        handles.append(m.register_forward_pre_hook(lambda m, inp, name=name: events.append('pre:' + name)))
        handles.append(m.register_forward_hook(lambda m, inp, out, name=name: events.append('fwd:' + name)))
    hooked.conv.register_forward_hook(lambda m, inp, out: events.append('fwd:conv#2'))
    removed = hooked.block[0].register_forward_hook(lambda m, inp, out: events.append('removed'))
    removed.remove()
    x = torch.randn(1, 1, 4, 4)
    plain = hooked(x)
    order = list(events)
    for h in handles:
        h.remove()
    # A pre-hook that doubles the conv's input and a hook that replaces the block's output.
    hooked.conv.register_forward_pre_hook(lambda m, inp: (inp[0] * 2,))
    hooked.block.register_forward_hook(lambda m, inp, out: out - 1)
    changed = hooked(x)
    return {'torch': torch.__version__, 'tree': tree, 'hooks': {
        'order': order, 'stateDict': {k: flat(v) for k, v in hooked.state_dict().items()},
        'input': flat(x), 'plain': flat(plain), 'changed': flat(changed)}}


def antialiased_filter(filt_size):
    """antialiased-cnns' get_filter (Zhang 2019; the package is not installed, so its lines are here)."""
    a = {1: [1.], 2: [1., 1.], 3: [1., 2., 1.], 4: [1., 3., 3., 1.], 5: [1., 4., 6., 4., 1.],
         6: [1., 5., 10., 10., 5., 1.], 7: [1., 6., 15., 20., 15., 6., 1.]}[filt_size]
    a = torch.tensor(a, dtype=torch.float64)
    filt = (a[:, None] * a[None, :]).float()
    return filt / torch.sum(filt)


class BlurPool(nn.Module):
    """antialiased-cnns' BlurPool(channels, pad_type, filt_size, stride), pad_off = 0."""
    def __init__(self, channels, pad_type='reflect', filt_size=3, stride=2):
        super().__init__()
        self.filt_size = filt_size
        self.pad_sizes = [int(1. * (filt_size - 1) / 2), int(math.ceil(1. * (filt_size - 1) / 2))] * 2
        self.stride = stride
        self.channels = channels
        self.register_buffer('filt', antialiased_filter(filt_size)[None, None, :, :].repeat((channels, 1, 1, 1)))
        self.pad = {'reflect': nn.ReflectionPad2d, 'replicate': nn.ReplicationPad2d, 'zero': nn.ZeroPad2d}[pad_type](self.pad_sizes)

    def forward(self, inp):
        if self.filt_size == 1:
            return inp[:, :, ::self.stride, ::self.stride]
        return torch.nn.functional.conv2d(self.pad(inp), self.filt, stride=self.stride, groups=inp.shape[1])


def record_unpool(module, input_shape):
    """MaxUnpool2d(x, indices): x random, indices those of MaxPool2d(return_indices) on another input."""
    module.eval()
    _, indices = nn.functional.max_pool2d(torch.randn(*input_shape), module.kernel_size, module.stride,
                                          module.padding, return_indices=True)
    x = torch.randn(*indices.shape, requires_grad=True)
    y = module(x, indices)
    g = torch.randn(*y.shape)
    (y * g).sum().backward()
    return {'stateDict': {}, 'input': flat(x), 'indices': {'shape': list(indices.shape), 'data': indices.reshape(-1).tolist()},
            'g': flat(g), 'output': flat(y), 'grads': {'input': flat(x.grad)}}


def resampling_fixture():
    torch.manual_seed(7)
    modules = {}
    for mode in ('zeros', 'reflect', 'replicate', 'circular'):
        modules[f'conv2d_{mode}'] = (nn.Conv2d(3, 4, 3, padding=(2, 1), padding_mode=mode), (2, 3, 5, 6))
        modules[f'conv2dSame_{mode}'] = (nn.Conv2d(2, 3, (4, 3), padding='same', dilation=(1, 2), padding_mode=mode), (1, 2, 6, 7))
    modules['conv1d_circular'] = (nn.Conv1d(2, 3, 3, stride=2, padding=2, padding_mode='circular'), (2, 2, 9))
    modules['conv3d_replicate'] = (nn.Conv3d(2, 2, 3, padding=(1, 2, 1), padding_mode='replicate', bias=False), (1, 2, 3, 4, 5))
    modules.update({
        'zeroPad2d': (nn.ZeroPad2d((1, 2, 0, 3)), (2, 3, 4, 5)),
        'constantPad2d': (nn.ConstantPad2d((-1, 2, 1, -1), -0.5), (2, 2, 4, 5)),
        'constantPad2dInt': (nn.ConstantPad2d(2, 1.5), (1, 2, 3, 3)),
        'reflectionPad2d': (nn.ReflectionPad2d((2, 1, 1, 3)), (2, 2, 4, 5)),
        'replicationPad2d': (nn.ReplicationPad2d(2), (1, 3, 3, 4)),
        'upsampleNearest': (nn.Upsample(scale_factor=2), (2, 3, 3, 4)),
        'upsampleBilinearAligned': (nn.Upsample(size=(7, 5), mode='bilinear', align_corners=True), (1, 2, 4, 3)),
        'upsampleBilinear': (nn.Upsample(scale_factor=1.5, mode='bilinear'), (1, 2, 4, 5)),
        'maxPool1d': (nn.MaxPool1d(3, stride=2, padding=1), (2, 3, 9)),
        'avgPool1d': (nn.AvgPool1d(4, stride=2, padding=2, ceil_mode=True, count_include_pad=False), (2, 2, 9)),
        'maxPool3d': (nn.MaxPool3d(2, stride=(1, 2, 2), padding=(1, 0, 1)), (1, 2, 3, 4, 5)),
        'avgPool3d': (nn.AvgPool3d(3, stride=2, padding=1, divisor_override=7), (1, 2, 4, 5, 5)),
        'adaptiveMaxPool2d': (nn.AdaptiveMaxPool2d((3, None)), (2, 2, 7, 5)),
        'fractionalMaxPool2d': (nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.6), _random_samples=torch.rand(2, 3, 2)),
                                (2, 3, 10, 11)),
        'blurPool2d': (BlurPool(3), (2, 3, 7, 8)),
        'blurPool2dReplicate5': (BlurPool(4, pad_type='replicate', filt_size=5, stride=1), (1, 4, 6, 5)),
        'maxBlurPool2d': (nn.Sequential(nn.MaxPool2d(2, stride=1), BlurPool(3, filt_size=3, stride=2)), (2, 3, 8, 7)),
    })
    out = {'torch': torch.__version__}
    for name, (module, shape) in modules.items():
        out[name] = record(module, shape)
    out['fractionalMaxPool2d']['randomSamples'] = flat(modules['fractionalMaxPool2d'][0]._random_samples)
    out['maxUnpool2d'] = record_unpool(nn.MaxUnpool2d(2, stride=2), (2, 3, 6, 4))
    out['maxUnpool2dPadded'] = record_unpool(nn.MaxUnpool2d(3, stride=2, padding=1), (1, 2, 7, 7))
    out['keys'] = {name: list(modules[name][0].state_dict().keys()) for name in ('blurPool2d', 'maxBlurPool2d', 'conv2d_reflect')}
    return out


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
    write('init.json', init_fixture())
    write('modules.json', modules_fixture())
    from activation_loss_modules import activation_loss_fixture
    write('activation_loss_modules.json', activation_loss_fixture(record, flat))
    write('resampling.json', resampling_fixture())


if __name__ == '__main__':
    main()
