# Shared by scripts/serve and scripts/test: create .venv and install the project into
# it when pyproject.toml changed since the last install.
ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}" stamp
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
  # shellcheck disable=SC1091
  source .venv/bin/activate
}
