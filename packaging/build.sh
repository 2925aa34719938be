#!/usr/bin/env bash
# Build the one-folder desktop application in dist/optstudio/ for this machine's platform,
# ship its compiled kernels, then check it with its own self-test. Run from anywhere:
#     bash packaging/build.sh [DIST [WORK]]
# (OPTSTUDIO_SKIP_INSTALL=1 builds with the packages already installed.)
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
WORK=${2:-build/pyinstaller}

if [ -z "${OPTSTUDIO_SKIP_INSTALL:-}" ]; then
    python -m pip install --quiet ".[package]"
fi
python -m PyInstaller --noconfirm --clean --distpath "$DIST" --workpath "$WORK" \
    packaging/optstudio.spec
python packaging/ship_kernels.py "$DIST/optstudio"
# a first start on a machine that never ran it: an empty cache folder
FRESH=$(mktemp -d)
XDG_CACHE_HOME=$FRESH QT_QPA_PLATFORM=offscreen "$DIST/optstudio/optstudio" --self-test
rm -rf "$FRESH"
echo "built $DIST/optstudio/ ($(du -sh "$DIST/optstudio" | cut -f1))"
