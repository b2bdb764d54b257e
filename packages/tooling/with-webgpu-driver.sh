#!/usr/bin/env bash
# Runs a command with a Vulkan driver for WebGPU: the machine's own when it has a GPU (or the
# caller already chose one with VK_ICD_FILENAMES), else Mesa 25's lavapipe, which
# ensure-lavapipe.sh unpacks into packages/kernels-webgpu/.vulkan. If lavapipe cannot be set up
# (not root, no apt), the command still runs: its WebGPU backend then reports no adapter.
#
# usage: with-webgpu-driver.sh COMMAND [ARG...]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
has_gpu() { ls /dev/nvidia0 /dev/dri/renderD* >/dev/null 2>&1; }
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! has_gpu; then
  if icd="$(bash "$here/ensure-lavapipe.sh" "$here/../kernels-webgpu/.vulkan")"; then
    export VK_ICD_FILENAMES="$icd"
  else
    echo "with-webgpu-driver: no GPU and no lavapipe; WebGPU will be reported unavailable" >&2
  fi
fi
exec "$@"
