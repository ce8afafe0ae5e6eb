"""The review web app: login, 今日选题 list, topic detail, decisions, exports (FastAPI + Jinja2).

Every route but /login and /static needs a session; every POST needs the session's CSRF token
(form field ``csrf_token`` or header ``X-CSRF-Token``). Templates autoescape everything, so text
from crawled pages and hotline exports is shown as text.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from models.rank import hotline_name
from xuanti.records import POINT_NAMES_ZH, POINTS, WARNING_LEVELS, WARNING_NAMES_ZH
from xuanti.review import service
from xuanti.review.auth import Sessions, User, authenticate, secret_key
from xuanti.review.db import ACTION_NAMES_ZH, ACTIONS, STATUS_NAMES_ZH, ensure_tables
from xuanti.review.exports import docx_bytes, xlsx_bytes
from xuanti.settings import Settings
from xuanti.store import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "xuanti_session"
LOGIN_COOKIE = "xuanti_login"
KIND_NAMES_ZH = {"news": "新闻", "policy": "政策", "hotline": "12345热线", "file": "本地材料"}
STALE_MESSAGE = "该选题刚被其他编辑修改，页面已刷新为最新内容，请核对后再操作。"
# Messages shown after a redirect are chosen by code, so no user text is ever echoed from the URL.
NOTICES = {
    "accept": "已采用", "reject": "已标记为不采用", "merge": "已合并", "split": "已拆分为新选题",
    "edit": "标题已修改", "note": "备注已保存", "assign": "已分派", "undo": "已撤销上一步操作",
    "stale": STALE_MESSAGE,
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class LoginRequired(Exception):
    """No valid session: pages redirect to /login, the API answers 401."""


class CsrfFailed(Exception):
    """A POST without the session's CSRF token."""


def _fmt_dt(value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return value.strftime(pattern) if value else ""


def _fmt_day(value: datetime | None, night: datetime | date | None = None) -> str:
    """A day in the list: "04-10" in the night's year, "2019-04-10" in another. Without the year, a topic
    first seen in April 2019 and last seen in January 2020 read "04-10" above "01-09"."""
    if not value:
        return ""
    return value.strftime("%m-%d" if night is None or value.year == night.year else "%Y-%m-%d")


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _templates(hotline: str = "12345热线") -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["dt"] = _fmt_dt
    env.filters["day"] = _fmt_day
    env.globals.update(
        POINTS=POINTS, POINT_NAMES_ZH=POINT_NAMES_ZH, WARNING_LEVELS=WARNING_LEVELS,
        WARNING_NAMES_ZH=WARNING_NAMES_ZH, KIND_NAMES_ZH={**KIND_NAMES_ZH, "hotline": hotline},
        STATUS_NAMES_ZH=STATUS_NAMES_ZH,
        ACTION_NAMES_ZH=ACTION_NAMES_ZH,
        SCOPES=service.SCOPES,
    )
    return Jinja2Templates(env=env)


def create_app(settings: Settings, home: Path, store: Store | None = None) -> FastAPI:
    """The app over the store of ``settings`` (or the given one) with keys kept in ``home``."""
    store = store or Store(settings.store.url or Store.default_url(home))
    ensure_tables(store)
    review = settings.review
    sessions = Sessions(store, secret_key(review.secret_key, home), review.session_hours)
    # An office whose only citizen letters are a 市长信箱 should not see them labelled 12345热线.
    hotline = hotline_name(source.name for source in settings.sources if source.type == "hotline")
    templates = _templates(hotline)
    app = FastAPI(title="选题审阅", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"error": "请先登录"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(_request: Request, _exc: CsrfFailed) -> Response:
        return JSONResponse({"error": "表单已失效（CSRF 校验失败），请刷新页面后重试"}, status_code=403)

    def current(request: Request) -> tuple[User, str]:
        found = sessions.resolve(request.cookies.get(SESSION_COOKIE))
        if found is None:
            raise LoginRequired()
        return found

    async def checked_form(request: Request, session_id: str) -> Any:
        form = await request.form()
        token = request.headers.get("X-CSRF-Token") or form.get("csrf_token")
        if not sessions.check_csrf(session_id, str(token) if token else None):
            raise CsrfFailed()
        return form

    def page(request: Request, name: str, user: User | None, session_id: str = "", status_code: int = 200,
             **context: Any) -> HTMLResponse:
        context.update(user=user, csrf_token=sessions.csrf_token(session_id) if session_id else "",
                       office=settings.general.office, area=settings.general.area)
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    # -- login -------------------------------------------------------------------------------------
    def login_page(request: Request, message: str = "", status_code: int = 200) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", None, status_code=status_code, login_token=token, message=message,
                        next=_safe_next(request.query_params.get("next")))
        # Double-submit token: a cross-site form cannot read this cookie to copy it into the form.
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login",
                            secure=request.url.scheme == "https")
        return response

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request) -> Response:
        return login_page(request)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        cookie_token = request.cookies.get(LOGIN_COOKIE) or ""
        if not cookie_token or not secrets.compare_digest(cookie_token, str(form.get("csrf_token") or "")):
            return login_page(request, "登录表单已失效，请重新输入", status_code=403)
        user, message = authenticate(store, str(form.get("username") or "").strip(), str(form.get("password") or ""),
                                     review.max_failed_logins, review.lockout_minutes)
        if user is None:
            return login_page(request, message, status_code=401)
        response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
        response.set_cookie(SESSION_COOKIE, sessions.start(user.username), httponly=True, samesite="lax",
                            max_age=review.session_hours * 3600, path="/", secure=request.url.scheme == "https")
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        _user, session_id = current(request)
        await checked_form(request, session_id)
        sessions.end(session_id)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- list --------------------------------------------------------------------------------------
    def filters_from(request: Request) -> service.TopicFilters:
        params = request.query_params
        try:
            page_number = max(1, int(params.get("page") or 1))
        except ValueError:
            page_number = 1
        return service.TopicFilters(
            date_from=_parse_date(params.get("date_from")), date_to=_parse_date(params.get("date_to")),
            point=params.get("point") or "", warning=params.get("warning") or "", kind=params.get("kind") or "",
            area=(params.get("area") or "").strip()[:100], scope=params.get("scope") or "",
            status=params.get("status") or "",
            q=(params.get("q") or "").strip()[:100], page=page_number,
        )

    @app.get("/", response_class=HTMLResponse)
    async def topic_list(request: Request) -> Response:
        user, session_id = current(request)
        filters = filters_from(request)
        result = service.list_topics(store, filters, review.page_size)
        links = {
            "prev": "/?" + urlencode(filters.query_args(page=result.page - 1)) if result.page > 1 else "",
            "next": "/?" + urlencode(filters.query_args(page=result.page + 1)) if result.page < result.pages else "",
        }
        return page(request, "list.html", user, session_id, result=result, filters=filters, links=links,
                    notice=NOTICES.get(request.query_params.get("done") or "", ""),
                    caveat=service.night_caveats(store))

    @app.get("/api/topics")
    async def api_topics(request: Request) -> Response:
        current(request)
        result = service.list_topics(store, filters_from(request), review.page_size)
        return JSONResponse({
            "night": _fmt_dt(result.night), "total": result.total, "page": result.page, "pages": result.pages,
            "topics": [_topic_json(row) for row in result.rows],
        })

    # -- detail ------------------------------------------------------------------------------------
    @app.get("/topics/{topic_id}", response_class=HTMLResponse)
    async def topic_page(request: Request, topic_id: str) -> Response:
        user, session_id = current(request)
        detail = service.topic_detail(store, topic_id)
        if detail is None:
            return page(request, "error.html", user, session_id, status_code=404, message="没有这个选题")
        code = request.query_params.get("done") or ""
        return page(request, "detail.html", user, session_id, d=detail, notice=NOTICES.get(code, ""),
                    stale=code == "stale", problem=request.query_params.get("problem") == "1")

    @app.get("/api/topics/{topic_id}")
    async def api_topic(request: Request, topic_id: str) -> Response:
        current(request)
        detail = service.topic_detail(store, topic_id)
        if detail is None:
            return JSONResponse({"error": "没有这个选题"}, status_code=404)
        review_row = detail["review"]
        return JSONResponse({
            **_topic_json(detail["topic"]),
            "display_title": detail["display_title"],
            "review": {key: review_row[key] for key in ("version", "title", "note", "unit", "assignee")},
            "documents": [{"uid": d["uid"], "title": d["title"], "source": d["source"], "kind": d["kind"],
                           "url": d["url"], "published": _fmt_dt(d["when"]), "area": d["area"] or "",
                           "place": d["place"], "outlet": d["outlet"], "tone": d["tone"],
                           "urgent": d["urgent"]} for d in detail["documents"]],
            "history": [{"id": h["id"], "action": h["action"], "username": h["username"], "at": _fmt_dt(h["at"]),
                         "reason": h["reason"], "undone": bool(h["undone"])} for h in detail["history"]],
        })

    # -- decisions ---------------------------------------------------------------------------------
    def apply(topic_id: str, user: User, form: Any) -> int:
        action = str(form.get("action") or "")
        if action not in ACTIONS:
            raise service.DecisionError("未知操作")
        try:
            version = int(form.get("version") or 0)
        except ValueError:
            raise service.DecisionError("表单版本号无效") from None
        expected = form.get("expected")
        return service.decide(
            store, topic_id, action, user.username, version=version,
            expected=None if expected is None else str(expected), reason=str(form.get("reason") or ""),
            value=str(form.get("value") or ""), unit=str(form.get("unit") or ""),
            assignee=str(form.get("assignee") or ""),
        )

    @app.post("/topics/{topic_id}/decide")
    async def decide_form(request: Request, topic_id: str) -> Response:
        user, session_id = current(request)
        form = await checked_form(request, session_id)
        action = str(form.get("action") or "")
        back = f"/topics/{quote(topic_id)}"
        try:
            apply(topic_id, user, form)
        except service.StaleForm:
            return RedirectResponse(f"{back}?done=stale", status_code=303)
        except service.DecisionError as exc:
            detail = service.topic_detail(store, topic_id)
            if detail is None:
                return page(request, "error.html", user, session_id, status_code=404, message=str(exc))
            return page(request, "detail.html", user, session_id, status_code=400, d=detail, notice=str(exc),
                        stale=False, problem=True)
        if action == "merge":
            back = f"/topics/{quote(str(form.get('value') or '').strip())}"
        return RedirectResponse(f"{back}?done={action}", status_code=303)

    @app.post("/api/topics/{topic_id}/decisions")
    async def decide_api(request: Request, topic_id: str) -> Response:
        user, session_id = current(request)
        if not sessions.check_csrf(session_id, request.headers.get("X-CSRF-Token")):
            raise CsrfFailed()
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "请求不是有效的 JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "请求不是有效的 JSON 对象"}, status_code=400)
        try:
            decision_id = apply(topic_id, user, body)
        except service.StaleForm:
            return JSONResponse({"error": STALE_MESSAGE}, status_code=409)
        except service.DecisionError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"ok": True, "decision": decision_id})

    # -- exports -----------------------------------------------------------------------------------
    @app.post("/export")
    async def export(request: Request) -> Response:
        user, session_id = current(request)
        form = await checked_form(request, session_id)
        ids = [str(value) for value in form.getlist("ids")]
        rows = service.topics_for_export(store, ids)
        if not rows:
            return RedirectResponse("/?" + urlencode({"done": "none"}), status_code=303)
        today = datetime.now()
        if str(form.get("format")) == "xlsx":
            data = xlsx_bytes(rows, today, hotline=hotline)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            name = f"选题单-{today:%Y%m%d}.xlsx"
        else:
            data = docx_bytes(rows, settings.general.office, today, editor=user.username, hotline=hotline)
            media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            name = f"选题单-{today:%Y%m%d}.docx"
        disposition = f"attachment; filename=\"xuantidan-{today:%Y%m%d}.{name.rsplit('.', 1)[1]}\"; " \
                      f"filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=media, headers={"Content-Disposition": disposition})

    return app


def _safe_next(target: str | None) -> str:
    """Only a local path: an open redirect to another site is never followed after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _topic_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "title": row.get("display_title") or row["title"], "points": row.get("points") or [],
        "warning": row.get("warning"), "heat": row.get("heat"), "trend": row.get("trend"),
        "rank_score": row.get("rank_score"), "status": row.get("status"), "place": row.get("place") or "",
        "size": row.get("size"), "keywords": row.get("keywords") or [], "reasons": row.get("reasons") or [],
        "elsewhere": (row.get("metadata") or {}).get("elsewhere") or "",
        "first_seen": _fmt_dt(row.get("first_seen")), "last_seen": _fmt_dt(row.get("last_seen")),
    }
