"""Where things live: the data folder (XUANTI_HOME), bundled configs, and the shared real-data folder."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "default.toml"
DEMO_CONFIG = CONFIG_DIR / "demo.toml"


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--home``, else ``$XUANTI_HOME``, else ``~/.xuanti``. Created if missing."""
    chosen = override or os.environ.get("XUANTI_HOME") or Path.home() / ".xuanti"
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_data_dir() -> Path:
    """The real public data used by tests, evaluations and benchmarks (one setting: ``$XUANTI_DATA``)."""
    return Path(os.environ.get("XUANTI_DATA", PROJECT_ROOT.parent / "shared" / "data")).resolve()


def shared_labels_dir() -> Path:
    """The labelled dev set; defaults to ``labels/`` beside the shared data folder."""
    default = shared_data_dir().parent / "labels"
    return Path(os.environ.get("XUANTI_LABELS", default)).resolve()
