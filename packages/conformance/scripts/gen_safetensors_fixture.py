"""Writes fixtures/safetensors.json: a safetensors file of PyTorch tensors and what they hold.

Run from the repository root with Debian's python3-torch (PyTorch 1.13):

    /usr/bin/python3 packages/conformance/scripts/gen_safetensors_fixture.py

The file's bytes are stored base64-encoded beside the tensors' dtypes, shapes and values, so the
serialization family reads them with a JSON import: the suite also runs bundled in a browser,
where there is no file system.

The `safetensors` Python package is not installable here (no PyPI, no Debian package), so the file
is written by the minimal writer below, which follows the format as the Rust library behind
`safetensors.torch.save_file` writes it: tensors sorted by dtype, widest first, then by name;
`__metadata__` first in the header; compact JSON padded with spaces to a multiple of 8 bytes.
The tensor bytes come from PyTorch itself (`tensor.numpy().tobytes()` on a little-endian host).
"""
import base64
import json
import struct
import sys
from pathlib import Path

import torch

# The Rust library orders dtypes by alignment; these are the ones the fixture uses.
DTYPES = {torch.float64: ('F64', 2), torch.float32: ('F32', 1), torch.int32: ('I32', 0)}
OUT = Path(__file__).resolve().parent.parent / 'fixtures' / 'safetensors.json'


def main() -> None:
    assert sys.byteorder == 'little', 'safetensors stores little-endian bytes; run on a little-endian host'
    torch.manual_seed(0)
    tensors = {
        'conv1.weight': torch.randn(20, 1, 5, 5),
        'conv1.bias': torch.randn(20),
        'labels': torch.tensor([3, 1, 4, 1, 5, -9, 2147483647], dtype=torch.int32),
        'temperature': torch.tensor(0.1, dtype=torch.float32),
        'empty': torch.zeros(0),
        'fc.weight': torch.randn(3, 4).t(),  # non-contiguous: written in its logical (C) order
    }
    metadata = {'format': 'pt'}
    entries = [f'  "{name}": {json.dumps(describe(t))}' for name, t in sorted(tensors.items())]
    OUT.write_text(
        '{\n'
        f'  "generator": "packages/conformance/scripts/gen_safetensors_fixture.py",\n'
        f'  "torch": {json.dumps(torch.__version__.split("+")[0])},\n'
        f'  "metadata": {json.dumps(metadata)},\n'
        '  "tensors": {\n' + ',\n'.join('  ' + e for e in entries) + '\n  },\n'
        f'  "base64": "{base64.b64encode(serialize(tensors, metadata)).decode("ascii")}"\n'
        '}\n'
    )


def serialize(tensors: dict, metadata: dict) -> bytes:
    order = sorted(tensors, key=lambda name: (-DTYPES[tensors[name].dtype][1], name))
    header, chunks, offset = {'__metadata__': metadata}, [], 0
    for name in order:
        data = tensors[name].contiguous().numpy().tobytes()
        header[name] = {
            'dtype': DTYPES[tensors[name].dtype][0],
            'shape': list(tensors[name].shape),
            'data_offsets': [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def describe(t: torch.Tensor) -> dict:
    # float32 -> Python float is exact, so the JSON holds the very values PyTorch wrote.
    return {'dtype': DTYPES[t.dtype][0], 'shape': list(t.shape), 'values': t.flatten().tolist()}


if __name__ == '__main__':
    main()
