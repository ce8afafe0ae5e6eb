"""The monthly topic-guidance briefing (信息选题参考): gathered from the store, written as DOCX and HTML."""

from __future__ import annotations

from pathlib import Path

from xuanti.briefing.builder import Briefing, build_briefing
from xuanti.settings import Settings
from xuanti.store import Store

__all__ = ["Briefing", "build_briefing", "render_images", "write_briefing"]


def render_images(briefing: Briefing, settings: Settings) -> dict[str, bytes]:
    """The briefing's charts as PNG bytes (CJK font from [briefing].font or the system)."""
    from xuanti.briefing.charts import render_charts
    from xuanti.fonts import find_cjk_font

    return render_charts(briefing.charts, find_cjk_font(settings.briefing.font))


def write_briefing(store: Store, settings: Settings, month: str, out_dir: Path) -> dict[str, Path]:
    """Build the month's briefing and write ``briefing-YYYY-MM.docx`` and ``.html``; returns the paths."""
    from xuanti.briefing.docx import write_docx
    from xuanti.briefing.html import write_html

    briefing = build_briefing(store, settings, month)
    images = render_images(briefing, settings)
    stem = f"briefing-{month}"
    return {
        "docx": write_docx(briefing, images, Path(out_dir) / f"{stem}.docx"),
        "html": write_html(briefing, images, Path(out_dir) / f"{stem}.html"),
    }
