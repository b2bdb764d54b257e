#!/usr/bin/python3
"""Writes the PyTorch oracle fixtures of the zoo's torchvision models.

Run from the repository root with Debian's PyTorch and torchvision (python3-torch 1.13,
python3-torchvision 0.14):

    /usr/bin/python3 packages/zoo/scripts/gen_torchvision_fixtures.py

The models are torchvision's own (`torchvision.models.alexnet()`, `vgg11_bn()`, …). Weights and
inputs come from gen_fixtures.py's `hash_uniform`, which the tests recompute bit for bit, and
expected values are PyTorch's float64 results rounded to float32 (gen_fixtures.py explains why).

Files (in packages/zoo/fixtures):
  torchvision_architectures.json  per model: parameter count, state-dict keys in order with their
                      shapes, and the receptive field of its last spatial layer (the course's
                      recurrence over the convs and pools of the main path), with the input size
                      the tests give summary(). torchvision has no `in_channels`: the `_in1_c10`
                      variants replace the first conv as a user would.
  torchvision_eval_forward.json  eval-mode logits of mobilenet_v2, resnet50 and vgg11_bn.
  pretrained.json     a torchvision checkpoint converted to safetensors, for resnet18 and
                      mobilenet_v2, in two layouts: the README's torch-only line and the
                      safetensors library's `save_file`. Each file is stored as its JSON header,
                      its size and its SHA-256: its tensor bytes are the hashed weights, which the
                      test writes back in the header's places, so the test loads the very bytes
                      written here (the SHA-256 says so) without 60 MB of checkpoints in git.
                      `num_batches_tracked` is int64, as torchvision saves it, with non-zero counts.
"""
import hashlib
import importlib.util
import itertools
import json
import os
import struct

import torch
import torch.nn as nn
import torchvision
from torchvision import models as tv

HERE = os.path.dirname(os.path.abspath(__file__))


def load_script(name, path):
    """A sibling generator as a module, by path (conformance has a gen_fixtures.py of its own)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zoo = load_script('zoo_gen_fixtures', os.path.join(HERE, 'gen_fixtures.py'))
ResNet, check_float32, eval_forward_case, hash_state = zoo.ResNet, zoo.check_float32, zoo.eval_forward_case, zoo.hash_state
hash_uniform, model_copy, tensor_json, write = zoo.hash_uniform, zoo.model_copy, zoo.tensor_json, zoo.write
# The safetensors library's layout, as the conformance suite's fixture writes it.
serialize = load_script('gen_safetensors_fixture', os.path.join(HERE, '..', '..', 'conformance', 'scripts', 'gen_safetensors_fixture.py')).serialize

# Counts as a checkpoint after training holds them (torchvision's are int64).
BATCHES_TRACKED = 450450


def first_conv(model, path, in_channels):
    """`model` with the conv at `path` remade for `in_channels` inputs (torchvision has no such option)."""
    parent_path, _, name = path.rpartition('.')
    parent = model.get_submodule(parent_path) if parent_path else model
    old = getattr(parent, name)
    setattr(parent, name, nn.Conv2d(in_channels, old.out_channels, old.kernel_size, old.stride, old.padding,
                                    bias=old.bias is not None))
    return model


# name: (builder, channels and size of the summary() input: large enough that a training-mode
# BatchNorm still sees more than one value per channel at the last map, as PyTorch requires)
ARCHITECTURES = {
    'alexnet': (lambda: tv.alexnet(), [3, 64, 64]),
    'alexnet_in1_c10': (lambda: first_conv(tv.alexnet(num_classes=10), 'features.0', 1), [1, 64, 64]),
    'vgg11': (lambda: tv.vgg11(), [3, 32, 32]),
    'vgg11_bn': (lambda: tv.vgg11_bn(), [3, 32, 32]),
    'vgg16': (lambda: tv.vgg16(), [3, 32, 32]),
    'vgg16_bn': (lambda: tv.vgg16_bn(), [3, 32, 32]),
    'vgg11_in1_c10': (lambda: first_conv(tv.vgg11(num_classes=10), 'features.0', 1), [1, 32, 32]),
    'mobilenet_v2': (lambda: tv.mobilenet_v2(), [3, 64, 64]),
    'mobilenet_v2_in1_c10': (lambda: first_conv(tv.mobilenet_v2(num_classes=10), 'features.0.0', 1), [1, 64, 64]),
    'mobilenet_v2_w0.5': (lambda: tv.mobilenet_v2(width_mult=0.5), [3, 64, 64]),
    'mobilenet_v2_w1.4': (lambda: tv.mobilenet_v2(width_mult=1.4), [3, 64, 64]),
    'resnet50': (lambda: tv.resnet50(), [3, 64, 64]),
    'resnet50_in1_c10': (lambda: first_conv(tv.resnet50(num_classes=10), 'conv1', 1), [1, 64, 64]),
}


def receptive_field(model, input_chw):
    """r ← r + (k − 1)·d·j, j ← j·s over the convs and max-pools in call order, leaving out the
    shortcut projections (`downsample`), which run beside the main path: the receptive field of
    the last layer before global pooling, in input pixels."""
    state = {'r': 1, 'j': 1}

    def pair(v):
        return v[0] if isinstance(v, tuple) else v

    def hook(m, _inputs, _output):
        k, s, d = pair(m.kernel_size), pair(m.stride), pair(m.dilation)
        state['r'] += (k - 1) * d * state['j']
        state['j'] *= s

    handles = [m.register_forward_hook(hook) for name, m in model.named_modules()
               if isinstance(m, (nn.Conv2d, nn.MaxPool2d)) and 'downsample' not in name]
    with torch.no_grad():
        model.eval()(torch.zeros(1, *input_chw))
    for h in handles:
        h.remove()
    return state['r']


def architectures():
    # The hand-written ResNet of gen_fixtures.py, which the older fixtures use, is torchvision's.
    for mine, theirs in ((ResNet([2, 2, 2, 2]), tv.resnet18()), (ResNet([3, 4, 6, 3]), tv.resnet34())):
        assert keys_with_shapes(mine) == keys_with_shapes(theirs), 'gen_fixtures.ResNet differs from torchvision'
    out = {}
    for name, (build, summary_input) in ARCHITECTURES.items():
        m = build()
        out[name] = {
            'params': sum(p.numel() for p in m.parameters()),
            'keys': keys_with_shapes(m),
            'summaryInput': summary_input,
            'receptiveField': receptive_field(m, summary_input),
        }
        print(f'{name}: {out[name]["params"]:,} parameters, {len(out[name]["keys"])} keys, '
              f'receptive field {out[name]["receptiveField"]}')
    return out


def keys_with_shapes(m):
    return [[k, list(t.shape)] for k, t in m.state_dict().items()]


def save_torch_only(sd):
    """The README's torch-only conversion line, as a function: header in state-dict order."""
    bs = [t.contiguous().numpy().tobytes() for t in sd.values()]
    ends = list(itertools.accumulate(map(len, bs)))
    dtypes = {torch.float32: 'F32', torch.int64: 'I64'}
    h = json.dumps({k: {'dtype': dtypes[t.dtype], 'shape': list(t.shape), 'data_offsets': [e - len(b), e]}
                    for (k, t), b, e in zip(sd.items(), bs, ends)}).encode()
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(bs)


def read_back(data):
    """The tensors of a safetensors file, parsed here to check a writer against the state dict."""
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    dtypes = {'F32': torch.float32, 'I64': torch.int64}
    out = {}
    for k, info in header.items():
        if k == '__metadata__':
            continue
        begin, end = info['data_offsets']
        raw = bytearray(data[8 + n + begin:8 + n + end])
        out[k] = torch.frombuffer(raw, dtype=dtypes[info['dtype']]).reshape(info['shape'])
    return out


def pretrained_case(name, model, input_shape, seed):
    specs = hash_state(model, seed)
    counts = {}
    with torch.no_grad():
        for i, (k, t) in enumerate(model.state_dict().items()):
            if k.endswith('num_batches_tracked'):
                t.fill_(BATCHES_TRACKED + i)
                counts[k] = int(t)
    x = hash_uniform(seed + 1000, input_shape, -1.0, 1.0)
    exact = model_copy(model).double().eval()(x.double()).detach()
    single = model_copy(model).float().eval()(x).detach()
    check_float32(name, {'logits': exact}, {'logits': single})
    sd = model.state_dict()
    files = {}
    for layout, data in (('torch-only', save_torch_only(sd)), ('safetensors', serialize(sd, {'format': 'pt'}))):
        back = read_back(data)
        assert list(back) == list(sd) or layout == 'safetensors', f'{layout} changed the key order'
        assert set(back) == set(sd) and all(torch.equal(back[k], sd[k]) for k in sd), f'{layout} wrote other tensors'
        n = struct.unpack('<Q', data[:8])[0]
        files[layout] = {'header': data[8:8 + n].decode('utf-8'), 'bytes': len(data), 'sha256': hashlib.sha256(data).hexdigest()}
        print(f'{name} ({layout}): {len(data):,} bytes')
    return {
        'name': name,
        'init': specs,
        'numBatchesTracked': counts,
        'input': {'seed': seed + 1000, 'shape': input_shape, 'low': -1.0, 'high': 1.0},
        'logits': tensor_json(exact),
        'files': files,
    }


def main():
    torch.manual_seed(0)
    print(f'torch {torch.__version__}, torchvision {torchvision.__version__}')
    write('torchvision_architectures.json', architectures())
    write('torchvision_eval_forward.json', {'cases': [
        eval_forward_case('mobilenet_v2', tv.mobilenet_v2(), [2, 3, 64, 64], 600),
        eval_forward_case('resnet50', tv.resnet50(), [1, 3, 64, 64], 700),
        eval_forward_case('vgg11_bn', tv.vgg11_bn(), [1, 3, 32, 32], 800),
    ]})
    write('pretrained.json', {'cases': [
        pretrained_case('resnet18', tv.resnet18(), [1, 3, 64, 64], 900),
        pretrained_case('mobilenet_v2', tv.mobilenet_v2(), [1, 3, 64, 64], 1000),
    ]})


if __name__ == '__main__':
    main()
