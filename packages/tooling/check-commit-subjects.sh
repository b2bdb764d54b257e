#!/usr/bin/env bash
# Commit subjects are at most 72 characters (the body carries the why). Checked for every
# commit after the one where the rule started; older history is left as it was written.
set -euo pipefail
cd "$(dirname "$0")/../.."
since=8e0e3cb
if git cat-file -e "$since^{commit}" 2>/dev/null; then range="$since..HEAD"; else range="-1 HEAD"; fi
# shellcheck disable=SC2086
long=$(git log --format='%h %s' $range | awk '{ subject = substr($0, index($0, " ") + 1); if (length(subject) > 72) print }')
if [ -n "$long" ]; then
  echo "commit subjects over 72 characters (put the rest in the body):" >&2
  echo "$long" >&2
  exit 1
fi
