"""Fashion-MNIST for scripts/train_fashion.py, exactly as Stride's train-fashion makes it.

Stride's mulberry32 stream, its seed mixing and its Fisher–Yates permutation on unsigned 32-bit
integers, the seeded validation split, and the DataLoader's per-epoch order and augmentation
draws (packages/data-mnist-cifar/src/loader, src/transforms): the same batches, the same float32
pixels.
"""

import gzip
import math
import os
import struct
import sys

import numpy as np
import torch

DEBIAN_DIR = '/usr/share/datasets/fashion-mnist'
FASHION_MEAN = np.float32(0.286)
FASHION_STD = np.float32(0.353)
SPLIT_STREAM = 0x5917
ORDER_STREAM = 0
TRANSFORM_STREAM = 1
M32 = 0xFFFFFFFF

# ---------------------------------------------------------------- Stride's random streams


def imul(a, b):
    return (a * b) & M32


def mulberry32(seed):
    """packages/data-mnist-cifar/src/loader/random.ts, on unsigned 32-bit integers."""
    state = seed & M32

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M32)
        return (t ^ (t >> 14)) / 4294967296

    return random


def mix_seed(*parts):
    h = 0x9E3779B9
    for p in parts:
        h = imul(h ^ (p & M32), 0x85EBCA6B)
        h ^= h >> 13
        h = imul(h, 0xC2B2AE35)
        h ^= h >> 16
    return h


def permutation(n, random):
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)


# ---------------------------------------------------------------- data


def read_idx(path):
    with gzip.open(path) if path.endswith('.gz') else open(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion(directory, split):
    prefix = 'train' if split == 'train' else 't10k'

    def find(name):
        for candidate in (name, name + '.gz'):
            path = os.path.join(directory, candidate)
            if os.path.exists(path):
                return path
        sys.exit(f'train_fashion.py: {name}(.gz) is not in {directory} (apt-get install dataset-fashion-mnist, or pass --data DIR)')

    images = read_idx(find(f'{prefix}-images-idx3-ubyte'))
    labels = read_idx(find(f'{prefix}-labels-idx1-ubyte'))
    return images.reshape(-1, 1, 28, 28), labels.astype(np.int64)


def split_validation(n, val_size, seed):
    """src/fashion/data.ts: the first val_size entries of a seeded permutation are the validation images."""
    order = permutation(n, mulberry32(mix_seed(seed, SPLIT_STREAM)))
    return np.sort(order[val_size:]), np.sort(order[:val_size])


# ToTensor's scaling as Stride's gatherBatch: float32(v / 255) looked up per byte.
SCALE = (np.arange(256, dtype=np.float64) / 255).astype(np.float32)


def round_half_even(x):
    return round(x)  # Python rounds ties to even, as Stride's roundHalfEven


def random_crop(x, random, padding=4):
    b, _, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.empty_like(x)
    for n in range(b):
        i = math.floor(random() * (2 * padding + 1))  # the top offset first, then the left one
        j = math.floor(random() * (2 * padding + 1))
        out[n] = padded[n, :, i:i + h, j:j + w]
    return out


def random_horizontal_flip(x, random, p=0.5):
    for n in range(x.shape[0]):
        if random() < p:
            x[n] = x[n, :, :, ::-1].copy()
    return x


def normalize(x):
    return (x - FASHION_MEAN) / FASHION_STD  # float32 sub then div, as torchvision's Normalize


def random_erasing(x, random, p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3)):
    """torchvision's RandomErasing with value 0, drawing as Stride's drawBox ('height' is the tall side)."""
    b, _, h, w = x.shape
    area = h * w
    log_low, log_high = math.log(ratio[0]), math.log(ratio[1])
    for n in range(b):
        if not random() < p:
            continue
        for _ in range(10):
            target = area * (scale[0] + (scale[1] - scale[0]) * random())
            aspect = math.exp(log_low + (log_high - log_low) * random())
            bh = round_half_even(math.sqrt(target * aspect))
            bw = round_half_even(math.sqrt(target / aspect))
            if bh < h and bw < w:
                top = math.floor(random() * (h - bh + 1))
                left = math.floor(random() * (w - bw + 1))
                x[n, :, top:top + bh, left:left + bw] = 0
                break
    return x


def standard_normal(random):
    u = 1 - random()
    return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * random())


def gamma(shape, random):
    if shape < 1:
        return gamma(shape + 1, random) * (1 - random()) ** (1 / shape)
    d = shape - 1 / 3
    c = 1 / math.sqrt(9 * d)
    while True:
        x = standard_normal(random)
        t = 1 + c * x
        if t <= 0:
            continue
        v = t * t * t
        u = 1 - random()
        if u < 1 - 0.0331 * x ** 4 or math.log(u) < 0.5 * x * x + d * (1 - v + math.log(v)):
            return d * v


def beta(a, b, random):
    x = gamma(a, random)
    y = gamma(b, random)
    if x + y == 0:
        return 1.0 if random() < a / (a + b) else 0.0
    return x / (x + y)


def mixup(x, labels, alpha, num_classes, random):
    """transforms.v2.MixUp as Stride's mixup: image i mixed with image i - 1 (the batch rolled by one)."""
    targets = np.zeros((len(labels), num_classes), dtype=np.float32)
    targets[np.arange(len(labels)), labels] = 1
    lam = beta(alpha, alpha, random)
    own, other = np.float32(lam), np.float32(1 - lam)

    def mix(rows):
        return own * rows + other * np.roll(rows, 1, axis=0)

    return mix(x), mix(targets)


class Loader:
    """Stride's DataLoader with shuffle and dropLast: epoch e's order and draws depend only on (seed, e)."""

    def __init__(self, images, labels, batch_size, seed, mixup_alpha=None, num_classes=10):
        self.images, self.labels = images, labels
        self.batch_size, self.seed = batch_size, seed
        self.mixup_alpha, self.num_classes = mixup_alpha, num_classes

    def __len__(self):
        return len(self.labels) // self.batch_size

    def epoch(self, e):
        order = permutation(len(self.labels), mulberry32(mix_seed(self.seed, e, ORDER_STREAM)))
        random = mulberry32(mix_seed(self.seed, e, TRANSFORM_STREAM))
        for b in range(len(self)):
            idx = order[b * self.batch_size:(b + 1) * self.batch_size]
            x = SCALE[self.images[idx]]
            labels = self.labels[idx]
            x = random_crop(x, random)
            x = random_horizontal_flip(x, random)
            x = normalize(x)
            x = random_erasing(x, random)
            if self.mixup_alpha is None:
                yield torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(labels)
            else:
                x, targets = mixup(x, labels, self.mixup_alpha, self.num_classes, random)
                yield torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(targets)
