#!/usr/bin/python3
"""Writes test/fixtures/torch-lenet5.json: PyTorch LeNet-5's state-dict keys, in order, with shapes and dtypes.

Run from the repository root with Debian's PyTorch (1.13):

    /usr/bin/python3 apps/playground/scripts/gen_torch_keys.py

The playground's saved weights must carry exactly these keys, shapes and safetensors dtypes
(test/weights.test.ts, test/playground.test.ts), so that
`LeNet5().load_state_dict(safetensors.torch.load_file(path))` works in PyTorch.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_lenet5 import LeNet5  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'torch-lenet5.json')
SAFETENSORS_DTYPE = {torch.float32: 'F32'}

model = LeNet5()
tensors = [{'key': k, 'shape': list(v.shape), 'dtype': SAFETENSORS_DTYPE[v.dtype]} for k, v in model.state_dict().items()]
with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'parameters': sum(p.numel() for p in model.parameters()), 'tensors': tensors}, f, indent=2)
    f.write('\n')
print(f'wrote {OUT}: {len(tensors)} tensors')
