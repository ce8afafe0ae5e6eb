"""Editors' accounts: scrypt password hashes, lockout, server-side sessions in a signed cookie, CSRF tokens.

The cookie holds only a signed random session id; the session row (deleted on logout, checked
against a disabled user on every request) is what grants access.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, insert, select, update

from xuanti.review.db import ensure_tables, review_sessions, review_users
from xuanti.store import Store

# scrypt cost: n=2**15, r=8 takes ~0.1 s and 32 MiB per hash (slow for guessing, fine for a login).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_LENGTH = 8
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


class AuthError(ValueError):
    """A user-management request that cannot be done (one Chinese/English line for the CLI)."""


@dataclass
class User:
    username: str
    is_admin: bool
    disabled: bool


def hash_password(password: str, n: int = SCRYPT_N) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh 16-byte salt per user."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=2**26, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), maxmem=2**26, dklen=32
    )
    return hmac.compare_digest(candidate.hex(), digest)


# A hash to check against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = hash_password(secrets.token_hex(8), n=SCRYPT_N)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"密码至少 {MIN_PASSWORD_LENGTH} 位 (password needs at least {MIN_PASSWORD_LENGTH} characters)")


def add_user(store: Store, username: str, password: str, admin: bool = False) -> None:
    ensure_tables(store)
    if not username or not set(username) <= USERNAME_CHARS or len(username) > 100:
        raise AuthError(f"用户名 {username!r} 只能用字母、数字和 . _ - (username: letters, digits, . _ - only)")
    _check_new_password(password)
    with store.engine.begin() as conn:
        if conn.execute(select(review_users.c.username).where(review_users.c.username == username)).first():
            raise AuthError(f"用户 {username} 已存在 (user exists)")
        conn.execute(
            insert(review_users).values(
                username=username,
                password_hash=hash_password(password),
                is_admin=admin,
                disabled=False,
                failed_logins=0,
                created=datetime.now().replace(microsecond=0),
            )
        )


def _update_user(store: Store, username: str, **values: object) -> None:
    ensure_tables(store)
    with store.engine.begin() as conn:
        result = conn.execute(update(review_users).where(review_users.c.username == username).values(**values))
        if result.rowcount == 0:
            raise AuthError(f"没有用户 {username} (no such user)")


def set_password(store: Store, username: str, password: str) -> None:
    """New password; also lifts a lockout and ends the user's sessions."""
    _check_new_password(password)
    _update_user(store, username, password_hash=hash_password(password), failed_logins=0, locked_until=None)
    end_sessions(store, username)


def disable_user(store: Store, username: str) -> None:
    _update_user(store, username, disabled=True)
    end_sessions(store, username)


def get_user(store: Store, username: str) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(review_users).where(review_users.c.username == username)).first()
    return User(row.username, bool(row.is_admin), bool(row.disabled)) if row else None


def authenticate(
    store: Store, username: str, password: str, max_failures: int, lockout_minutes: int, now: datetime | None = None
) -> tuple[User | None, str]:
    """(user, "") on success, else (None, a Chinese message). Failures count towards a lockout."""
    now = now or datetime.now()
    with store.engine.connect() as conn:
        row = conn.execute(select(review_users).where(review_users.c.username == username)).first()
    if row is None:
        verify_password(password, _DUMMY_HASH)
        return None, "用户名或密码错误"
    if row.locked_until is not None and row.locked_until > now:
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        return None, f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试"
    if row.disabled:
        verify_password(password, _DUMMY_HASH)
        return None, "该账号已停用，请联系管理员"
    if not verify_password(password, row.password_hash):
        failures = (row.failed_logins or 0) + 1
        values: dict[str, object] = {"failed_logins": failures}
        message = "用户名或密码错误"
        if failures >= max_failures:
            values = {"failed_logins": 0, "locked_until": now + timedelta(minutes=lockout_minutes)}
            message = f"登录失败次数过多，账号已锁定 {lockout_minutes} 分钟"
        with store.engine.begin() as conn:
            conn.execute(update(review_users).where(review_users.c.username == username).values(**values))
        return None, message
    with store.engine.begin() as conn:
        conn.execute(
            update(review_users)
            .where(review_users.c.username == username)
            .values(failed_logins=0, locked_until=None, last_login=now.replace(microsecond=0))
        )
    return User(row.username, bool(row.is_admin), False), ""


# -- sessions ----------------------------------------------------------------------------------------
def secret_key(configured: str, home: Path) -> str:
    """The configured key, else one generated once and kept (mode 600) in the data folder."""
    if configured:
        return configured
    path = home / "review_secret.key"
    if not path.is_file():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


class Sessions:
    """Signed cookie values <-> session rows; CSRF tokens bound to the session."""

    def __init__(self, store: Store, key: str, hours: int) -> None:
        self.store = store
        self.key = key
        self.hours = hours
        self.signer = URLSafeTimedSerializer(key, salt="xuanti-review-session")

    def start(self, username: str, now: datetime | None = None) -> str:
        """A new session; returns the cookie value."""
        now = (now or datetime.now()).replace(microsecond=0)
        session_id = secrets.token_urlsafe(32)
        with self.store.engine.begin() as conn:
            # Old sessions are tidied here rather than by a background job.
            conn.execute(delete(review_sessions).where(review_sessions.c.expires < now))
            conn.execute(
                insert(review_sessions).values(
                    id=session_id, username=username, created=now, expires=now + timedelta(hours=self.hours)
                )
            )
        return self.signer.dumps(session_id)

    def resolve(self, cookie: str | None) -> tuple[User, str] | None:
        """(user, session id) for a valid cookie of an enabled user, else None."""
        if not cookie:
            return None
        try:
            session_id = self.signer.loads(cookie, max_age=self.hours * 3600)
        except BadSignature:
            return None
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(review_sessions.c.username, review_sessions.c.expires, review_users.c.is_admin,
                       review_users.c.disabled)
                .join(review_users, review_users.c.username == review_sessions.c.username)
                .where(review_sessions.c.id == session_id)
            ).first()
        if row is None or row.disabled or row.expires < datetime.now():
            return None
        return User(row.username, bool(row.is_admin), False), session_id

    def end(self, session_id: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(review_sessions).where(review_sessions.c.id == session_id))

    def csrf_token(self, session_id: str) -> str:
        return hmac.new(self.key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, session_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token(session_id), str(token))


def end_sessions(store: Store, username: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(review_sessions).where(review_sessions.c.username == username))
