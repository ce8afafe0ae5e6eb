#!/bin/bash
# System packages xuanti's tests and outputs need, from Debian (run as root; skipped when present):
#   chromium            headless browser for the review page's end-to-end test and screenshots
#   fonts-wqy-microhei  a CJK font so charts in the briefing render Chinese characters
#   poppler-utils       pdftoppm, to look at a rendered briefing (scripts/render_briefing.sh)
#   libarchive13        RAR and 7z archives of materials or exports (libarchive-c binds it)
#   unar                The Unarchiver: the RAR archives libarchive cannot unpack (solid RAR4, WinRAR's 固实)
#   tesseract-ocr, tesseract-ocr-chi-sim   OCR of scanned PDFs (a sealed 公文 published as a scan)
# LibreOffice (DOCX -> PDF for looking at the briefing; Writer, Impress and Calc write the DOC, RTF, PPT and
# OpenDocument test fixtures, scripts/make_*_fixture*.py) is large; pass --with-libreoffice to add it.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || packages+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q "libarchive\.so" || packages+=(libarchive13)
command -v unar >/dev/null 2>&1 || packages+=(unar)
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
tesseract --list-langs 2>&1 | grep -qx chi_sim || packages+=(tesseract-ocr-chi-sim)
if [ "${1:-}" = "--with-libreoffice" ]; then
  command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
  [ -e /etc/libreoffice/registry/impress.xcd ] || packages+=(libreoffice-impress-nogui)
  [ -e /etc/libreoffice/registry/calc.xcd ] || packages+=(libreoffice-calc-nogui)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "setup_system: missing ${packages[*]}; install them with: sudo apt-get install ${packages[*]}" >&2
  exit 1
fi
echo "setup_system: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
