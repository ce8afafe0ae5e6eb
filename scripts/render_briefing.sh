#!/bin/bash
# Render a briefing DOCX to PDF (LibreOffice headless) and PNG pages (pdftoppm) so a person can look at it.
#
#   bash scripts/render_briefing.sh ~/.xuanti/output/briefing-2019-06.docx [OUT_DIR] [DPI]
#
# Writes OUT_DIR/briefing-2019-06.pdf and OUT_DIR/briefing-2019-06-1.png, -2.png, ... (default: next to
# the DOCX, 80 dpi). Needs LibreOffice: bash scripts/setup_system.sh --with-libreoffice
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 BRIEFING.docx [OUT_DIR] [DPI]" >&2
  exit 2
fi
docx="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="${2:-$(dirname "$docx")}"
dpi="${3:-80}"
mkdir -p "$out"
soffice_bin="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice_bin" ]; then
  echo "render_briefing: LibreOffice not found; install it with: bash scripts/setup_system.sh --with-libreoffice" >&2
  exit 1
fi
command -v pdftoppm >/dev/null || { echo "render_briefing: pdftoppm not found (apt-get install poppler-utils)" >&2; exit 1; }
# A private LibreOffice profile: works next to a running LibreOffice and leaves the user's settings alone.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$soffice_bin" -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
stem="$(basename "$docx" .docx)"
pdftoppm -png -r "$dpi" "$out/$stem.pdf" "$out/$stem"
echo "$out/$stem.pdf"
ls "$out/$stem"-*.png
