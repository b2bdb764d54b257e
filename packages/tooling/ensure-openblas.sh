#!/usr/bin/env bash
# The bench's PyTorch peer (apps/bench) needs an optimised BLAS: Debian's python3-torch links
# libblas.so.3, which without libopenblas0-pthread is the reference BLAS, 40× slower at sgemm and
# no fair peer. Installs it when missing, which needs root and apt; exits 0 when it is there, or
# when Debian's python3-torch is not (a pip wheel of torch brings its own BLAS).
set -euo pipefail
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }
if command -v dpkg-query >/dev/null; then
  installed python3-torch || exit 0
  installed libopenblas0-pthread && exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "ensure-openblas: no apt-get here; PyTorch keeps whichever BLAS it has (the bench report names it)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-openblas: PyTorch needs OpenBLAS to be a fair peer: run 'sudo apt-get install -y libopenblas0-pthread'" >&2
  exit 1
fi
apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq libopenblas0-pthread >/dev/null
