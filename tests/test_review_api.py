"""The review web app over HTTP (FastAPI TestClient) on a real SQLite store filled by the real pipeline.

Covers every decision, exports, concurrency (stale forms), and the security rules: login required
everywhere, CSRF on every write, escaping of crawled text, lockout, disabled users.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from xuanti.review.app import create_app
from xuanti.review.auth import add_user, disable_user
from xuanti.review.db import decisions, topic_reviews
from xuanti.settings import load_settings
from xuanti.store import Store, documents, topics

PASSWORD = "correct-horse-1"


@pytest.fixture()
def store(review_home: Path) -> Iterator[Store]:
    store = Store(Store.default_url(review_home))
    add_user(store, "zhang", PASSWORD)
    add_user(store, "li", PASSWORD, admin=True)
    yield store
    store.close()


@pytest.fixture()
def app(store: Store, review_home: Path):  # noqa: ANN201
    settings = load_settings(None)
    settings.review.max_failed_logins = 3
    return create_app(settings, review_home, store=store)


def login(app, username: str = "zhang", password: str = PASSWORD) -> TestClient:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def topic_ids(store: Store) -> list[str]:
    return [t.id for t in store.topics()]


def form_version(client: TestClient, topic_id: str) -> int:
    return client.get(f"/api/topics/{topic_id}").json()["review"]["version"]


def decide(client: TestClient, topic_id: str, **data: str) -> object:
    data.setdefault("csrf_token", csrf(client, f"/topics/{topic_id}"))
    data.setdefault("version", str(form_version(client, topic_id)))
    return client.post(f"/topics/{topic_id}/decide", data=data)


def status_of(store: Store, topic_id: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(topics.c.status).where(topics.c.id == topic_id)).scalar_one()


# -- security ------------------------------------------------------------------------------------------
def test_every_route_needs_login(app, store: Store) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    some_topic = topic_ids(store)[0]
    for path in ("/", f"/topics/{some_topic}", "/?q=物业&page=2"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    for path in ("/api/topics", f"/api/topics/{some_topic}"):
        assert client.get(path).status_code == 401
    for path in (f"/topics/{some_topic}/decide", f"/api/topics/{some_topic}/decisions", "/export", "/logout"):
        assert client.post(path, data={"action": "accept"}).status_code == 401
    # A forged cookie is no session either.
    client.cookies.set("xuanti_session", "forged.value.here")
    assert client.get("/api/topics").status_code == 401
    assert client.get("/login").status_code == 200  # the only page open to all


def test_session_cookie_flags_and_logout(app) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "zhang", "password": PASSWORD, "csrf_token": token})
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "xuanti_session" in v)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.get("/").status_code == 200
    # Logout needs the token too, and afterwards the old cookie is worthless.
    old = client.cookies.get("xuanti_session")
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/logout", data={"csrf_token": csrf(client)}).status_code == 303
    replay = TestClient(app, follow_redirects=False)
    replay.cookies.set("xuanti_session", old)
    assert replay.get("/").status_code == 303


def test_login_form_needs_its_token_and_next_stays_local(app) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    client.get("/login")
    assert client.post("/login", data={"username": "zhang", "password": PASSWORD}).status_code == 403
    page = client.get("/login?next=//evil.example/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": "zhang", "password": PASSWORD, "csrf_token": token,
                                           "next": "//evil.example/"})
    assert response.headers["location"] == "/"


def test_missing_or_wrong_csrf_token_is_rejected(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    topic_id = topic_ids(store)[0]
    for token in (None, "", "0" * 64):
        data = {"action": "accept", "version": "0", "expected": "new"}
        if token is not None:
            data["csrf_token"] = token
        assert client.post(f"/topics/{topic_id}/decide", data=data).status_code == 403
        headers = {"X-CSRF-Token": token} if token else {}
        assert client.post(f"/api/topics/{topic_id}/decisions", json={"action": "accept", "version": 0},
                           headers=headers).status_code == 403
        assert client.post("/export", data={"ids": topic_id, "format": "docx", **({"csrf_token": token} if token else {})}).status_code == 403
    # Another user's token does not work in this session either.
    other = login(app, "li")
    data = {"action": "accept", "version": "0", "expected": "new", "csrf_token": csrf(other)}
    assert client.post(f"/topics/{topic_id}/decide", data=data).status_code == 403
    assert status_of(store, topic_id) == "new"
    with store.engine.connect() as conn:
        assert conn.execute(select(decisions)).first() is None


def test_script_in_a_complaint_is_shown_as_text(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    with store.engine.connect() as conn:
        topic_id = conn.execute(select(documents.c.topic_id).where(documents.c.id == "xss-1")).scalar_one()
    page = client.get(f"/topics/{topic_id}").text
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'href="javascript:' not in page  # a crawled javascript: URL is never a link
    listing = client.get("/?q=" + "电梯").text
    assert "<script>alert(" not in listing
    # An editor's own title with markup is escaped as well.
    decide(client, topic_id, action="edit", value="<b onmouseover=alert(1)>标题</b>", expected="")
    page = client.get(f"/topics/{topic_id}").text
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;标题" in page


def test_wrong_password_locks_the_account(app, store: Store) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)

    def attempt(password: str) -> object:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        return client.post("/login", data={"username": "zhang", "password": password, "csrf_token": token})

    for _ in range(2):
        response = attempt("wrong-password")
        assert response.status_code == 401 and "用户名或密码错误" in response.text
    response = attempt("wrong-password")  # max_failed_logins = 3
    assert response.status_code == 401 and "锁定" in response.text
    response = attempt(PASSWORD)  # the right password no longer helps
    assert response.status_code == 401 and "锁定" in response.text
    # Unknown users get the same answer as wrong passwords.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "nobody", "password": "x", "csrf_token": token})
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    # After the lockout time the account works again.
    from xuanti.review.auth import authenticate

    later = datetime.now() + timedelta(minutes=16)
    user, _ = authenticate(store, "zhang", PASSWORD, 3, 15, now=later)
    assert user is not None


def test_disabled_user_cannot_log_in_and_loses_sessions(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    assert client.get("/").status_code == 200
    disable_user(store, "zhang")
    assert client.get("/").status_code == 303
    fresh = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', fresh.get("/login").text).group(1)
    response = fresh.post("/login", data={"username": "zhang", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 401 and "停用" in response.text


# -- list and detail -----------------------------------------------------------------------------------
def test_leads_about_other_places_are_marked_and_can_be_left_out(app, store: Store) -> None:  # noqa: ANN001
    """A lead the ranking set apart ("地域：反映绍兴市的问题…", as a provincial message board gives
    Hangzhou's office) shows "外地·绍兴市"; the 地域 filter keeps or leaves out such leads."""
    from sqlalchemy import update

    client = login(app)
    ranked = store.topics()
    away = ranked[1]
    with store.engine.begin() as conn:
        conn.execute(update(topics).where(topics.c.id == away.id).values(
            reasons=[*away.reasons, "地域：反映绍兴市的问题，不在杭州市范围内，已降序"],
            metadata={**away.metadata, "elsewhere": "绍兴市"},
        ))
    page = client.get("/").text
    assert "外地·绍兴市" in page and '<select name="scope">' in page
    only = client.get("/api/topics", params={"scope": "elsewhere"}).json()
    assert [t["id"] for t in only["topics"]] == [away.id] and only["topics"][0]["elsewhere"] == "绍兴市"
    local = client.get("/api/topics", params={"scope": "local"}).json()
    assert local["total"] == len(ranked) - 1 and away.id not in {t["id"] for t in local["topics"]}
    assert client.get("/api/topics", params={"scope": "nonsense"}).json()["total"] == len(ranked)


def test_a_day_of_another_year_shows_its_year(app, store: Store) -> None:  # noqa: ANN001
    """A topic first seen in an earlier year reads "2025-04-10" above "11-20": without the year, the
    first day (04-10) read as later than the last (as on tipdm's night of 2020-01-10, topics since 2019)."""
    from sqlalchemy import update

    client = login(app)
    first = store.topics()[0]
    with store.engine.begin() as conn:
        conn.execute(update(topics).where(topics.c.id == first.id).values(first_seen=datetime(2025, 4, 10, 9, 30)))
    row = client.get("/").text.split(f'href="/topics/{first.id}"', 1)[1].split("</tr>", 1)[0]
    when = re.search(r'<td class="when">(.*?)</td>', row).group(1)
    assert when == f"2025-04-10<br>{first.last_seen:%m-%d}"


def test_list_shows_ranked_topics_with_tags_chart_and_filters(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    ranked = store.topics()
    page = client.get("/").text
    assert "今日选题" in page and "2026年11月20日" in page
    assert ranked[0].title in page and page.index(ranked[0].title) < page.index(ranked[1].title)
    assert "<svg class=\"spark\"" in page and "w-alert" in page and "12345热线" in page
    data = client.get("/api/topics").json()
    assert data["total"] == len(ranked) and data["pages"] == -(-len(ranked) // 30)
    assert [t["id"] for t in data["topics"]] == [t.id for t in ranked[:30]]
    alert = client.get("/api/topics?warning=alert").json()
    assert alert["total"] == sum(1 for t in ranked if t.warning == "alert") > 0
    assert all(t["warning"] == "alert" for t in alert["topics"])
    hot = client.get("/api/topics?point=difficult").json()
    assert hot["total"] == sum(1 for t in ranked if "difficult" in t.points)
    news = client.get("/api/topics?kind=news").json()["topics"]
    assert news
    with store.engine.connect() as conn:
        news_topics = set(conn.execute(select(documents.c.topic_id).where(documents.c.kind == "news")).scalars())
    assert {t["id"] for t in news} <= news_topics
    search = client.get("/api/topics", params={"q": "物业"}).json()["topics"]
    assert search and all("物业" in t["title"] or "物业" in "".join(t["keywords"]) or "物业" in t["place"] for t in search)
    by_area = client.get("/api/topics", params={"area": "锦绣花园"}).json()["topics"]
    assert by_area and any("锦绣花园" in t["place"] for t in by_area)
    window = client.get("/api/topics", params={"date_from": "2026-11-19", "date_to": "2026-11-20"}).json()
    assert 0 < window["total"] < len(ranked)
    assert all(t["last_seen"] >= "2026-11-19" for t in window["topics"])
    second = client.get("/api/topics?page=2").json()
    assert [t["id"] for t in second["topics"]] == [t.id for t in ranked[30:60]]
    assert "下一页" in page and "/?page=2" in page


def test_detail_shows_reasons_evidence_highlight_timeline_related(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    top = store.topics()[0]
    page = client.get(f"/topics/{top.id}").text
    for reason in top.reasons:
        assert reason in page
    assert "<mark>" in page and "证据材料" in page and "时间线" in page and "相关的早先选题" in page
    assert page.count('class="snippet"') == len(top.documents)
    detail = client.get(f"/api/topics/{top.id}").json()
    assert [d["uid"] for d in detail["documents"]] == top.documents
    assert client.get("/topics/nope").status_code == 404


def test_each_letter_says_its_category_and_whether_it_was_predicted(app, store: Store) -> None:  # noqa: ANN001
    """A letter's 一级分类 is shown beside where it is; one the category model gave (the export had none)
    says so."""
    from sqlalchemy import update

    client = login(app)
    with store.engine.connect() as conn:
        uid, topic_id, category, metadata = conn.execute(
            select(documents.c.uid, documents.c.topic_id, documents.c.category, documents.c.metadata)
            .where(documents.c.kind == "hotline", documents.c.category != "", documents.c.topic_id.is_not(None))
            .order_by(documents.c.uid)
        ).first()
    page = client.get(f"/topics/{topic_id}").text
    assert f'<span class="category">{category}</span>' in page and "（模型判断）" not in page
    with store.engine.begin() as conn:
        conn.execute(update(documents).where(documents.c.uid == uid).values(
            category="城乡建设", metadata={**(metadata or {}), "category_predicted": True}))
    assert '<span class="category">城乡建设（模型判断）</span>' in client.get(f"/topics/{topic_id}").text


def _mark_first(store: Store, kind: str, **marks: str) -> tuple[str, str]:
    """(uid, topic id) of the first grouped document of ``kind``, its metadata given ``marks``."""
    from sqlalchemy import update

    with store.engine.begin() as conn:
        uid, topic_id, metadata = conn.execute(
            select(documents.c.uid, documents.c.topic_id, documents.c.metadata)
            .where(documents.c.kind == kind, documents.c.topic_id.is_not(None)).order_by(documents.c.uid)
        ).first()
        conn.execute(update(documents).where(documents.c.uid == uid).values(metadata={**(metadata or {}), **marks}))
    return uid, topic_id


def test_a_yuqing_story_names_its_outlet_and_the_service_s_tone(app, store: Store) -> None:  # noqa: ANN001
    """A 舆情 sheet's story (extractors.articles) shows its outlet beside the source and the service's
    负面, a work order the operator's 紧急: the detail page had said only the source's name."""
    client = login(app)
    uid, topic_id = _mark_first(store, "news", outlet="人民网", tone="负面")
    page = client.get(f"/topics/{topic_id}").text
    assert '（人民网） · <span class="tone">舆情标为负面</span>' in page
    [doc] = [doc for doc in client.get(f"/api/topics/{topic_id}").json()["documents"] if doc["uid"] == uid]
    assert (doc["outlet"], doc["tone"], doc["urgent"]) == ("人民网", "负面", False)
    _, topic_id = _mark_first(store, "hotline", urgency="特急")  # a work order the operator marked urgent
    assert '<span class="tone">工单标为紧急</span>' in client.get(f"/topics/{topic_id}").text


def test_each_piece_of_evidence_says_where_it_is(app, store: Store) -> None:  # noqa: ANN001
    """A theme's letters each name their own estate ("地点：分散于5处"): the evidence list says which."""
    client = login(app)
    for top in store.topics()[:10]:
        detail = client.get(f"/api/topics/{top.id}").json()
        page = client.get(f"/topics/{top.id}").text
        for doc in detail["documents"]:
            if doc["place"] and doc["place"] != doc["area"]:
                assert f" · {doc['place']}</div>" in page or f" · {doc['place']} · <span" in page
    assert any(doc["place"] for top in store.topics()[:10] for doc in client.get(f"/api/topics/{top.id}").json()["documents"])


def test_highlight_escapes_before_marking() -> None:
    from xuanti.review.service import highlight

    html = str(highlight("物业<b>不作为</b>，业主投诉物业", ["物业", "<b>"]))
    assert "<b>" not in html and "&lt;<mark>" not in html.replace("<mark>&lt;b&gt;</mark>", "")
    assert html.count("<mark>物业</mark>") == 2


# -- decisions -----------------------------------------------------------------------------------------
def test_accept_reject_edit_note_assign_and_history(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    first, second = topic_ids(store)[:2]
    assert decide(client, first, action="accept", expected="new").status_code == 303
    assert status_of(store, first) == "accepted"
    response = decide(client, second, action="reject", expected="new")
    assert response.status_code == 400 and "请填写理由" in response.text
    assert decide(client, second, action="reject", expected="new", reason="已报送过，无新情况").status_code == 303
    assert status_of(store, second) == "rejected"
    assert decide(client, first, action="edit", value="锦绣花园物业问题调查", expected="").status_code == 303
    assert decide(client, first, action="note", value="请城关镇核实", expected="").status_code == 303
    assert decide(client, first, action="assign", unit="城关镇", assignee="li", expected="|").status_code == 303
    with store.engine.connect() as conn:
        review = conn.execute(select(topic_reviews).where(topic_reviews.c.topic_id == first)).one()
        rows = conn.execute(select(decisions).order_by(decisions.c.id)).all()
    assert (review.title, review.note, review.unit, review.assignee, review.version) == (
        "锦绣花园物业问题调查", "请城关镇核实", "城关镇", "li", 4)
    assert [r.action for r in rows] == ["accept", "reject", "edit", "note", "assign"]
    assert rows[1].reason == "已报送过，无新情况" and all(r.username == "zhang" for r in rows)
    features = rows[0].features
    assert {"scores", "points", "heat", "trend", "warning", "size", "rank_score", "reasons", "components"} <= set(features)
    page = client.get(f"/topics/{first}").text
    assert "锦绣花园物业问题调查" in page and "决定记录" in page and "zhang" in page
    assert client.get("/api/topics", params={"q": "问题调查"}).json()["topics"][0]["id"] == first
    assert client.get("/api/topics?status=rejected").json()["topics"][0]["id"] == second


def test_undo_each_kind_of_decision(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    first = topic_ids(store)[0]
    decide(client, first, action="accept", expected="new")
    decide(client, first, action="note", value="甲", expected="")
    decide(client, first, action="undo")
    assert client.get(f"/api/topics/{first}").json()["review"]["note"] == ""
    decide(client, first, action="undo")
    assert status_of(store, first) == "new"
    response = decide(client, first, action="undo")
    assert response.status_code == 400 and "没有可撤销的操作" in response.text
    history = client.get(f"/api/topics/{first}").json()["history"]
    assert [h["action"] for h in history] == ["undo", "undo", "note", "accept"]
    assert [h["undone"] for h in history] == [False, False, True, True]


def test_merge_and_split_move_documents_and_undo(app, store: Store) -> None:  # noqa: ANN001
    client = login(app)
    ranked = store.topics()
    source, target = ranked[2], ranked[3]
    response = decide(client, source.id, action="merge", value=target.id, reason="同一件事")
    assert response.status_code == 303 and response.headers["location"].startswith(f"/topics/{target.id}")
    with store.engine.connect() as conn:
        moved = set(conn.execute(select(documents.c.uid).where(documents.c.topic_id == target.id)).scalars())
        size = conn.execute(select(topics.c.size).where(topics.c.id == target.id)).scalar_one()
    assert moved == set(source.documents) | set(target.documents) and size == len(moved)
    assert status_of(store, source.id) == "merged"
    assert source.id not in [t["id"] for t in client.get("/api/topics?page=1").json()["topics"]]
    decide(client, source.id, action="undo")
    with store.engine.connect() as conn:
        back = set(conn.execute(select(documents.c.uid).where(documents.c.topic_id == source.id)).scalars())
    assert back == set(source.documents) and status_of(store, source.id) == "new"

    big = next(t for t in ranked if len(t.documents) >= 3)
    uid = big.documents[-1]
    assert decide(client, big.id, action="split", value=uid).status_code == 303
    with store.engine.connect() as conn:
        new_topic = conn.execute(select(documents.c.topic_id).where(documents.c.uid == uid)).scalar_one()
        row = conn.execute(select(topics).where(topics.c.id == new_topic)).one()
    assert new_topic != big.id and row.size == 1 and row.ranked_on == store.latest_ranking()
    assert client.get(f"/topics/{new_topic}").status_code == 200
    assert decide(client, big.id, action="split", value="not/in-topic").status_code == 400
    decide(client, big.id, action="undo")
    with store.engine.connect() as conn:
        assert conn.execute(select(documents.c.topic_id).where(documents.c.uid == uid)).scalar_one() == big.id
        assert conn.execute(select(topics).where(topics.c.id == new_topic)).first() is None


def test_two_editors_at_once_do_not_lose_changes(app, store: Store) -> None:  # noqa: ANN001
    zhang, li = login(app, "zhang"), login(app, "li")
    topic_id = topic_ids(store)[0]
    # Both open the page at version 0.
    zhang_form = {"csrf_token": csrf(zhang, f"/topics/{topic_id}"), "version": "0"}
    li_form = {"csrf_token": csrf(li, f"/topics/{topic_id}"), "version": "0"}
    assert zhang.post(f"/topics/{topic_id}/decide", data={**zhang_form, "action": "note", "value": "张的备注",
                                                           "expected": ""}).status_code == 303
    # Li's stale form changes another field: applied, and Zhang's note survives.
    assert li.post(f"/topics/{topic_id}/decide", data={**li_form, "action": "accept", "expected": "new"}).status_code == 303
    # Li's stale form for the same field Zhang changed: refused with a clear message, nothing overwritten.
    response = li.post(f"/topics/{topic_id}/decide", data={**li_form, "action": "note", "value": "李的备注", "expected": ""})
    assert response.status_code == 303 and response.headers["location"].endswith("done=stale")
    assert "其他编辑修改" in li.get(response.headers["location"]).text
    detail = li.get(f"/api/topics/{topic_id}").json()
    assert detail["review"]["note"] == "张的备注" and detail["status"] == "accepted"
    # The JSON API answers 409 to a stale request.
    api = li.post(f"/api/topics/{topic_id}/decisions", json={"action": "reject", "version": 0, "reason": "x",
                                                              "expected": "new"},
                  headers={"X-CSRF-Token": li_form["csrf_token"]})
    assert api.status_code == 409 and "其他编辑" in api.json()["error"]
    fresh = li.post(f"/api/topics/{topic_id}/decisions", json={"action": "reject", "reason": "重复",
                                                                "version": detail["review"]["version"]},
                    headers={"X-CSRF-Token": li_form["csrf_token"]})
    assert fresh.status_code == 200 and status_of(store, topic_id) == "rejected"


# -- exports -------------------------------------------------------------------------------------------
def test_export_docx_and_xlsx(app, store: Store) -> None:  # noqa: ANN001
    from docx import Document as Docx
    from openpyxl import load_workbook

    client = login(app)
    chosen = topic_ids(store)[:3]
    token = csrf(client)
    response = client.post("/export", data={"ids": chosen, "format": "docx", "csrf_token": token})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    doc = Docx(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "信息选题单" and "2026" not in texts[0]
    titles = {t.id: t.title for t in store.topics()}
    assert texts[3].startswith("一、") and titles[chosen[0]] in texts[3]
    assert any(text.startswith("理由：") for text in texts) and any(text.startswith("材料：") for text in texts)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml

    response = client.post("/export", data={"ids": chosen, "format": "xlsx", "csrf_token": token})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "序号" and sheet.max_row == 4 and sheet["B2"].value == titles[chosen[0]]


def test_exports_of_a_title_with_control_characters(app, store: Store, tmp_path: Path) -> None:  # noqa: ANN001
    """A topic stored with a control character in its title (from a letter read before documents dropped
    them) and a title that looks like a formula: the 选题单 (DOCX, XLSX) and the night's XLSX are written,
    the title's text kept, the control gone and no formula made."""
    from docx import Document as Docx
    from openpyxl import load_workbook
    from sqlalchemy import update

    from xuanti.export import write_xlsx

    chosen = topic_ids(store)[:2]
    with store.engine.begin() as conn:
        conn.execute(update(topics).where(topics.c.id == chosen[0]).values(title="伊景园\x0b滨江\x00车位捆绑销售"))
        conn.execute(update(topics).where(topics.c.id == chosen[1]).values(title="=HYPERLINK(\"http://x\",\"点击\")"))
    client = login(app)
    token = csrf(client)
    response = client.post("/export", data={"ids": chosen, "format": "docx", "csrf_token": token})
    assert response.status_code == 200
    texts = [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    assert any("伊景园\n滨江车位捆绑销售" in text for text in texts)
    response = client.post("/export", data={"ids": chosen, "format": "xlsx", "csrf_token": token})
    cells = {row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)}
    assert cells >= {"伊景园\n滨江车位捆绑销售", "=HYPERLINK(\"http://x\",\"点击\")"}
    night = write_xlsx([topic for topic in store.topics() if topic.id in chosen], tmp_path / "night.xlsx")
    sheet = load_workbook(night).active
    assert {sheet.cell(row, 2).value for row in (2, 3)} == cells and {sheet.cell(row, 2).data_type for row in (2, 3)} == {"s"}


def test_letters_of_a_mayors_mailbox_are_not_called_12345(store: Store, review_home: Path, tmp_path: Path) -> None:
    """An office whose only citizen letters come from 市长信箱 sees that name in the list and the exports."""
    from docx import Document as Docx

    from xuanti.review.service import topics_for_export

    config = tmp_path / "mailbox.toml"
    config.write_text('[[sources]]\nname = "市长信箱"\ntype = "hotline"\npath = "letters.xlsx"\n', encoding="utf-8")
    client = login(create_app(load_settings(config), review_home, store=store))
    page = client.get("/").text
    assert "市长信箱" in page and "12345热线" not in page
    chosen = [row["id"] for row in topics_for_export(store, topic_ids(store)) if row["evidence"].get("hotline")][:2]
    response = client.post("/export", data={"ids": chosen, "format": "docx", "csrf_token": csrf(client)})
    texts = [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    evidence = [text for text in texts if text.startswith("材料：")]
    assert len(evidence) == 2 and all("市长信箱" in text and "12345" not in text for text in evidence)


def test_the_list_says_when_last_night_was_incomplete(app, store: Store) -> None:  # noqa: ANN001
    """A stale 12345 export makes a calm list: editors read that the night had a source with nothing new,
    or one that failed, before they trust it. A clean night says nothing."""
    from xuanti.records import Run, SourceReport

    client = login(app)
    store.save_run(Run(id="clean", started=datetime(2030, 1, 1, 2), status="ok",
                       sources=[SourceReport(source="12345热线", fetched=1, stored=40)]))
    assert "夜间任务：" not in client.get("/").text
    store.save_run(Run(id="stale", started=datetime(2030, 1, 2, 2), status="partial", sources=[
        SourceReport(source="12345热线", fetched=1, notes=["已 6 天没有新内容（最新材料 2029-12-27）"]),
        SourceReport(source="县融媒体中心", failed=1, errors=["县融媒体中心: site unreachable: http://x/: timed out"]),
        SourceReport(source="江州日报", fetched=1, stored=20, failed=1, errors=["江州日报: entry 7: no title"]),
    ]))
    page = client.get("/").text
    assert "1月2日的夜间任务：来源「12345热线」已 6 天没有新内容（最新材料 2029-12-27）；来源「县融媒体中心」未能读取。今日选题可能不完整" in page
    assert "江州日报" not in page.split("今日选题可能不完整")[0]  # one bad entry of a feed that was read


def test_list_with_ten_thousand_topics(app, store: Store) -> None:  # noqa: ANN001
    """Filtering and pagination happen in SQL; timing is in benchmarks/review_list.py."""
    from xuanti.review.loadtest import seed_topics

    night = store.latest_ranking()
    seed_topics(store, 10_000, night)
    client = login(app)
    everything = client.get("/api/topics").json()
    assert everything["total"] >= 10_000 and len(everything["topics"]) == 30
    page = client.get("/api/topics", params={"warning": "alert", "point": "hot", "q": "供暖", "page": 3}).json()
    assert page["page"] == 3 and page["total"] > 60
    assert all(t["warning"] == "alert" and "hot" in t["points"] for t in page["topics"])
    assert client.get("/", params={"q": "供暖", "page": 100}).status_code == 200


# -- feedback loop ---------------------------------------------------------------------------------------
def test_rejected_topic_stays_down_next_night_unless_grown(store: Store) -> None:
    from sqlalchemy import insert

    from xuanti import pipeline
    from xuanti.paths import DEMO_CONFIG
    from xuanti.review.service import decide as apply_decision

    settings = load_settings(DEMO_CONFIG)
    night = store.latest_ranking()
    top = store.topics()[0]
    apply_decision(store, top.id, "reject", "zhang", version=0, expected="new", reason="已报送")
    next_night = night + timedelta(days=1)
    again = {t.id: t for t in pipeline.rank(store, settings, next_night)}
    ranked = sorted(again.values(), key=lambda t: -t.rank_score)
    assert ranked[0].id != top.id and again[top.id].status == "rejected"
    assert any("无明显新进展" in reason for reason in again[top.id].reasons)
    # It grows markedly: as many new complaints again, tonight.
    with store.engine.begin() as conn:
        rows = conn.execute(select(documents).where(documents.c.topic_id == top.id)).all()
        for n, row in enumerate(rows):
            copy = dict(row._mapping)
            copy.update(uid=f"{row.uid}-again{n}", id=f"{row.id}-again{n}", published=next_night - timedelta(hours=n % 20))
            conn.execute(insert(documents).values(**copy))
    grown = {t.id: t for t in pipeline.rank(store, settings, next_night)}[top.id]
    assert grown.rank_score > again[top.id].rank_score
    assert any(f"此后新增{len(rows)}件" in reason for reason in grown.reasons)


def test_accepted_topic_also_sinks_unless_grown() -> None:
    from models.rank import rank_topics
    from xuanti.settings import RankWeights

    now = datetime(2026, 11, 20, 22)
    members = [{"uid": f"h/{n}", "title": "路灯不亮", "text": "路灯不亮", "kind": "hotline", "source": "12345",
                "published": now - timedelta(days=n / 2), "scores": {"hot": 0.6}} for n in range(4)]
    fresh = rank_topics({"a": members}, RankWeights(), now, [])[0]
    kept = rank_topics({"a": members}, RankWeights(), now, [], statuses={"a": "accepted"}, history={"a": {"size": 4}})[0]
    assert kept.rank_score < fresh.rank_score and any("已采用" in r for r in kept.reasons)


def test_train_learns_from_decisions(store: Store, review_home: Path, labels_dir: Path) -> None:
    import json

    from xuanti.cli import main
    from xuanti.paths import DEMO_CONFIG
    from xuanti.review.service import decide as apply_decision
    from xuanti.review.train import load_rank_weights

    ranked = store.topics()
    # Editors take the warned, complaint-heavy topics and pass on the rest.
    warned = [t for t in ranked if t.warning != "none"][:8]
    quiet = [t for t in ranked if t.warning == "none"][:8]
    for topic in warned + quiet:
        action = "accept" if topic.warning != "none" else "reject"
        apply_decision(store, topic.id, action, "zhang", version=0, expected="new", reason="示例")
    code = main(["--home", str(review_home), "-q", "train", "--config", str(DEMO_CONFIG),
                 "--labels", str(labels_dir / "points_dev.jsonl"), "--json"])
    assert code == 0
    points_path = review_home / "models" / "points.skops"
    assert points_path.is_file()
    weights = load_rank_weights(review_home)
    report = json.loads((review_home / "models" / "rank_weights.json").read_text(encoding="utf-8"))
    assert weights is not None and report["decisions"] == 16
    assert weights.warning > load_settings(DEMO_CONFIG).rank.weights.warning  # warnings predicted acceptance
    from models.points import load_points_model

    assert load_points_model(home=review_home) is not load_points_model()
    from xuanti import pipeline

    assert pipeline.store_home(store) == review_home.resolve()


def test_user_commands(review_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from xuanti.cli import main
    from xuanti.review.auth import authenticate

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert main(["--home", str(review_home), "user", "add", "wang", "--admin", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--home", str(review_home), "user", "passwd", "wang", "--password-stdin"]) == 2
    assert "至少" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("new-secret-9\n"))
    assert main(["--home", str(review_home), "user", "passwd", "wang", "--password-stdin"]) == 0
    store = Store(Store.default_url(review_home))
    user, _ = authenticate(store, "wang", "new-secret-9", 5, 15)
    assert user is not None and user.is_admin
    assert main(["--home", str(review_home), "user", "disable", "wang"]) == 0
    assert authenticate(store, "wang", "new-secret-9", 5, 15)[0] is None
    assert main(["--home", str(review_home), "user", "disable", "nobody"]) == 2
