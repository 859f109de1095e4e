#!/usr/bin/env bash
# Installs Debian's Chromium for AdminCenterBrowserIT, which drives Admin Center in a real headless browser.
# The build runs this before the integration tests (pom.xml, exec-maven-plugin); it does nothing when the
# browser is already there. Playwright's own browser download is not used: the machines reach only package
# registries, and Debian's package is one of them.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    echo "install-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") is installed"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "install-chromium: $CHROMIUM is missing; install Debian's chromium package as root (apt-get install chromium) or run the build with -DskipITs" >&2
    exit 1
fi

echo "install-chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# fonts-dejavu-core: without any font the screenshots the test saves show no text.
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version
