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

# The Rust library orders tensors by its Dtype enum, last first (I64, F64, F32, I32, BF16, F16, BOOL
# for the ones used here); the number is the dtype's place in that enum.
DTYPES = {
    torch.int64: ('I64', 13), torch.float64: ('F64', 12), torch.float32: ('F32', 11), torch.int32: ('I32', 9),
    torch.bfloat16: ('BF16', 8), torch.float16: ('F16', 7), torch.bool: ('BOOL', 0),
}
FIXTURES = Path(__file__).resolve().parent.parent / 'fixtures'
OUT = FIXTURES / 'safetensors.json'
# PyTorch's other dtypes, which Stride loads converted: what a torchvision checkpoint holds.
OUT_CONVERTED = FIXTURES / 'safetensors-converted.json'


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
    write(OUT, tensors, {'format': 'pt'})
    write(OUT_CONVERTED, {
        # BatchNorm's counter as torchvision saves it, an int64 scalar, and int64 values that fit int32.
        'bn1.num_batches_tracked': torch.tensor(12345, dtype=torch.int64),
        'index': torch.tensor([[0, -1, 2147483647], [-2147483648, 7, 1]], dtype=torch.int64),
        'mask': torch.tensor([True, False, False, True, True]),
        # Normal values, the largest and smallest, a subnormal, infinities and a NaN.
        'half': torch.tensor([1.5, -2.25, 65504, 6.1e-05, 5.96e-08, float('inf'), float('-inf'), float('nan'), 0.1, -0.0], dtype=torch.float16),
        'brain': torch.tensor([1.5, -3e38, 1e-38, 9.2e-41, float('inf'), float('nan'), 0.1, 3.14159], dtype=torch.bfloat16),
        'weight': torch.randn(2, 3),
    }, {'format': 'pt'})


def write(path: Path, tensors: dict, metadata: dict) -> None:
    entries = [f'  "{name}": {json.dumps(describe(t))}' for name, t in sorted(tensors.items())]
    path.write_text(
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
        t = tensors[name].contiguous()
        # NumPy has no bfloat16: its bytes are read through an int16 view of the same memory.
        data = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
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
    # float32 -> Python float is exact, so the JSON holds the very values PyTorch wrote; F16 and
    # BF16 values widen to float32 exactly, bools become 0/1. JSON has no NaN or infinities: those
    # are written as the strings 'NaN', 'Infinity' and '-Infinity'.
    values = t.flatten().float().tolist() if t.dtype in (torch.float16, torch.bfloat16) else t.flatten().tolist()
    values = [int(v) if isinstance(v, bool) else v for v in values]
    values = [v if not isinstance(v, float) or v == v and abs(v) != float('inf') else str(v).replace('nan', 'NaN').replace('inf', 'Infinity') for v in values]
    return {'dtype': DTYPES[t.dtype][0], 'shape': list(t.shape), 'values': values}


if __name__ == '__main__':
    main()
