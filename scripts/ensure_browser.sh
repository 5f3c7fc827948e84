#!/usr/bin/env bash
# Makes sure Debian's Chromium (and the fonts and tools the tests need) are installed.
# The tests drive the SYSTEM browser through Playwright; we never run `playwright install`
# (browser builds are downloaded from outside the package registries, which CI cannot reach).
set -u

BROWSER=${CAREERPATH_CHROMIUM:-/usr/bin/chromium}

# Besides the browser, the tests need two Debian packages; both are installed when missing
# (best effort: without them the tests that need them fail and say why):
# - a Devanagari font, or Hindi screenshots show boxes: fonts-noto-core (Noto Sans Devanagari);
# - pdftotext, to read the counselor's PDF reports back: poppler-utils.
ensure_test_packages() {
    local missing=()
    if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=hi family 2>/dev/null)" ]; then
        missing+=(fonts-noto-core)
    fi
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo -n true 2>/dev/null || { echo "Please install: ${missing[*]}" >&2; return 0; }
        sudo="sudo -n"
    fi
    echo "Installing ${missing[*]} for the tests..."
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null 2>&1 \
        || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install \
            -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
        || echo "Could not install ${missing[*]}: the tests that need them will fail." >&2
}

if [ -x "$BROWSER" ]; then
    ensure_test_packages
    echo "Browser ready: $BROWSER ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

advise() {
    cat >&2 <<MSG
Could not install Chromium automatically: $1
The browser tests need Debian's chromium package at $BROWSER. Install it yourself with:
    sudo apt-get update && sudo apt-get install -y chromium
(or set CAREERPATH_CHROMIUM to another Chromium/Chrome binary). The browser tests fail until then.
MSG
    exit 1
}

command -v apt-get >/dev/null 2>&1 || advise "apt-get is not available on this system."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        advise "installing packages needs root (or password-less sudo)."
    fi
fi

echo "Chromium is missing: installing Debian's chromium package (one-time, a few minutes)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || advise "apt-get update failed (no network to the package mirror?)."
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
    || advise "apt-get install chromium failed."

[ -x "$BROWSER" ] || advise "the chromium package installed, but $BROWSER is still missing."
ensure_test_packages
echo "Browser ready: $BROWSER ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))"
