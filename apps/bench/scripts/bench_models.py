"""The bench's models in PyTorch, shared by pytorch_reference.py, pytorch_profile.py and export_onnx.py.

LeNet-5 and the CIFAR resnet20 are the zoo fixture generator's definitions (the networks the zoo's
parity tests hold Stride to); resnet18 and MobileNetV2 are torchvision's own (0.14).
"""
import ctypes
import importlib.util
import os
import re

import torch
import torchvision

ZOO_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'packages', 'zoo', 'scripts', 'gen_fixtures.py')

# The image each model takes: channels, size (the ImageNet models take any size; 224 is the bench's).
IMAGE = {'lenet5': (1, 28), 'resnet20': (3, 32), 'resnet18': (3, 224), 'mobilenetV2': (3, 224)}

_zoo = None


def zoo_module():
    """The zoo's gen_fixtures.py as a module. Importing it calls torch.set_num_threads(1): set threads after."""
    global _zoo
    if _zoo is None:
        spec = importlib.util.spec_from_file_location('zoo_gen_fixtures', ZOO_GEN)
        _zoo = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_zoo)
    return _zoo


def build_model(name):
    if name == 'lenet5':
        return zoo_module().LeNet5()
    if name == 'resnet20':
        return zoo_module().CifarResNet(3)
    if name == 'resnet18':
        return torchvision.models.resnet18()
    if name == 'mobilenetV2':
        return torchvision.models.mobilenet_v2()
    raise ValueError(f"build_model: unknown model '{name}' (expected one of {', '.join(IMAGE)})")


def input_shape(name, batch, image_size=None):
    channels, size = IMAGE[name]
    return (batch, channels, image_size or size, image_size or size)


def set_threads(threads):
    """torch's intra-op threads, and OpenBLAS's own pool (the pthread build ignores torch's setting and
    would otherwise take every core)."""
    torch.set_num_threads(threads)
    a = torch.ones(8, 8)
    torch.mm(a, a)  # loads the BLAS, so it shows in /proc/self/maps
    for path in loaded_libraries(r'openblas'):
        try:
            ctypes.CDLL(path).openblas_set_num_threads(threads)
        except (OSError, AttributeError):
            pass
    return torch.get_num_threads()


def loaded_libraries(pattern):
    """Shared libraries of this process whose file name matches `pattern` (Linux only; empty elsewhere)."""
    found = []
    try:
        with open('/proc/self/maps') as maps:
            for line in maps:
                path = line.split()[-1]
                if path.startswith('/') and re.search(pattern, os.path.basename(path)) and path not in found:
                    found.append(path)
    except OSError:
        pass
    return found


def blas_info():
    """Which BLAS torch runs on: the build's BLAS_INFO (Debian's says 'generic': libblas.so.3, whichever
    library the alternatives system points that at) and the library actually loaded after a matmul."""
    config = torch.__config__.show()
    configured = re.search(r'BLAS_INFO=([^,\s]+)', config)
    a = torch.ones(64, 64)
    torch.mm(a, a)
    loaded = loaded_libraries(r'blas|mkl_rt|libmkl|blis')
    return {'blas': describe_blas(loaded), 'blasConfig': f"BLAS_INFO={configured.group(1) if configured else 'unknown'}", 'blasLibraries': loaded}


def describe_blas(paths):
    joined = ' '.join(paths)
    version = re.search(r'openblas\w*-r(\d+\.\d+\.\d+)', joined)
    if 'openblas' in joined:
        flavour = 'pthread' if 'pthread' in joined else 'openmp' if 'openmp' in joined else 'serial' if 'serial' in joined else ''
        return f"OpenBLAS{' ' + version.group(1) if version else ''}{f' ({flavour})' if flavour else ''}"
    if 'mkl' in joined:
        return 'Intel MKL'
    if 'blis' in joined:
        return 'BLIS'
    if paths:
        return 'reference BLAS (netlib): 40× slower than OpenBLAS; install libopenblas0-pthread'
    return 'unknown (no BLAS library found in /proc/self/maps)'
