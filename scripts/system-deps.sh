#!/bin/sh
# Installs the Debian packages towerkit needs outside Python, when they are missing.
# As root it uses apt-get; otherwise it prints one line saying what to install and carries on
# (text PDFs still ingest without Tesseract; OCR files then fail with an install hint).
set -e
need=""
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr tesseract-ocr-eng"
if [ -n "$TOWERKIT_BROWSER" ] || [ "$1" = "--browser" ]; then
    command -v chromium >/dev/null 2>&1 || need="$need chromium"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$need"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
else
    echo "towerkit: missing system packages:$need (install them with: sudo apt-get install$need)" >&2
fi
