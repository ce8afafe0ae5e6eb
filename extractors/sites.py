"""Per-site CSS selectors from ``configs/sites.toml``, keyed by host.

A site or policy source without selectors of its own uses the entry of its ``site`` key, else of the
page's host (``www.gov.cn`` finds ``gov.cn``). A wrong key in the file is an error naming the valid keys.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from xuanti.paths import CONFIG_DIR
from xuanti.settings import ConfigError, Selectors

SITES_FILE = CONFIG_DIR / "sites.toml"


class SiteProfile(Selectors):
    """Selectors plus what a crawl of the site needs: which links are articles, where the next page is."""

    link_pattern: str = ""
    next_page: str = ""  # CSS selector of the index page's 下一页 link


@lru_cache(maxsize=8)
def load_site_profiles(path: Path = SITES_FILE) -> dict[str, SiteProfile]:
    """Host -> SiteProfile. Raises ConfigError naming the file, the host, the key and the valid keys."""
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    profiles: dict[str, SiteProfile] = {}
    valid = ", ".join(SiteProfile.model_fields)
    for host, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: [{host}] must be a table of selectors (valid keys: {valid})")
        try:
            profiles[host.lower().strip(".")] = SiteProfile.model_validate(entry)
        except ValidationError as exc:
            problems = []
            for error in exc.errors():
                key = ".".join(str(part) for part in error["loc"])
                if error["type"] == "extra_forbidden":
                    problems.append(f"{key}: unknown key (valid keys: {valid})")
                else:
                    problems.append(f"{key}: {error['msg']}")
            raise ConfigError(f"{path}: [{host}] " + "; ".join(problems)) from None
    return profiles


def profile_for(url: str, site: str = "", path: Path = SITES_FILE) -> SiteProfile | None:
    """The profile named by ``site``, else the one of the URL's host or a parent domain of it."""
    profiles = load_site_profiles(path)
    if site:
        key = site.lower().strip(".")
        if key not in profiles:
            raise ConfigError(f"{path}: no site {site!r} (sites: {', '.join(sorted(profiles)) or 'none'})")
        return profiles[key]
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    for start in range(len(labels) - 1):
        found = profiles.get(".".join(labels[start:]))
        if found is not None:
            return found
    return None


def has_selectors(selectors: Selectors) -> bool:
    return any((selectors.title, selectors.body, selectors.date, selectors.author))
