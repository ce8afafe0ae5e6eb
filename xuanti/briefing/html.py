"""The briefing as one self-contained HTML file (charts embedded as PNG data URIs; no network needed)."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from xuanti.briefing.builder import NUMERALS, Block, Briefing

STYLE = """
body { background: #f3f3f3; margin: 0; }
main { max-width: 52em; margin: 1.5em auto; background: #fff; padding: 3em 3.2em 4em; box-shadow: 0 0 6px #ccc;
       font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt;
       line-height: 1.75; color: #111; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", serif; color: #c00000; text-align: center;
     font-size: 22pt; font-weight: normal; margin: 0 0 .3em; }
.dateline { text-align: center; font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif;
            border-bottom: 2px solid #c00000; padding-bottom: .4em; margin-bottom: 1em; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 1em 0 .2em; }
h3 { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif; font-size: 16pt; font-weight: normal; margin: .6em 0 .1em;
     text-indent: 2em; }
p { text-indent: 2em; margin: 0; }
p.note, p.closing { font-size: 14pt; }
p.closing { text-align: right; margin-top: 1.5em; }
table { border-collapse: collapse; margin: .6em auto 1em; font-size: 10.5pt; line-height: 1.4; }
th, td { border: 1px solid #444; padding: .25em .5em; text-align: center; }
th { font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
td:first-child { text-align: left; }
figure { text-align: center; margin: .6em 0; }
figure img { max-width: 100%; }
@media print { body { background: #fff; } main { box-shadow: none; margin: 0; } }
"""


def _block(block: Block, images: dict[str, bytes]) -> str:
    if block.kind == "subheading":
        return f"<h3>{escape(block.text)}</h3>"
    if block.kind in ("paragraph", "item"):
        return f"<p>{escape(block.text)}</p>"
    if block.kind == "note":
        return f'<p class="note">{escape(block.text)}</p>'
    if block.kind == "table" and block.rows:
        head = "".join(f"<th>{escape(cell)}</th>" for cell in block.rows[0])
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block.rows[1:])
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if block.kind == "chart" and block.chart in images:
        data = base64.b64encode(images[block.chart]).decode()
        return f'<figure><img alt="{escape(block.chart)}" src="data:image/png;base64,{data}"></figure>'
    return ""


def briefing_html(briefing: Briefing, images: dict[str, bytes]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(briefing.title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{escape(briefing.title)}</h1>",
        f'<div class="dateline">{escape(briefing.issuer)}　　　　{escape(briefing.date_text)}</div>',
        f"<p>{escape(briefing.summary)}</p>",
    ]
    for number, section in enumerate(briefing.sections):
        parts.append(f"<h2>{NUMERALS[number]}、{escape(section.title)}</h2>")
        parts.extend(_block(block, images) for block in section.blocks)
    parts.append(f'<p class="closing">（{escape(briefing.issuer)}根据本系统数据整理，供内部参考）</p>')
    parts.append("</main></body></html>")
    return "\n".join(part for part in parts if part) + "\n"


def write_html(briefing: Briefing, images: dict[str, bytes], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(briefing_html(briefing, images), encoding="utf-8")
    return path
