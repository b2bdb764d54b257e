"""PyTorch's LeNet-5 as the playground trains it: the course's model, as in packages/zoo/scripts/gen_fixtures.py.

Imported by the two scripts beside it; run with Debian's PyTorch (/usr/bin/python3, python3-torch 1.13).
"""
import torch.nn as nn


class LeNet5(nn.Module):
    """conv(1→20, 5, p2)-relu-pool-conv(20→50, 5, p2)-relu-pool-fc(2450→500)-relu-fc(500→10), input 1×28×28."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, padding=2)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(20, 50, 5, padding=2)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(2450, 500)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.fc2(self.relu3(self.fc1(self.flatten(x))))
