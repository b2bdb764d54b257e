#!/usr/bin/env bash
# Makes Mesa's lavapipe (a Vulkan driver on the CPU) available to WebGPU in Node (Dawn, the
# `webgpu` package) and Deno (wgpu) on a Debian 12 machine without a GPU, and prints the path
# of its ICD file for VK_ICD_FILENAMES. Dawn rejects bookworm's Mesa 22 lavapipe, so the driver
# comes from bookworm-backports (Mesa 25): its package is downloaded and unpacked into DIR, not
# installed, leaving the system's Mesa alone. The Vulkan loader and the driver's shared
# libraries come from bookworm itself. Idempotent: a second run only checks and prints.
#
# usage: ensure-lavapipe.sh DIR      (e.g. packages/kernels-webgpu/.vulkan, git-ignored)
set -euo pipefail
dir="$(mkdir -p "${1:?usage: ensure-lavapipe.sh DIR}" && cd "$1" && pwd)"
icd="$dir/lvp_icd.json"
# Several test scripts may call this at once on a fresh machine: one installs, the others wait.
exec 9>"$dir/.lock"
flock 9

if [ -f "$icd" ] && ldconfig -p | grep -q 'libvulkan\.so\.1 '; then
  echo "$icd"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-lavapipe: needs root (apt-get) to install libvulkan1 and fetch Mesa 25 lavapipe from bookworm-backports" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt (an unattended upgrade, a second install) may hold dpkg's lock: wait for it
# rather than fail.
apt_wait=(-o DPkg::Lock::Timeout=600)
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list
fi
apt-get "${apt_wait[@]}" update -qq >/dev/null
# The loader, and the libraries libvulkan_lvp.so links against (mesa-vulkan-drivers' Depends).
apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends libvulkan1 libllvm15 libdrm2 libdrm-amdgpu1 libelf1 libexpat1 \
  libwayland-client0 libx11-xcb1 libxcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-shm0 libxcb-sync1 \
  libxcb-xfixes0 libxshmfence1 libzstd1 zlib1g >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
(cd "$work" && apt-get "${apt_wait[@]}" download -qq -t bookworm-backports mesa-vulkan-drivers >&2 2>/dev/null)
rm -rf "$dir/root"
dpkg -x "$work"/mesa-vulkan-drivers_*.deb "$dir/root"
lib="$(find "$dir/root" -name libvulkan_lvp.so -print -quit)"
if [ -z "$lib" ]; then
  echo "ensure-lavapipe: mesa-vulkan-drivers from bookworm-backports has no libvulkan_lvp.so" >&2
  exit 1
fi
cat > "$icd" <<JSON
{
  "file_format_version": "1.0.0",
  "ICD": { "library_path": "$lib", "api_version": "1.4.305" }
}
JSON
echo "$icd"
