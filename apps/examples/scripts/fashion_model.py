"""resnet20 as @stride/zoo builds it, the Ensemble of @stride/layers, and Stride checkpoints' weights."""

import importlib.util
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------- model (as @stride/zoo's resnet20)

# The zoo's fixture generator defines the CIFAR ResNet the zoo's parity tests hold Stride to; the
# recipe trains that very network rather than a copy of it (as apps/bench/scripts/bench_models.py
# does). Importing it sets torch's threads to 1: train_fashion.py sets its own after.
ZOO_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'packages', 'zoo', 'scripts', 'gen_fixtures.py')
_spec = importlib.util.spec_from_file_location('zoo_gen_fixtures', ZOO_GEN)
_zoo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_zoo)


def resnet20(in_channels=1, num_classes=10):
    """He et al.'s resnet20 (option-A shortcuts) with torchvision's initialisation, as @stride/zoo's initResNet."""
    model = _zoo.CifarResNet(3, num_classes=num_classes, in_channels=in_channels)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
    return model


def read_checkpoint_model(path):
    """The `model.*` tensors of a Stride checkpoint (safetensors: a u64 header length, a JSON header, the data)."""
    with open(path, 'rb') as f:
        data = f.read()
    n, = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    dtypes = {'F32': np.float32, 'I32': np.int32, 'I64': np.int64}
    state = {}
    for key, entry in header.items():
        if key == '__metadata__' or not key.startswith('model.'):
            continue
        start, end = entry['data_offsets']
        array = np.frombuffer(data, dtype=dtypes[entry['dtype']], count=(end - start) // np.dtype(dtypes[entry['dtype']]).itemsize,
                              offset=8 + n + start).reshape(entry['shape'])
        tensor = torch.from_numpy(array.copy())
        # num_batches_tracked is int32 in Stride, int64 in torch.
        state[key[len('model.'):]] = tensor.long() if key.endswith('num_batches_tracked') else tensor
    return state


class Ensemble(nn.Module):
    """@stride/layers' Ensemble: the mean of the members' softmax probabilities."""

    def __init__(self, models):
        super().__init__()
        self.models = nn.ModuleList(models)

    def forward(self, x):
        return torch.stack([F.softmax(m(x), dim=1) for m in self.models]).mean(0)
