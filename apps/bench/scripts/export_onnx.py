#!/usr/bin/python3
"""Exports the bench's models to ONNX for the onnxruntime peers, with Debian's PyTorch (1.13).

    /usr/bin/python3 apps/bench/scripts/export_onnx.py --out-dir apps/bench/onnx [--models lenet5,resnet20]

The bench runs it when a model's .onnx file is missing or older than this script (the files are
not committed: resnet18 alone is 45 MB). Beside each model it writes <model>.check.json: a seeded
batch of two (the ImageNet models at 32²) and PyTorch's logits for it, which the bench's tests feed
to onnxruntime to show it runs the same network. Each model is bench_models.py's (the zoo generator's LeNet-5
and resnet20, torchvision's resnet18 and MobileNetV2) with PyTorch's default initialisation, in eval
mode, opset 13, with the batch and image size left dynamic, input 'input' and output 'logits'.
Each file is written beside its final name and renamed into place, so a concurrent reader never
sees half a file. Prints one line per model: name, path, bytes.
"""
import argparse
import json
import os
import warnings

import torch

import bench_models


def export(name, out_dir):
    model = bench_models.build_model(name).eval()
    example = torch.randn(*bench_models.input_shape(name, 2))
    path = os.path.join(out_dir, f'{name}.onnx')
    partial = f'{path}.{os.getpid()}.partial'
    # LeNet-5's Linear needs its 28² input; the others pool globally and take any image size.
    dynamic = {0: 'batch'} if name == 'lenet5' else {0: 'batch', 2: 'height', 3: 'width'}
    torch.onnx.export(model, example, partial, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': dynamic, 'logits': {0: 'batch'}}, opset_version=13)
    os.replace(partial, path)
    write_check(name, model, path)
    return path


def write_check(name, model, path):
    torch.manual_seed(1)
    x = torch.randn(*bench_models.input_shape(name, 2, None if name in ('lenet5', 'resnet20') else 32))
    with torch.no_grad():
        logits = model(x)
    check = {'input': {'shape': list(x.shape), 'data': x.flatten().tolist()},
             'logits': {'shape': list(logits.shape), 'data': logits.flatten().tolist()}}
    partial = f'{path}.check.{os.getpid()}.partial'
    with open(partial, 'w') as f:
        json.dump(check, f)
    os.replace(partial, path.replace('.onnx', '.check.json'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--models', default=','.join(bench_models.IMAGE), help='comma-separated (default: every model)')
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    # The exporter's notes on constant folding and shape inference say nothing about these models.
    warnings.filterwarnings('ignore', category=UserWarning)
    torch.manual_seed(0)
    for name in args.models.split(','):
        path = export(name, args.out_dir)
        print(f'{name} {path} {os.path.getsize(path)}', flush=True)


if __name__ == '__main__':
    main()
