"""resnet20 as @stride/zoo builds it, the Ensemble of @stride/layers, and Stride checkpoints' weights."""

import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---------------------------------------------------------------- model (as @stride/zoo's resnet20)


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        identity = self.downsample(x) if self.downsample is not None else x
        return self.relu(out + identity)


class PadShortcut(nn.Module):
    """Option A: subsample by 2, zero-pad the new channels half before and half after."""

    def __init__(self, in_planes, planes):
        super().__init__()
        self.before = (planes - in_planes) // 2
        self.after = planes - in_planes - self.before

    def forward(self, x):
        return F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.before, self.after))


class CifarResNet(nn.Module):
    def __init__(self, n=3, num_classes=10, in_channels=1, widths=(16, 32, 64)):
        super().__init__()
        self.inplanes = widths[0]
        self.conv1 = conv3x3(in_channels, widths[0])
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(widths[0], n)
        self.layer2 = self._make_layer(widths[1], n, stride=2)
        self.layer3 = self._make_layer(widths[2], n, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[2], num_classes)
        for m in self.modules():  # torchvision's ResNet initialisation, as @stride/zoo's initResNet
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')

    def _make_layer(self, planes, blocks, stride=1):
        downsample = PadShortcut(self.inplanes, planes) if stride != 1 or self.inplanes != planes else None
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


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
