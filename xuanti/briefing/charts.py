"""Charts for the briefing: matplotlib (Agg) with a CJK font, PNG bytes that are the same on every build."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from xuanti.briefing.builder import Chart  # noqa: E402

# Office colours: a deep red for this month, grey for the month before.
COLOURS = ("#9e9e9e", "#c0392b", "#2c6fbb", "#5b8c3a")
WIDTH_INCHES = 6.3
DPI = 150


def _font_name(font: Path) -> str:
    font_manager.fontManager.addfont(str(font))
    return font_manager.FontProperties(fname=str(font)).get_name()


def render_chart(chart: Chart, font: Path) -> bytes:
    """One chart as PNG bytes; the series are drawn in their given order (the month itself last)."""
    name = _font_name(font)
    rc = {
        "font.family": [name],
        "font.size": 9,
        "axes.unicode_minus": False,  # many CJK fonts lack U+2212
        "svg.hashsalt": "xuanti",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(rc):
        figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 3.0 if chart.kind == "bar" else 2.6))
        try:
            if chart.kind == "bar":
                _bars(axes, chart)
            else:
                _lines(axes, chart)
            # The unit goes in the title: a rotated y label would turn Chinese characters on their side.
            axes.set_title(f"{chart.title}（单位：{chart.unit}）", fontsize=11)
            axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
            axes.set_axisbelow(True)
            if len(chart.series) > 1:
                axes.legend(frameon=False, fontsize=8, loc="upper right")
            figure.tight_layout()
            buffer = io.BytesIO()
            # No "Software" text chunk and no timestamp: identical bytes for identical data.
            figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        finally:
            plt.close(figure)
    return buffer.getvalue()


def _bars(axes: plt.Axes, chart: Chart) -> None:
    count = len(chart.series)
    width = 0.8 / max(count, 1)
    positions = range(len(chart.labels))
    for index, (label, values) in enumerate(chart.series.items()):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        bars = axes.bar(offsets, values, width=width, label=label, color=COLOURS[(index + (count == 1)) % len(COLOURS)])
        if index == count - 1:
            axes.bar_label(bars, labels=[f"{v:.0f}" for v in values], fontsize=7, padding=1)
    axes.set_xticks(list(positions), chart.labels, rotation=30 if len(chart.labels) > 6 else 0, ha="right" if len(chart.labels) > 6 else "center")


def _lines(axes: plt.Axes, chart: Chart) -> None:
    count = len(chart.series)
    # The month itself is the first series here; the month before is drawn lighter behind it.
    for index, (label, values) in reversed(list(enumerate(chart.series.items()))):
        xs = list(range(1, len(values) + 1))
        style = {"color": COLOURS[1], "linewidth": 1.8, "marker": "o", "markersize": 2.5} if index == 0 else {
            "color": COLOURS[0], "linewidth": 1.0, "linestyle": "--"}
        axes.plot(xs, values, label=label, **style)
    axes.set_xlim(0.5, len(chart.labels) + 0.5)
    axes.set_xticks([d for d in range(1, len(chart.labels) + 1) if d == 1 or d % 5 == 0])
    axes.set_xlabel("日")
    if count > 1:
        handles, labels = axes.get_legend_handles_labels()
        axes.legend(handles[::-1], labels[::-1], frameon=False, fontsize=8, loc="upper right")


def render_charts(charts: dict[str, Chart], font: Path) -> dict[str, bytes]:
    return {key: render_chart(chart, font) for key, chart in sorted(charts.items())}
