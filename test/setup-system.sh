#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine when it is missing: Node
# modules (npm ci), Chromium (for the browser tests, and its SwiftShader Vulkan driver for the
# GPU tests) and the Vulkan loader that Dawn (the 'webgpu' package) links against.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || need+=(libvulkan1)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "installing system packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d node_modules/vitest ] || [ ! -d node_modules/webgpu ]; then
  npm ci --no-audit --no-fund
fi
