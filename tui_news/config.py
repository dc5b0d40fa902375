"""The user's settings: a TOML file in the platformdirs config folder.

    theme = "news-light"          # any theme name the app knows
    sort = "title"                # one of tui_news.model.SORTS: date | title | source
    [keys]
    "list.star" = "f"             # binding id = key(s), comma-separated

A file that cannot be read or parsed gives defaults plus a message that names the file and the
problem; a bad single value is reported and ignored, the rest still applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_news.model import DEFAULT_SORT, SORTS

ENV_CONFIG = "TUI_NEWS_CONFIG"


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    #: One of `tui_news.model.SORTS`.
    sort: str = DEFAULT_SORT
    keys: dict[str, str] = field(default_factory=dict)
    #: What was wrong with the file, for the app to show once.
    problems: tuple[str, ...] = ()


def default_config_path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    import platformdirs  # (imported when needed, not with the module)

    return platformdirs.user_config_path("tui-news", appauthor=False) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or default_config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        return Config(problems=(f"cannot read {path}: {error.strerror or error}; using defaults",))
    import tomllib  # (only when there is a config file)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Config(problems=(f"{path} is not UTF-8 text; using defaults",))
    except tomllib.TOMLDecodeError as error:
        return Config(problems=(f"{path} is not valid TOML ({error}); using defaults",))
    return _from_mapping(path, data)


def _from_mapping(path: Path, data: dict[str, Any]) -> Config:
    problems: list[str] = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme must be a string")
        theme = None
    sort = data.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        problems.append(f"{path}: sort must be one of {', '.join(SORTS)}, not {sort!r}")
        sort = DEFAULT_SORT
    keys: dict[str, str] = {}
    raw_keys = data.get("keys", {})
    if not isinstance(raw_keys, dict):
        problems.append(f"{path}: [keys] must be a table of binding id = key")
    else:
        for binding_id, key in raw_keys.items():
            if isinstance(key, str) and key.strip():
                keys[str(binding_id)] = key.strip()
            else:
                problems.append(
                    f'{path}: keys.{binding_id} must be a key name such as "f" or "ctrl+f"'
                )
    unknown = sorted(set(data) - {"theme", "sort", "keys"})
    if unknown:
        problems.append(f"{path}: unknown settings ignored: {', '.join(unknown)}")
    return Config(theme=theme, sort=str(sort), keys=keys, problems=tuple(problems))
