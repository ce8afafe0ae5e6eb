"""Find a CJK font for charts: the configured file, else one fontconfig knows for Chinese, else known paths."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# Debian/Ubuntu packages, in order of preference (fonts-wqy-microhei comes with scripts/setup_system.sh).
KNOWN_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
INSTALL_HINT = "sudo apt-get install fonts-wqy-microhei (or: bash scripts/setup_system.sh)"


class FontNotFound(RuntimeError):
    """No font with Chinese characters is installed."""


def _fontconfig_candidates() -> list[Path]:
    if not shutil.which("fc-list"):
        return []
    try:
        output = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = {Path(line.split(":", 1)[0].strip()) for line in output.splitlines() if line.strip()}
    # Sorted: the same machine picks the same font every time (deterministic charts).
    return sorted(path for path in files if path.suffix.lower() in (".ttf", ".ttc", ".otf"))


def find_cjk_font(configured: str = "") -> Path:
    """The font file charts use; FontNotFound naming the install command when there is none."""
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FontNotFound(f"[briefing].font: {configured}: file not found")
        return path
    for known in KNOWN_PATHS:
        if Path(known).is_file():
            return Path(known)
    candidates = _fontconfig_candidates()
    if candidates:
        return candidates[0]
    raise FontNotFound(f"no Chinese font found for charts; install one: {INSTALL_HINT}")
