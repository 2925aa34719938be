#!/usr/bin/env bash
# Install optstudio's desktop entry, icons and file type for the current user (Linux), so that
# it appears in the application menu and .optstudio files open with it. Run from the
# repository root after building (bash packaging/build.sh) or after `pip install .`:
#     bash packaging/install-desktop-entry.sh [PATH/TO/optstudio]
# The optstudio command defaults to dist/optstudio/optstudio if built, else the one on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${1:-}"
if [[ -z "$binary" ]]; then
    if [[ -x dist/optstudio/optstudio ]]; then binary="$PWD/dist/optstudio/optstudio"
    else binary="$(command -v optstudio || true)"; fi
fi
if [[ -z "$binary" || ! -x "$binary" ]]; then
    echo "install-desktop-entry: no optstudio command found; build it or pass its path" >&2
    exit 2
fi

data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" \
         "$data/icons/hicolor/scalable/apps"
sed "s|^Exec=optstudio|Exec=$binary|; s|^TryExec=optstudio|TryExec=$binary|" \
    resources/linux/org.optstudio.optstudio.desktop \
    > "$data/applications/org.optstudio.optstudio.desktop"
cp resources/linux/org.optstudio.optstudio.metainfo.xml "$data/metainfo/"
cp resources/linux/optstudio-mime.xml "$data/mime/packages/optstudio.xml"
cp resources/icons/optstudio.svg "$data/icons/hicolor/scalable/apps/optstudio.svg"
for png in resources/icons/optstudio-*.png; do
    size="${png##*-}"; size="${size%.png}"
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$data/icons/hicolor/${size}x${size}/apps/optstudio.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$data/icons/hicolor" || true
echo "installed the optstudio desktop entry for $binary in $data"
