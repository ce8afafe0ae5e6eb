"""The CLI parser and its error handling (one clear line, exit code 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from xuanti.cli import build_parser, main

DOC_FIXTURE = Path(__file__).parent / "fixtures" / "demo_policy.doc"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "run", "topics", "classify", "eval"):
        assert command in out


def test_parser_options() -> None:
    args = build_parser().parse_args(["topics", "--format", "json", "--date", "2026-11-20"])
    assert (args.command, args.format, args.date) == ("topics", "json", "2026-11-20")
    args = build_parser().parse_args(["classify", "in.jsonl", "-o", "out.jsonl"])
    assert (args.input, args.output) == ("in.jsonl", "out.jsonl")
    assert build_parser().parse_args(["run"]).reanalyse is False
    assert build_parser().parse_args(["run", "--reanalyse", "--date", "2026-11-20"]).reanalyse is True


def test_unknown_option_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["topics", "--colour"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "--colour" in err and len(err.splitlines()) == 1


def test_missing_file_is_one_line_exit_2(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert "nope.jsonl" in err and "not found" in err and len(err.splitlines()) == 1


def test_bad_config_is_one_line_exit_2(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[fetch]\nretris = 1\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert "bad.toml" in err and "fetch.retris" in err and len(err.splitlines()) == 1


def test_classify_writes_points_scores_warning(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"id": "a", "title": "A3区锦绣花园小区暖气不热", "text": "小区暖气一直不热，物业多次推诿，老人孩子受冻，请尽快解决。", "source": "hotline"},
        {"id": "b", "text": "某工地拖欠农民工工资半年，几十名工人聚集在项目部讨薪，扬言要去县政府集体上访。"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["-q", "classify", str(path), "-o", str(out)]) == 0
    result = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in result] == ["a", "b"]
    for r in result:
        assert set(r["scores"]) == {"key", "hot", "difficult", "distinctive"}
        assert set(r["points"]) <= {"key", "hot", "difficult", "distinctive"}
        assert r["warning"] in {"none", "watch", "alert"}
    assert "hot" in result[0]["points"]
    assert result[1]["warning"] == "alert"
    # Line b has no source: it is read as news, and said. A source the models do not know skips its line.
    assert "note: 1 of 2 lines have no source; they are read as news" in capsys.readouterr().err
    rows[1]["source"] = "12345热线"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["-q", "classify", str(path), "-o", str(out)]) == 1
    assert "line 2: source '12345热线'; expected one of: news, policy, hotline, file (or 新闻、政策、政策文件、热线、12345、留言), skipped" in capsys.readouterr().err
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a"]


def test_extract_prints_json_lines(data_dir: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = data_dir / "policy/govcn_2019/content_5351181.html"
    assert main(["extract", str(page), "--kind", "policy", "--url", "http://www.gov.cn/zhengce/content/2018-12/22/content_5351181.htm"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["metadata"]["发文字号"] == "国发〔2018〕41号"
    assert record["published"].startswith("2018-12-22")
    assert "个人所得税" in record["title"]


def test_extract_page_reads_a_paged_article_whole(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`xuanti extract URL` shows what the crawl stores: the demo's two-page article and policy document
    over HTTP, whole."""
    from xuanti.cli import DEMO_SITE
    from xuanti.demo.build_demo import PAGED_TITLE
    from xuanti.localserver import LocalServer

    with LocalServer(root=DEMO_SITE, substitute={}) as server:
        url = f"{server.base_url}/news/2026/11/t20261118_684650.html"
        assert main(["extract", url, "--kind", "page"]) == 0
        [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert server.hits.get("/news/2026/11/t20261118_684650_1.html") == 1
        assert main(["extract", f"{server.base_url}/policy/content_4821.html", "--kind", "policy"]) == 0
        [policy] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["title"] == PAGED_TITLE and record["text"].endswith("新能源产业链条不断延伸。")
    assert policy["metadata"]["发文字号"] == "清政办发〔2026〕18号" and policy["text"].endswith("（此件公开发布）")


def test_extract_index_previews_a_site(data_dir: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the IT person checks before adding a site: the links the crawl would follow, their headline and
    listed date, and the next page; with --link-pattern, the pattern's links."""
    page = str(data_dir / "pages/search_lists_2020/people_list.html")
    url = "http://search.people.cn/cnpeople/news/"
    assert main(["extract", page, "--kind", "index", "--url", url]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 20 and all("/n1/2020/" in line["url"] for line in lines)
    assert lines[0] == {"url": "http://society.people.com.cn/n1/2020/0421/c1008-31682060.html",
                        "text": "致敬！湖北医护与病毒对抗的日子", "listed": "2020-04-21T11:58:29"}
    assert err.startswith("20 article links; next page http://search.people.cn/cnpeople/search.do?pageNum=2")
    assert main(["extract", page, "--kind", "index", "--url", url, "--link-pattern", r"c1008-\d+"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # society.people.com.cn (c1008) only
    assert main(["extract", page, "--kind", "index", "--link-pattern", "("]) == 2
    assert "link_pattern '(' is not a valid regular expression" in capsys.readouterr().err


def test_import_hotline_reports_rows(data_dir: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    assert main(["import", str(export)]) == 0
    first, err = capsys.readouterr()
    assert "imported" in first and "skipped" in first
    # A long export shows how far it has got, a line for each batch of 2,000 (none under -q).
    assert "messages_with_votes.csv：已读入 2000 条" in err and "messages_with_votes.csv：已读入 4000 条" in err
    assert main(["import", str(export)]) == 0  # safe to rerun: nothing new
    assert "(0 new or changed)" in capsys.readouterr().out


def test_import_of_an_unreadable_export_fails(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing read is no success: exit code 1 (a script running the import sees it), the reason named."""
    export = tmp_path / "12345导出.xlsx"
    export.write_bytes(b"PK\x03\x04 cut short")
    assert main(["import", str(export)]) == 1
    assert "12345导出.xlsx: not a readable XLSX workbook" in capsys.readouterr().out


def test_import_says_when_excel_shortened_the_ids(data_dir: Path, home: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Real letters whose work-order numbers Excel turned into 2.01902E+13 before the export was saved:
    all are stored (none a "repeat" of the first), and the IT person is told how to keep the numbers."""
    import csv
    import io

    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[:6]
    export = tmp_path / "工单.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *(["2.01902E+13", *row[1:]] for row in rows[1:])])
    assert main(["-q", "import", str(export)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "工单.csv: 5 imported (5 new or changed, 5 known by time and text: ids shortened by Excel "
        "(2.02611E+13; export XLSX or keep the id column as text)), 0 skipped, 0 errors")


def test_import_names_the_columns_it_read(data_dir: Path, home: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Whoever sets up a new export sees which columns were read: here its time column has a name no
    export had (派单时间), so the letters come undated until the source names it in `columns`."""
    import csv
    import io

    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[:4]
    export = tmp_path / "工单.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["工单编号", "派单时间", "诉求内容"], *([row[0], row[3], row[4]] for row in rows[1:])])
    assert main(["-q", "import", str(export)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "  columns of 工单.csv: 工单编号 → id, 诉求内容 → text; not read: 派单时间; no time column, so the letters "
        'have no date (a source\'s columns = {time = ["…"]} names it)')


def test_extract_a_hotline_export(data_dir: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A preview of an export: its letters as JSON lines, which columns were read on standard error."""
    export = data_dir / "hotline/shangluo_mayor_mailbox/latest.csv"
    assert main(["extract", str(export), "--kind", "hotline"]) == 0
    out, err = capsys.readouterr()
    letters = [json.loads(line) for line in out.splitlines()]
    assert len(letters) == 1171 and letters[0]["kind"] == "hotline"
    assert ("columns: mail_id → id, title → title, query → text, query_date → time, reply → reply; "
            "not read: reply_date, reply_agency, url") in err


def _word_document(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def test_extract_reads_a_target_by_what_it_is(data_dir: Path, home: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Without --kind, an export reads as letters, a feed as a feed, a Word file as a document and a page
    as a page, and the kind chosen is said; a workbook had been "a DOCX file, not an HTML page"."""
    export = data_dir / "hotline/tipdm2020c/labelled_sample.xlsx"
    assert main(["extract", str(export)]) == 0
    out, err = capsys.readouterr()
    # 495 rows, of which one repeats 留言编号 37042.
    assert len(out.splitlines()) == 494 and json.loads(out.splitlines()[0])["kind"] == "hotline"
    assert err.startswith("read as --kind hotline (a 12345 export; --kind articles reads a sheet of articles)")
    assert err.endswith("skipped: 1 row repeating an earlier letter's id or totalling the export (合计)\n")
    assert main(["extract", str(data_dir / "feeds/cotox_rssutil/solidot.rss")]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) > 1 and err == "read as --kind feed (a feed)\n"
    jsonfeed = sorted((data_dir / "feeds/exposir_RSS_jsonfeed").glob("*.json"))[0]
    assert main(["extract", str(jsonfeed)]) == 0
    assert capsys.readouterr().err == "read as --kind feed (a feed)\n"
    notice = _word_document(tmp_path / "通知.docx", "县应急管理局关于开展安全生产大检查的通知", "各乡镇：现就有关事项通知如下。")
    assert main(["extract", str(notice)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["title"] == "县应急管理局关于开展安全生产大检查的通知" and err == "read as --kind file (a document)\n"
    page = data_dir / "policy/govcn_2019/content_5351181.html"
    assert main(["extract", str(page)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["kind"] == "news" and err == ""


def test_extract_reads_a_letters_api_by_what_it_answers(data_dir: Path, home: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A 留言板 API's page of real letters, fetched from an address without a .json name, reads as a hotline
    export without --kind; it had been taken for a page."""
    from xuanti.localserver import LocalServer

    lines = (data_dir / "hotline/hangzhou_liuyan/messages.jsonl").read_text(encoding="utf-8").splitlines()[:20]
    answer = tmp_path / "letters.json"
    answer.write_text(json.dumps({"code": 0, "data": {"list": [json.loads(line) for line in lines], "total": 1661}},
                                 ensure_ascii=False), encoding="utf-8")
    with LocalServer(routes={"/api/letters.do": answer}) as server:
        assert main(["extract", f"{server.base_url}/api/letters.do?page=1"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 20 and {json.loads(line)["kind"] for line in out.splitlines()} == {"hotline"}
    assert err.startswith("read as --kind hotline")


def test_import_a_document_or_a_folder(data_dir: Path, home: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`xuanti import` takes a Word file as a document without --kind (it had read it as a broken export), and a
    folder: every export in it, a WPS .et among them, or every document when it holds no export. Safe to rerun."""
    import csv
    import io

    import xlwt

    notice = _word_document(tmp_path / "通知.docx", "县应急管理局关于开展安全生产大检查的通知", "各乡镇：现就有关事项通知如下。")
    assert main(["import", str(notice)]) == 0
    assert capsys.readouterr().out == "通知.docx: 1 imported (1 new or changed), 0 skipped, 0 errors\n"

    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv").read_text(
        encoding="utf-8"), newline="")))
    exports = tmp_path / "工单"
    exports.mkdir()
    with (exports / "11月1日.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:11])
    # The next day's export saved by WPS as its own .et, which keeps a workbook as an XLS does.
    sheet = xlwt.Workbook(encoding="utf-8")
    page = sheet.add_sheet("工单")
    for number, row in enumerate([rows[0], *rows[11:21]]):
        for column, cell in enumerate(row):
            page.write(number, column, cell[:32767])
    sheet.save(str(exports / "11月2日.et"))
    (exports / "~$11月2日.et").write_bytes(b"lock")  # WPS's lock file beside an open workbook
    assert main(["import", str(exports)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "工单/ (2 files): 20 imported (20 new or changed), 0 skipped, 0 errors"
    assert out[2].startswith("  columns of 11月2日.et: 留言编号 → id")
    assert main(["import", str(exports)]) == 0
    assert capsys.readouterr().out.startswith("工单/ (2 files): 20 imported (0 new or changed)")

    documents = tmp_path / "材料"
    (documents / "11月").mkdir(parents=True)  # kept by month, as an office files them
    _word_document(documents / "11月" / "总结.docx", "城关镇2026年工作总结", "一年来，城关镇坚持以项目建设为抓手。")
    (documents / "11月" / "汇报.doc").write_bytes(DOC_FIXTURE.read_bytes())
    (documents / "11月" / "措施.ofd").write_bytes(DOC_FIXTURE.with_suffix(".ofd").read_bytes())  # 电子公文's form
    (documents / "11月" / "报道.html").write_bytes((data_dir / "pages/gne/people/1.html").read_bytes())  # Ctrl+S
    assert main(["import", str(documents)]) == 0
    out, err = capsys.readouterr()
    assert out == "材料/ (4 files): 4 imported (4 new or changed), 0 skipped, 0 errors\n"
    assert err == "read as --kind file (a document)\n"


def test_a_single_html_is_a_page_or_an_export_by_its_table(data_dir: Path, home: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """An article saved with Ctrl+S and imported alone is a document, as it is in a folder (it had been
    read as a broken 12345 export); letters exported as an HTML table under .html are still letters, for
    `extract` as for `import`."""
    import csv
    from html import escape

    saved = tmp_path / "报道.html"
    saved.write_bytes((data_dir / "pages/gne/people/1.html").read_bytes())
    assert main(["import", str(saved)]) == 0
    out, err = capsys.readouterr()
    assert out == "报道.html: 1 imported (1 new or changed), 0 skipped, 0 errors\n"
    assert err == "read as --kind file (a document)\n"

    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(11), csv.reader(handle), strict=False)]
    export = tmp_path / "工单导出.html"
    export.write_bytes((
        '<html><head><meta charset="gb2312"><title>工单导出</title></head><body><table border="1">'
        + "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        + "</table></body></html>").encode("gb18030"))
    assert main(["import", str(export)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("工单导出.html: 10 imported (10 new or changed), 0 skipped, 0 errors\n") and err == ""
    assert main(["extract", str(export)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 10 and err.startswith("read as --kind hotline")


def test_a_text_file_is_a_document_or_an_export_by_its_first_line(data_dir: Path, home: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A .txt whose first line names an export's columns, comma-separated in GBK as many systems write a CSV
    under that name, is letters; it had been read as one document. A .txt of prose stays a document."""
    import csv

    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(6), csv.reader(handle), strict=False)]
    export = tmp_path / "工单导出.txt"
    with export.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert main(["import", str(export)]) == 0
    assert capsys.readouterr().out.startswith("工单导出.txt: 5 imported (5 new or changed), 0 skipped, 0 errors\n")
    notes = tmp_path / "情况说明.txt"
    notes.write_text("关于城关镇停水情况的说明\n11月20日，城关镇幸福小区停水，供水公司已抢修。\n", encoding="gb18030")
    assert main(["import", str(notes)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("情况说明.txt: 1 imported") and err == "read as --kind file (a document)\n"


def test_import_a_folder_of_exports_kept_by_month(data_dir: Path, home: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`xuanti import` of a folder whose exports are kept by month (11月/, 12月/) reads them all; it had found
    no export at its top and imported nothing. A meeting's folder holding a 统计表.xlsx among more documents
    stays documents. A nightly hotline source reads its folder's subfolders only when told (subfolders)."""
    import csv

    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(21), csv.reader(handle), strict=False)]
    exports = tmp_path / "工单"
    for month, part in (("11月", rows[1:11]), ("12月", rows[11:21])):
        (exports / month).mkdir(parents=True)
        with (exports / month / "导出.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([rows[0], *part])
    assert main(["import", str(exports)]) == 0
    assert capsys.readouterr().out.startswith("工单/ (2 files): 20 imported (20 new or changed), 0 skipped, 0 errors")
    from extractors import FetchError
    from extractors.sources import fetch_source
    from xuanti.settings import HotlineSource, load_settings

    nightly = HotlineSource(name="12345热线", type="hotline", path=str(exports))
    with pytest.raises(FetchError, match="no such export file; its subfolders hold exports: set subfolders = true"):
        fetch_source(nightly, load_settings().fetch)
    assert len(fetch_source(nightly.model_copy(update={"subfolders": True}), load_settings().fetch).items) == 2

    meeting = tmp_path / "会议"
    meeting.mkdir()
    _word_document(meeting / "讲话.docx", "在全县优化营商环境大会上的讲话", "同志们：今天召开全县优化营商环境大会。")
    _word_document(meeting / "方案.docx", "清河县优化营商环境工作方案", "为持续优化营商环境，制定本方案。")
    shutil.copy(exports / "11月" / "导出.csv", meeting / "统计表.csv")
    assert main(["import", str(meeting)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("会议/ (2 files): 2 imported") and err == "read as --kind file (a document)\n"


def test_import_streams_hotline_in_batches(data_dir: Path, home: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The real export (no 一级分类 column) reaches the store in batches, each categorised before it is stored."""
    from xuanti.store import Store

    batches: list[int] = []
    upsert = Store.upsert_documents

    def recording(self: Store, docs: list) -> int:
        docs = list(docs)
        batches.append(len(docs))
        assert all(doc.category and doc.metadata.get("category_predicted") for doc in docs)
        return upsert(self, docs)

    monkeypatch.setattr(Store, "upsert_documents", recording)
    config = tmp_path / "small-batches.toml"
    config.write_text("[hotline]\nbatch_size = 1000\n", encoding="utf-8")
    export = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    assert main(["-q", "import", str(export), "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert out == ("messages_with_votes.csv: 4326 imported (4326 new or changed), 0 skipped, 0 errors\n"
                   "  columns of messages_with_votes.csv: 留言编号 → id, 留言主题 → title, 留言时间 → time, "
                   "留言详情 → text, 反对数 → against, 点赞数 → likes; not stored: 留言用户\n")
    # Never the whole export at once (the one empty call stores the non-hotline rest: none here).
    assert [size for size in batches if size] == [1000, 1000, 1000, 1000, 326]
    stored = Store(Store.default_url(home)).documents()
    assert len(stored) == 4326 and all(doc.category for doc in stored)


def test_import_bad_row_is_reported_and_skipped(data_dir: Path, home: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A row without text or title in the second batch is one error line; the rows around it are
    stored, and so is a row with a title and no text (read by its title)."""
    import csv

    from xuanti.store import Store

    real = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    with real.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for _, row in zip(range(300), reader, strict=False)]
    rows[150][header.index("留言详情")] = " "
    rows[150][header.index("留言主题")] = ""
    rows[200][header.index("留言详情")] = ""
    title_only = rows[200][header.index("留言编号")], rows[200][header.index("留言主题")]
    rows.append(rows[3])  # a repeated 留言编号 is skipped, not stored twice
    rows.append(rows[200])  # ...also when it has only a title: counted once as read by its title
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    config = tmp_path / "small-batches.toml"
    config.write_text("[hotline]\nbatch_size = 100\n", encoding="utf-8")
    assert main(["-q", "import", str(export), "--config", str(config)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "export.csv: 299 imported (299 new or changed, 1 read by their title: text empty), 2 skipped, 1 errors",
        "  columns of export.csv: 留言编号 → id, 留言主题 → title, 留言时间 → time, 留言详情 → text, 反对数 → against, "
        "点赞数 → likes; not stored: 留言用户",
        "  export.csv row 152: empty 留言详情",
    ]
    store = Store(Store.default_url(home))
    assert store.count_documents() == 299
    [letter] = [doc for doc in store.documents() if doc.id == title_only[0]]
    assert letter.text == letter.title == title_only[1].strip() and letter.metadata["text_from_title"]


def test_eval_extract_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "extract", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["gold"]["body_f1"] >= 0.92 and figures["gold"]["date_accuracy"] >= 0.90
    assert figures["policy"]["accuracy"] == 1.0


def test_eval_extract_on_a_gold_without_dates(home: Path, data_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Another gold of the same shape with no date/ folder: nothing is said of dates, not "0.000"."""
    import shutil

    shared = data_dir / "pages/extraction_gold"
    for folder in ("original", "cleaned"):
        (tmp_path / folder).mkdir()
    for page in sorted((shared / "original").iterdir())[:3]:
        shutil.copy(page, tmp_path / "original")
        shutil.copy(shared / "cleaned" / f"{page.stem}.txt", tmp_path / "cleaned")
    assert main(["eval", "extract", "--gold", str(tmp_path)]) == 0
    assert "date accuracy - (0 pages with a gold date)" in capsys.readouterr().out
    assert main(["eval", "extract", "--gold", str(tmp_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["gold"]
    assert figures["pages"] == 3 and figures["date_accuracy"] is None and figures["body_f1"] > 0.8


def test_eval_points_table(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "points"]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "hotline" in out and "policy" in out
    # Per-source cells carry how many items of the source have the point: policy has one hot item.
    policy = next(line for line in out.splitlines() if line.startswith("policy"))
    assert "(97)" in policy and "(1)" in policy and "(n): items of that source" in out


def test_topics_of_an_empty_store_say_what_to_do(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topics"]) == 0
    assert "还没有排序结果：请先运行 xuanti run" in capsys.readouterr().err


def test_runs_lists_each_sources_counts_and_the_latest_errors(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Scheduled runs have no console: ``xuanti runs`` is where the IT person reads what failed."""
    from datetime import datetime

    from xuanti.records import Run, SourceReport
    from xuanti.store import Store

    store = Store(Store.default_url(home))
    store.save_run(Run(id="night1", started=datetime(2026, 11, 19, 2), finished=datetime(2026, 11, 19, 2, 5),
                       status="ok", sources=[SourceReport(source="人民网", fetched=1, stored=30)], topics=12,
                       night=datetime(2019, 12, 31, 23, 59)))  # a historical export ranked with --date
    errors = [f"12345热线: export.xlsx row {n}: no 诉求内容, skipped" for n in range(2, 27)]
    store.save_run(Run(id="night2", started=datetime(2026, 11, 20, 2), finished=datetime(2026, 11, 20, 2, 6),
                       status="partial", topics=9, sources=[
                           SourceReport(source="人民网", failed=1, errors=["人民网: feed unreachable: http://x/rss.xml: timed out"]),
                           SourceReport(source="12345热线", fetched=1, stored=400, failed=25, errors=errors,
                                        notes=["已 8 天没有新内容（最新材料 2026-11-12）"])]))
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert out.index("night2") < out.index("night1")  # newest first
    assert "部分来源出错" in out and "12345热线 1/400/25" in out
    assert "选题 12 条（排序日 2019-12-31）" in out and "选题 9 条\n" in out
    assert "提示：来源「12345热线」已 8 天没有新内容（最新材料 2026-11-12），请检查来源" in out
    assert "人民网: feed unreachable: http://x/rss.xml: timed out" in out
    assert "row 21:" in out and "row 22:" not in out and "另有 5 条" in out
    assert main(["runs", "--run", "night1"]) == 0
    assert "night1（2026-11-19 02:00）没有错误" in capsys.readouterr().out
    assert main(["runs", "--run", "night9"]) == 2
    assert "night2" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], closed_port: int
) -> None:
    """A PostgreSQL server that is down, or a SQLite file in a folder that is not there: one line naming
    the store (password hidden) and what to check, exit 3, not two tracebacks."""
    for url, reason in (
        (f"postgresql+psycopg2://xuanti:secret@127.0.0.1:{closed_port}/xuanti", "Connection refused"),
        (f"sqlite:///{tmp_path}/missing/x.db", "unable to open database file"),
    ):
        config = tmp_path / "office.toml"
        config.write_text(f'sources = []\n\n[store]\nurl = "{url}"\n', encoding="utf-8")
        assert main(["--home", str(tmp_path / "home"), "runs", "--config", str(config)]) == 3
        said = capsys.readouterr().err
        assert said.startswith("xuanti: 无法打开数据库 ") and reason in said and "[store].url" in said
        assert "secret" not in said and "Traceback" not in said


def test_train_on_a_broken_labelled_file_names_its_line(tmp_path: Path, home: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"text": "某县召开会议", "points": []}\n{"text": 1\n', encoding="utf-8")
    assert main(["train", "--labels", str(labels)]) == 2
    assert "labels.jsonl line 2: not JSON" in capsys.readouterr().err
