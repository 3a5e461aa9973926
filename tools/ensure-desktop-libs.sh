#!/bin/sh
# Before the demo opens a real window: make sure Qt's X11 platform plugin finds
# the xcb libraries it links against (a minimal Debian/Ubuntu often lacks
# libxcb-cursor0 and friends, and Qt then refuses to start). Tests run
# offscreen and do not need this. Never fails: it installs or explains.
set -u

venv_python=${1:-.venv/bin/python}
plugin=$("$venv_python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")' 2>/dev/null) || exit 0
[ -f "$plugin" ] || exit 0                                  # not Linux/X11: nothing to check
command -v ldd >/dev/null 2>&1 || exit 0
missing=$(ldd "$plugin" 2>/dev/null | awk '/not found/ {print $1}')
[ -z "$missing" ] && exit 0

# Debian package names for the libraries Qt's xcb plugin needs.
packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0"
echo "Qt's window system plugin is missing: $(echo $missing | tr '\n' ' ')"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Install your distribution's xcb libraries for Qt 6 (e.g. xcb-util-cursor) and run make again." >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else
    echo "Install them with: sudo apt-get install $packages" >&2
    exit 0
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null \
    || echo "apt-get install failed; install by hand: $packages" >&2
exit 0
