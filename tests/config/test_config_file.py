"""The TOML config: good values apply, bad ones are named and ignored, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.config import Config, default_config_path, load_config


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.toml") == Config()


def test_good_file_applies_theme_sort_and_keys(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, 'theme = "news-light"\nsort = "title"\n[keys]\n"list.star" = "f"\n')
    )
    assert config.theme == "news-light"
    assert config.sort == "title"
    assert config.keys == {"list.star": "f"}
    assert config.problems == ()


def test_invalid_toml_names_the_file_and_uses_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "news-light\nsort = \n')
    config = load_config(path)
    assert config.theme is None and config.sort == "date"
    assert len(config.problems) == 1
    assert str(path) in config.problems[0] and "not valid TOML" in config.problems[0]


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, b'theme = "\xff\xfe"\n'))
    assert config.problems and "not UTF-8" in config.problems[0]


def test_bad_values_are_reported_one_by_one_and_the_rest_applies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = 3\nsort = "random"\ncolour = "red"\n[keys]\n"list.star" = ""\n"list.sort" = "S"\n',
    )
    config = load_config(path)
    assert config.theme is None
    assert config.sort == "date"
    assert config.keys == {"list.sort": "S"}
    joined = "\n".join(config.problems)
    assert "theme must be a string" in joined
    assert "sort must be one of date, title, source" in joined
    assert "keys.list.star" in joined
    assert "unknown settings ignored: colour" in joined


def test_config_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NEWS_CONFIG", str(tmp_path / "c.toml"))
    assert default_config_path() == tmp_path / "c.toml"
    monkeypatch.delenv("TUI_NEWS_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_config_path() == tmp_path / "xdg" / "tui-news" / "config.toml"
