#!/usr/bin/env bash
# Browser tests use Debian's chromium (never a downloaded browser).  Install it where absent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
echo "Устанавливаю chromium из репозитория Debian…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
