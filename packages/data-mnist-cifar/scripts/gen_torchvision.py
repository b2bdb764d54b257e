"""Reference values for the 0.2 batch transforms, from torchvision 0.14 (Debian python3-torchvision).

Run with /usr/bin/python3 from the package folder; writes test/fixtures/torchvision.json.
Every case is a float32 batch [N, C, H, W] with values in [0, 1], as the DataLoader hands
to transforms. resize is torchvision's tensor resize without antialias (torchvision 0.14's
default for tensors); size is an int (the smaller edge), a one-element list (the same), or
[h, w]. centerCrop pads with zeros when the crop is larger than the image, as torchvision.
"""
import json

import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

torch.manual_seed(0)
MODES = {"bilinear": InterpolationMode.BILINEAR, "nearest": InterpolationMode.NEAREST}


def batch(n, c, h, w):
    x = torch.rand(n, c, h, w, dtype=torch.float32)
    if c == 3:
        # A few grey pixels (equal channels), where hue and saturation take their special branch.
        x[:, 1, 0, :2] = x[:, 0, 0, :2]
        x[:, 2, 0, :2] = x[:, 0, 0, :2]
    return x


INPUTS = {}


def case(x, **params):
    """A case reads its input by name from out["inputs"], so each batch is written once."""
    name = next(k for k, v in INPUTS.items() if v is x)
    return {"input": name, **params}


def output(y):
    return {"expectedShape": list(y.shape), "expected": y.flatten().tolist()}


out = {"torch": torch.__version__, "torchvision": torchvision.__version__}

wide = INPUTS["wide"] = batch(2, 3, 7, 10)  # h < w: an int size sets the height
tall = INPUTS["tall"] = batch(1, 2, 9, 4)  # w < h: an int size sets the width
grey = INPUTS["grey"] = batch(1, 1, 5, 5)
resize_cases = []
for x, sizes in [
    (wide, [5, 13, [9], [4, 15], [11, 3], [1, 1], [7, 20], [14, 20], [3, 5], [7, 10]]),
    (tall, [6, 2, [18, 8], [5, 3]]),
    (grey, [[8, 3], [2, 9], 1]),
]:
    for size in sizes:
        for mode in MODES:
            y = F.resize(x, size, interpolation=MODES[mode], antialias=False)
            resize_cases.append({**case(x, size=size, mode=mode), **output(y)})
out["resize"] = resize_cases

even = INPUTS["even"] = batch(1, 3, 8, 6)
crop_cases = []
for x, sizes in [
    (wide, [3, [4, 6], [5, 5], [7, 10], [9, 12], [8, 10], [6, 13], [1], [2, 9]]),
    (even, [3, 5, [2, 3], [8, 6], [11, 6], [10, 9]]),
]:
    for size in sizes:
        y = F.center_crop(x, size)
        crop_cases.append({**case(x, size=size), **output(y)})
out["centerCrop"] = crop_cases

# The crop-then-resize of RandomResizedCrop, at fixed crop boxes (top, left, height, width).
resized_crop_cases = []
for (top, left, h, w), size, mode in [((1, 2, 5, 6), [8, 8], "bilinear"), ((0, 0, 7, 10), [4, 4], "nearest"), ((2, 3, 3, 7), [5, 9], "bilinear"), ((0, 1, 7, 1), [3, 3], "bilinear")]:
    y = F.resized_crop(wide, top, left, h, w, size, interpolation=MODES[mode], antialias=False)
    resized_crop_cases.append({**case(wide, box=[top, left, h, w], size=size, mode=mode), **output(y)})
out["resizedCrop"] = resized_crop_cases

colour = INPUTS["colour"] = batch(2, 3, 5, 6)
adjust_cases = []
for name, fn, factor, x in [
    ("brightness", F.adjust_brightness, 1.3, colour),
    ("brightness", F.adjust_brightness, 0.45, grey),
    ("contrast", F.adjust_contrast, 0.6, colour),
    ("contrast", F.adjust_contrast, 1.8, colour),
    ("contrast", F.adjust_contrast, 1.5, grey),
    ("saturation", F.adjust_saturation, 1.7, colour),
    ("saturation", F.adjust_saturation, 0.2, colour),
    ("hue", F.adjust_hue, 0.23, colour),
    ("hue", F.adjust_hue, -0.41, colour),
    ("hue", F.adjust_hue, 0.5, colour),
]:
    adjust_cases.append({**case(x, adjust=name, factor=factor), **output(fn(x, factor))})
out["adjust"] = adjust_cases

# computeMeanStd: per-channel mean and population std of uint8 pixels scaled to [0, 1], in float64.
pixels = torch.randint(0, 256, (5, 3, 4, 4), dtype=torch.uint8)
scaled = pixels.to(torch.float64) / 255
out["meanStd"] = {
    "shape": list(pixels.shape),
    "pixels": pixels.flatten().tolist(),
    "mean": scaled.mean(dim=(0, 2, 3)).tolist(),
    "std": scaled.std(dim=(0, 2, 3), unbiased=False).tolist(),
}

out["inputs"] = {name: {"shape": list(x.shape), "data": x.flatten().tolist()} for name, x in INPUTS.items()}

with open("test/fixtures/torchvision.json", "w") as f:
    json.dump(out, f)
