"""Configuration: defaults, partial overrides, and one clear error naming file, key and choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from xuanti.paths import DEMO_CONFIG
from xuanti.settings import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_list_real_public_sources() -> None:
    settings = load_settings()
    types = {source.type for source in settings.sources}
    assert {"policy", "feed", "site"} <= types
    assert any("gov.cn" in str(getattr(s, "index", "")) for s in settings.sources)
    assert "乡村振兴" in settings.analysis.central_work


def test_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[fetch]\nretries = 5\n[analysis]\ncentral_work = ['招商引资']\n"))
    assert settings.fetch.retries == 5
    assert settings.fetch.read_timeout == 30.0  # untouched default
    assert settings.analysis.central_work == ["招商引资"]
    assert settings.hotline.columns["text"][0] == "诉求内容"


def test_unknown_option_names_file_key_and_choices(tmp_path: Path) -> None:
    path = write(tmp_path, "[fetch]\nretris = 3\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message and "fetch.retris" in message and "retries" in message


def test_unknown_source_type_lists_valid_types(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "x"\ntype = "rsss"\nurl = "http://example.org"\n')
    with pytest.raises(ConfigError, match=r"sources\[0\].*feed, site, policy, hotline, articles, folder"):
        load_settings(path)


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"fetch\.retries"):
        load_settings(write(tmp_path, "[fetch]\nretries = 'many'\n"))


def test_duplicate_and_slashed_source_names(tmp_path: Path) -> None:
    source = '[[sources]]\nname = "a/b"\ntype = "feed"\nurl = "http://x"\n'
    with pytest.raises(ConfigError, match="without '/'"):
        load_settings(write(tmp_path, source))
    twice = '[[sources]]\nname = "a"\ntype = "feed"\nurl = "http://x"\n' * 2
    with pytest.raises(ConfigError, match="duplicate"):
        load_settings(write(tmp_path, twice))


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[fetch\n"))


def test_a_config_saved_by_a_windows_editor_is_read(tmp_path: Path) -> None:
    """Notepad's UTF-8 with a BOM, its "Unicode" (UTF-16 with a BOM) and a Chinese Windows editor's
    GB18030 (with or without its BOM) read as their author sees them; bytes that are none say so."""
    text = '[general]\narea = "清河县"\n\n[[sources]]\nname = "县融媒体中心"\ntype = "site"\nindex = ["https://x.gov.cn/"]\n'
    for name, data in (("bom.toml", b"\xef\xbb\xbf" + text.encode("utf-8")), ("gbk.toml", text.encode("gb18030")),
                       ("unicode.toml", text.encode("utf-16")), ("gbk_bom.toml", ("\ufeff" + text).encode("gb18030"))):
        (tmp_path / name).write_bytes(data)
        settings = load_settings(str(tmp_path / name))
        assert settings.general.area == "清河县" and settings.sources[0].name == "县融媒体中心"
    (tmp_path / "bad.toml").write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(ConfigError, match="bad.toml: not text"):
        load_settings(str(tmp_path / "bad.toml"))


def test_the_store_is_sqlite_or_postgresql(tmp_path: Path) -> None:
    """Another database (or a bare file name) is a config error listing the two kinds of URL."""
    for url in ("mysql://u@h/db", "xuanti.db", "nosuchdb://x"):
        with pytest.raises(ConfigError, match=r"store.url: '[^']+' is no supported database; valid: sqlite:///PATH, postgresql"):
            load_settings(write(tmp_path, f'[store]\nurl = "{url}"\n'))
    for url in ("sqlite:////srv/xuanti/xuanti.db", "postgresql+psycopg2://u:p@127.0.0.1:5432/xuanti", ""):
        assert load_settings(write(tmp_path, f'[store]\nurl = "{url}"\n')).store.url == url


def test_environment_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUANTI_DEMO_URL", "http://127.0.0.1:9")
    settings = load_settings(DEMO_CONFIG)
    assert settings.sources[0].index[0] == "http://127.0.0.1:9/news/index.html"
    assert {s.type for s in settings.sources} == {"site", "feed", "policy", "hotline", "articles"}


def test_a_sources_quiet_days_default_by_type_and_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "x.toml"
    config.write_text('[[sources]]\nname = "12345热线"\ntype = "hotline"\npath = "x.xlsx"\n\n'
                      '[[sources]]\nname = "政府信息公开"\ntype = "policy"\nindex = ["http://127.0.0.1/"]\n'
                      'stale_days = 30\n', encoding="utf-8")
    hotline, policy = load_settings(config).sources
    assert hotline.stale_after() == 3 and policy.stale_after() == 30
    config.write_text('[[sources]]\nname = "12345热线"\ntype = "hotline"\npath = "x.xlsx"\nstale_days = -1\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.stale_days"):
        load_settings(config)


@pytest.mark.parametrize(
    ("area", "office"),
    [("清河县", "县委办信息科"), ("杭州市", "市委办信息科"), ("义乌市", "市委办信息科"), ("萧山区", "区委办信息科"),
     ("浙江省", "省委办公厅信息处"), ("广西壮族自治区", "自治区党委办公厅信息处"), ("本县", "县委办信息科")],
)
def test_the_office_is_named_by_its_areas_level_unless_set(tmp_path: Path, area: str, office: str) -> None:
    # A city's office that set only its area signed its briefing 县委办信息科.
    path = tmp_path / "office.toml"
    path.write_text(f'[general]\narea = "{area}"\n', encoding="utf-8")
    assert load_settings(path).general.office == office
    path.write_text(f'[general]\narea = "{area}"\noffice = "某某办公室"\n', encoding="utf-8")
    assert load_settings(path).general.office == "某某办公室"
