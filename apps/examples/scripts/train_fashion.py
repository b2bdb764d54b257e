#!/usr/bin/python3
"""The train-fashion recipe in PyTorch, for comparison with apps/examples/train-fashion.ts.

Run with Debian's torch 1.13 (python3-torch) from the repository root:

    /usr/bin/python3 apps/examples/scripts/train_fashion.py [--epochs 15] [--batch-size 128] [--lr 0.1]
        [--t0 5] [--t-mult 1] [--mixup ALPHA] [--patience 10] [--snapshots 3] [--limit N] [--eval-limit N]
        [--val-size 5000] [--out fashion-run-torch] [--seed 0] [--threads 2] [--data DIR]

Same recipe as the TypeScript one: resnet20 (fashion_model.py builds the zoo fixture generator's CIFAR ResNet, option-A
shortcuts, one input channel, torchvision's initialisation), SGD lr 0.1 with Nesterov momentum 0.9 and weight decay 5e-4,
CosineAnnealingWarmRestarts stepped per batch with scheduler.step(epoch + i / iters), early stopping
on validation accuracy, the best model kept, a snapshot at the end of each cycle and an ensemble of
the last snapshots averaging their softmax probabilities.

Same start, with `--init DIR/init.safetensors`: the TypeScript run writes its initial weights
there, and this script then starts from them instead of torch's own draws.

Same data: fashion_data.py re-implements Stride's mulberry32 stream, its seed mixing and its
Fisher–Yates permutation, so the validation split, each epoch's order and every augmentation draw (crop offset,
flip, erasing box, mixup weight) are the ones the TypeScript run makes; the transforms compute the
same float32 pixels. `--write-data-fixture FILE` writes SHA-256s of the split and of augmented
batches, which apps/examples/test/fashion-data.test.ts recomputes with Stride.

Python resume is not implemented: the checkpoints here are for the ensemble and the best model.
"""

import argparse
import copy
import hashlib
import json
import math
import os
import time

os.environ.setdefault('OPENBLAS_NUM_THREADS', '2')
os.environ.setdefault('OMP_NUM_THREADS', '2')

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from fashion_data import DEBIAN_DIR, SCALE, Loader, load_fashion, normalize, split_validation  # noqa: E402
from fashion_model import Ensemble, read_checkpoint_model, resnet20  # noqa: E402

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
    parser.add_argument('--t0', type=int, default=5)
    parser.add_argument('--t-mult', type=int, default=1)
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
    model = resnet20(in_channels=1)
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
    best_model = resnet20(in_channels=1)
    best_model.load_state_dict(best['state'])
    test['best'] = {'epoch': best['epoch'], 'valAccuracy': best['valAccuracy'], 'testAccuracy': accuracy(best_model, test_images, test_labels)}
    print(f'best model (epoch {best["epoch"]}, val acc {100 * best["valAccuracy"]:.2f}%): test acc {100 * test["best"]["testAccuracy"]:.2f}%')
    chosen = snapshots[-args.snapshots:]
    test['ensemble'] = None
    if chosen:
        members = []
        for s in chosen:
            m = resnet20(in_channels=1)
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
