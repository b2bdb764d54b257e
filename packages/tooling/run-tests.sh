#!/usr/bin/env bash
# `npm test`: lint, then every package built, typechecked and tested on Node, Bun and Deno (and
# WebGPU in Chromium); ends with one line totalling every run. Installs Chromium, Mesa's
# lavapipe and (beside Debian's PyTorch) OpenBLAS where missing (Debian, as root).
set -uo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1
npm run --silent lint || exit 1
# Every public package must stay publishable to JSR (slow types, entry points, licence).
npm run --silent jsr:check || exit 1
bash packages/tooling/ensure-chromium.sh || exit 1
# The bench tests run Debian's PyTorch as a peer where it is installed: on OpenBLAS, as npm start
# does, not on the 40× slower reference BLAS. Not fatal: the tests pass on either.
bash packages/tooling/ensure-openblas.sh || echo 'npm test: no OpenBLAS, so the bench tests run PyTorch on the reference BLAS' >&2
report_dir="${STRIDE_TEST_REPORT_DIR:-$(mktemp -d)}"
export STRIDE_TEST_REPORT_DIR="$report_dir"
npx turbo run build typecheck test test:bun test:deno --concurrency=1 --continue=dependencies-successful --output-logs=new-only
status=$?
echo
node packages/tooling/test-total.mjs "$report_dir"
exit "$status"
