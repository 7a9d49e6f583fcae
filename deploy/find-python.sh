#!/usr/bin/env bash
# Prints the first Python >= 3.12 found, trying python3.13, python3.12, python3, then any
# interpreter installed under pyenv (whose shims refuse versions that are not selected).
set -u
candidates=(python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  candidates+=($(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV))
fi
for python in "${candidates[@]}"; do
  if "$python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
    echo "$python"
    exit 0
  fi
done
echo "Gongkai needs Python 3.12 or newer; none was found (tried: ${candidates[*]})." >&2
exit 1
