#!/usr/bin/env bash
# Build the one-folder desktop application in dist/optstudio/ for this machine's platform,
# then check it with its own self-test. Run from the repository root:
#     bash packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet ".[package]"
python -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/optstudio.spec
QT_QPA_PLATFORM=offscreen dist/optstudio/optstudio --self-test
echo "built dist/optstudio/ ($(du -sh dist/optstudio | cut -f1))"
