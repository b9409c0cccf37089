# Sourced by scripts/run and scripts/test: make .venv and install a requirements file into
# it, once per version of that file (a stamp records what was installed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ensure_venv() {
  local requirements="$1"
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  local stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-${requirements%.txt}"
  if [ ! -f "$stamp" ]; then
    echo "Installing $requirements into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}
