#!/bin/sh
# Make sure a font with Chinese glyphs is installed, so the app and its
# screenshots show 中文 instead of empty boxes. Never fails the build: when it
# cannot install one, it says how and carries on.
set -u

command -v fc-list >/dev/null 2>&1 || exit 0          # no fontconfig (macOS, Windows): nothing to check
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] && exit 0    # already have one

warn() {
    echo "WARNING: no Chinese (CJK) font found; Chinese text will show as boxes." >&2
    echo "         $1" >&2
}

if ! command -v apt-get >/dev/null 2>&1; then
    warn "Install a CJK font with your package manager (e.g. Noto Sans CJK) and run make again."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    warn "Install it with: sudo apt-get install fonts-noto-cjk"
    exit 0
fi

echo "Installing fonts-noto-cjk (Chinese font) ..."
if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; then
    fc-cache -f >/dev/null 2>&1 || true
else
    warn "apt-get install fonts-noto-cjk failed; install it by hand."
fi
exit 0
