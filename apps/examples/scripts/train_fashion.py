#!/usr/bin/python3
"""The train-fashion recipe in PyTorch, for comparison with apps/examples/train-fashion.ts.

Run with Debian's torch 1.13 (python3-torch) from the repository root:

    /usr/bin/python3 apps/examples/scripts/train_fashion.py [--epochs 15] [--batch-size 128] [--lr 0.1]
        [--t0 1] [--t-mult 2] [--mixup ALPHA] [--patience 10] [--snapshots 3] [--limit N] [--eval-limit N]
        [--val-size 5000] [--out fashion-run-torch] [--seed 0] [--threads 2] [--data DIR]

Same recipe as the TypeScript one: resnet20 (He et al.'s CIFAR ResNet, option-A shortcuts, one input
channel, torchvision's initialisation), SGD lr 0.1 with Nesterov momentum 0.9 and weight decay 5e-4,
CosineAnnealingWarmRestarts stepped per batch with scheduler.step(epoch + i / iters), early stopping
on validation accuracy, the best model kept, a snapshot at the end of each cycle and an ensemble of
the last snapshots averaging their softmax probabilities.

Same start, with `--init DIR/init.safetensors`: the TypeScript run writes its initial weights
there, and this script then starts from them instead of torch's own draws.

Same data: this file re-implements Stride's mulberry32 stream, its seed mixing and its Fisher–Yates
permutation, so the validation split, each epoch's order and every augmentation draw (crop offset,
flip, erasing box, mixup weight) are the ones the TypeScript run makes; the transforms compute the
same float32 pixels. `--write-data-fixture FILE` writes SHA-256s of the split and of augmented
batches, which apps/examples/test/fashion-data.test.ts recomputes with Stride.

Python resume is not implemented: the checkpoints here are for the ensemble and the best model.
"""

import argparse
import copy
import gzip
import hashlib
import json
import math
import os
import struct
import sys
import time

os.environ.setdefault('OPENBLAS_NUM_THREADS', '2')
os.environ.setdefault('OMP_NUM_THREADS', '2')

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

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


# ---------------------------------------------------------------- training


class EarlyStopping:
    """@stride/optim's EarlyStopping in 'max' mode with minDelta 0."""

    def __init__(self, patience):
        self.patience, self.best, self.num_bad_epochs = patience, -math.inf, 0

    def step(self, metric):
        if metric - self.best > 0:
            self.best, self.num_bad_epochs = metric, 0
            return False
        self.num_bad_epochs += 1
        return self.num_bad_epochs >= self.patience


def cycle_ends(t0, t_mult, epochs):
    ends, end, length = [], t0, t0
    while end <= epochs:
        ends.append(end)
        length *= t_mult
        end += length
    return ends


@torch.no_grad()
def accuracy(model, images, labels, batch_size=100):
    model.eval()
    correct = 0
    for start in range(0, len(labels), batch_size):
        x = torch.from_numpy(normalize(SCALE[images[start:start + batch_size]]))
        correct += (model(x).argmax(1) == torch.from_numpy(labels[start:start + batch_size])).sum().item()
    return correct / len(labels)


def train_epoch(model, opt, schedule, loader, epoch, label):
    model.train()
    iters = len(loader)
    seen, loss_sum, correct = 0, 0.0, 0
    start = time.perf_counter()
    for i, (x, y) in enumerate(loader.epoch(epoch)):
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        opt.step()
        schedule.step(epoch + i / iters)
        n = x.shape[0]
        loss_sum += loss.item() * n
        correct += (logits.argmax(1) == (y if y.ndim == 1 else y.argmax(1))).sum().item()
        seen += n
        if i % max(1, iters // 10) == 0 or i == iters - 1:
            rate = seen / (time.perf_counter() - start)
            print(f'{label} {seen}/{iters * loader.batch_size}  loss {loss_sum / seen:.4f}  acc {100 * correct / seen:.2f}%  '
                  f'lr {schedule.get_last_lr()[0]:.4f}  {rate:.0f} img/s  ETA {(iters * loader.batch_size - seen) / rate:.0f}s', flush=True)
    seconds = time.perf_counter() - start
    return loss_sum / seen, correct / seen, seconds


def blas_libraries():
    """The BLAS shared objects this process mapped (Debian's torch links libblas.so.3 through alternatives)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open('/proc/self/maps') as f:
        return sorted({line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--epochs', type=int, default=15)
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--lr', type=float, default=0.1)
    parser.add_argument('--t0', type=int, default=1)
    parser.add_argument('--t-mult', type=int, default=2)
    parser.add_argument('--mixup', type=float, default=None)
    parser.add_argument('--patience', type=int, default=10)
    parser.add_argument('--snapshots', type=int, default=3)
    parser.add_argument('--limit', type=int, default=None)
    parser.add_argument('--eval-limit', type=int, default=None)
    parser.add_argument('--val-size', type=int, default=5000)
    parser.add_argument('--out', default='fashion-run-torch')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--data', default=DEBIAN_DIR)
    parser.add_argument('--init', metavar='FILE', help="start from a Stride checkpoint's weights (DIR/init.safetensors of train-fashion)")
    parser.add_argument('--write-data-fixture', metavar='FILE', help='write SHA-256s of the split and batches, then exit')
    args = parser.parse_args()
    started = time.perf_counter()
    torch.set_num_threads(args.threads)

    images, labels = load_fashion(args.data, 'train')
    train_idx, val_idx = split_validation(len(labels), args.val_size, args.seed)
    if args.write_data_fixture:
        write_data_fixture(args.write_data_fixture, images, labels, train_idx, val_idx, args)
        return
    if args.limit is not None:
        train_idx = train_idx[:args.limit]
    val_idx = val_idx[:args.eval_limit]
    test_images, test_labels = load_fashion(args.data, 'test')
    test_images, test_labels = test_images[:args.eval_limit], test_labels[:args.eval_limit]
    val_images, val_labels = images[val_idx], labels[val_idx]
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {", ".join(blas_libraries()) or "none mapped"}')
    print(torch.__config__.show().strip())
    print(f'Fashion-MNIST: {len(train_idx)} training, {len(val_idx)} validation (seed {args.seed}) and {len(test_labels)} test images')

    loader = Loader(images[train_idx], labels[train_idx], args.batch_size, args.seed, args.mixup)
    torch.manual_seed(args.seed)
    model = CifarResNet(in_channels=1)
    if args.init:
        model.load_state_dict(read_checkpoint_model(args.init))
        print(f'initial weights from {args.init}')
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=args.t0, T_mult=args.t_mult)
    stopper = EarlyStopping(args.patience)
    ends = cycle_ends(args.t0, args.t_mult, args.epochs)
    os.makedirs(args.out, exist_ok=True)
    best, snapshots, history, training_seconds, stopped_early = None, [], [], 0.0, False
    for epoch in range(args.epochs):
        number = epoch + 1
        loss, acc, seconds = train_epoch(model, opt, schedule, loader, epoch, f'epoch {number}/{args.epochs}')
        training_seconds += seconds
        val_acc = accuracy(model, val_images, val_labels)
        lr = schedule.get_last_lr()[0]
        history.append({'epoch': number, 'trainLoss': loss, 'trainAccuracy': acc, 'valAccuracy': val_acc, 'lr': lr})
        notes = []
        if best is None or val_acc > best['valAccuracy']:
            best = {'epoch': number, 'valAccuracy': val_acc, 'state': copy.deepcopy(model.state_dict())}
            torch.save(best['state'], os.path.join(args.out, 'best.pt'))
            notes.append('best so far, saved')
        if number in ends:
            path = os.path.join(args.out, f'snapshot-epoch{number}.pt')
            torch.save(model.state_dict(), path)
            snapshots.append({'epoch': number, 'file': path})
            notes.append(f'cycle ends: snapshot {len(snapshots)}')
        stopped_early = stopper.step(val_acc)
        if stopped_early:
            notes.append(f'early stop: no better val acc for {stopper.num_bad_epochs} epochs')
        note = f' ({"; ".join(notes)})' if notes else ''
        print(f'epoch {number}: train loss {loss:.4f}, train acc {100 * acc:.2f}%, val acc {100 * val_acc:.2f}%, '
              f'lr {lr:.5f}, {len(loader) * args.batch_size / seconds:.0f} img/s, {seconds:.0f}s{note}', flush=True)
        if stopped_early:
            break

    test = {'finalTestAccuracy': accuracy(model, test_images, test_labels)}
    print(f'final model: test acc {100 * test["finalTestAccuracy"]:.2f}%')
    best_model = CifarResNet(in_channels=1)
    best_model.load_state_dict(best['state'])
    test['best'] = {'epoch': best['epoch'], 'valAccuracy': best['valAccuracy'], 'testAccuracy': accuracy(best_model, test_images, test_labels)}
    print(f'best model (epoch {best["epoch"]}, val acc {100 * best["valAccuracy"]:.2f}%): test acc {100 * test["best"]["testAccuracy"]:.2f}%')
    chosen = snapshots[-args.snapshots:]
    test['ensemble'] = None
    if chosen:
        members = []
        for s in chosen:
            m = CifarResNet(in_channels=1)
            m.load_state_dict(torch.load(s['file']))
            s = {'epoch': s['epoch'], 'file': os.path.basename(s['file']), 'testAccuracy': accuracy(m, test_images, test_labels)}
            print(f'snapshot after epoch {s["epoch"]}: test acc {100 * s["testAccuracy"]:.2f}%')
            members.append((m, s))
        ens_acc = accuracy(Ensemble([m for m, _ in members]), test_images, test_labels)
        test['ensemble'] = {'members': [s for _, s in members], 'testAccuracy': ens_acc}
        print(f'snapshot ensemble of epochs {", ".join(str(s["epoch"]) for _, s in members)} ({len(members)} models): test acc {100 * ens_acc:.2f}%')
    wall = time.perf_counter() - started
    images_per_second = len(history) * len(loader) * args.batch_size / training_seconds
    print(f'trained {len(history)} epochs{" (stopped early)" if stopped_early else ""}: {training_seconds:.0f}s of training, '
          f'{images_per_second:.0f} img/s; wall time {wall:.0f}s')
    summary = {'recipe': vars(args), 'history': history, 'stoppedEarly': stopped_early, 'test': test,
               'trainingSeconds': training_seconds, 'imagesPerSecond': images_per_second, 'wallSeconds': wall,
               'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blas': blas_libraries()}
    with open(os.path.join(args.out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)
        f.write('\n')


# ---------------------------------------------------------------- the data fixture


def sha256(array):
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def write_data_fixture(path, images, labels, train_idx, val_idx, args):
    """SHA-256s of the split and of the first batches of two epochs, without and with mixup, from a subset."""
    limit = 2000
    sub_images, sub_labels = images[train_idx[:limit]], labels[train_idx[:limit]]
    cases = []
    for alpha in (None, 0.4):
        loader = Loader(sub_images, sub_labels, 64, args.seed, alpha)
        for epoch in (0, 3):
            for b, (x, y) in enumerate(loader.epoch(epoch)):
                if b == 3:
                    break
                cases.append({'mixup': alpha, 'epoch': epoch, 'batch': b, 'x': sha256(x.numpy()), 'y': sha256(y.numpy().astype(
                    np.int32 if alpha is None else np.float32))})
    fixture = {
        'generator': 'apps/examples/scripts/train_fashion.py --write-data-fixture',
        'seed': args.seed, 'valSize': args.val_size, 'limit': limit, 'batchSize': 64,
        'valIndices': sha256(val_idx.astype(np.int32)), 'trainIndices': sha256(train_idx.astype(np.int32)),
        'valIndicesHead': val_idx[:8].tolist(), 'batches': cases,
    }
    with open(path, 'w') as f:
        json.dump(fixture, f, indent=2)
        f.write('\n')
    print(f'wrote {path}: {len(cases)} batches')


if __name__ == '__main__':
    main()
