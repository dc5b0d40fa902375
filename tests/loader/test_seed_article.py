"""The bundled seed page: every requirement from the issue, exactly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.loader.files import FileResult
from tui_news.model import Article
from tui_news.store.articles import ArticleStore

TITLE = "Backchannel Diplomacy: U.S. and Iran Hold Direct Talks Amid Escalating Israel-Iran War"
DEK = (
    "Envoys Abbas Araghchi and Steve Witkoff Speak Repeatedly as Iran Ties Nuclear Negotiations "
    "to Halt of Israeli Attacks."
)
REPEATED = (
    "Reuters reported on Thursday that U.S. Special Envoy Steve Witkoff and Iranian Foreign "
    "Minister Abbas Araghchi have held multiple phone calls since Israel began its attacks on "
    "Iran last week."
)
SECOND_CAPTION = (
    "As Israel continues its military campaign on Iran, U.S. and Iranian officials have held "
    "multiple secret calls to explore diplomatic solutions."
)


@pytest.fixture
def seed(seed_path: Path, parse_any: Callable[..., FileResult]) -> Article:
    result = parse_any(seed_path)
    assert result.warnings == []
    assert len(result.articles) == 1
    return result.articles[0]


@pytest.fixture
def seed_json(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["parse", str(seed_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_json_has_every_field_of_the_contract(seed_json: dict[str, object]) -> None:
    assert set(seed_json) == {
        "id",
        "title",
        "dek",
        "category",
        "byline",
        "published",
        "source",
        "url",
        "tags",
        "mentions",
        "blocks",
        "word_count",
        "reading_minutes",
        "origin",
    }
    assert seed_json["category"] == "News"
    assert seed_json["title"] == TITLE
    assert seed_json["dek"] == DEK
    # Nothing on the page says these: null or empty, never invented.
    assert seed_json["byline"] is None
    assert seed_json["published"] is None
    assert seed_json["source"] is None
    assert seed_json["url"] is None
    assert seed_json["tags"] == []
    mentions = seed_json["mentions"]
    assert isinstance(mentions, dict)
    assert set(mentions) == {"people", "places", "organizations"}
    blocks = seed_json["blocks"]
    assert isinstance(blocks, list)
    assert all(set(b) == {"kind", "text"} for b in blocks)
    words = sum(len(b["text"].split()) for b in blocks)
    assert seed_json["word_count"] == words
    assert seed_json["reading_minutes"] == -(-words // 230)
    assert str(seed_json["origin"]).endswith("000_9751a25479bb027a.txt")


def test_id_is_stable_across_runs(
    seed_path: Path, seed_json: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(seed_path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["id"] == seed_json["id"]
    assert isinstance(seed_json["id"], str) and len(seed_json["id"]) >= 8


def test_seed_id_is_stable_in_the_store_across_loads(seed_path: Path, tmp_path: Path) -> None:
    ids = []
    for n in range(2):
        store = ArticleStore(tmp_path / f"s{n}" / "news.json")
        store.load([seed_path.parent], bundled_root=seed_path.parent)
        ids.append({s.id for s in store.summaries()})
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_headings_exactly_and_in_order(seed: Article) -> None:
    assert [b.text for b in seed.blocks if b.kind == "heading"] == [
        "Conditions for Returning to Nuclear Talks",
        "Possible Meeting with Trump?",
        "Trump Open to Dialogue",
        "14th Wave of Iranian Retaliation",
    ]


def test_photo_labels_are_captions_with_their_sentence(seed: Article) -> None:
    blocks = [(b.kind, b.text) for b in seed.blocks]
    assert [text for kind, text in blocks if kind == "caption"] == [
        REPEATED,
        "Steve Whitcoff",
        SECOND_CAPTION,
        "Iran Israel war",
    ]
    for label, sentence in (("Steve Whitcoff", REPEATED), ("Iran Israel war", SECOND_CAPTION)):
        index = blocks.index(("caption", label))
        assert blocks[index - 1] == ("caption", sentence)
        assert ("heading", label) not in blocks


def test_x_post_lines_are_quotes(seed: Article) -> None:
    quotes = [b.text for b in seed.blocks if b.kind == "quote"]
    assert quotes == [
        "“Iran acts solely in self-defense. Even in the face of brutal aggression against our "
        "people, we have responded only to the Zionist entity, not to those enabling or "
        "encouraging it.”",
        "“Unlike the illegal occupying entity committing genocide, we remain committed to "
        "diplomacy.”",
    ]
    # They follow the paragraph that introduces them.
    kinds = [b.kind for b in seed.blocks]
    first = kinds.index("quote")
    assert seed.blocks[first - 1].text.endswith("In a post on X, he wrote:")


def test_furniture_appears_nowhere(seed: Article, seed_json: dict[str, object]) -> None:
    dumped = json.dumps(seed_json, ensure_ascii=False)
    assert "Related Articles" not in dumped
    assert "Back to top" not in dumped
    assert "button" not in dumped


def test_repeated_caption_sentence_is_not_body_twice(seed: Article) -> None:
    everywhere = [b for b in seed.blocks if REPEATED in b.text]
    # Once inside the opening paragraph (with the "Watan-" prefix), once as the caption.
    assert [(b.kind, b.text == REPEATED) for b in everywhere] == [
        ("paragraph", False),
        ("caption", True),
    ]
    assert not any(b.kind == "paragraph" and b.text == REPEATED for b in seed.blocks)


def test_body_shape(seed: Article) -> None:
    kinds = [b.kind for b in seed.blocks]
    assert kinds == [
        "paragraph",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "caption",
        "caption",
        "heading",
        "paragraph",
        "paragraph",
        "quote",
        "quote",
        "heading",
        "paragraph",
        "paragraph",
        "caption",
        "caption",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert seed.blocks[0].text.startswith("Watan-Reuters reported on Thursday")
    assert seed.blocks[-1].text.endswith("according to the Israeli Government Press Office.")
    # The title, standfirst and label are fields, not body.
    assert all(b.text not in (TITLE, DEK, "News") for b in seed.blocks)


def test_people_mentioned(seed: Article) -> None:
    people = seed.mentions.people
    for name in ("Abbas Araghchi", "Steve Witkoff", "Donald Trump", "Ali Khamenei"):
        assert name in people
    # Titles are taken off, not glued to the name.
    assert not any(p.startswith(("President", "Supreme", "Special", "U.S.")) for p in people)
    assert {"Iran", "Israel", "Tehran"} <= set(seed.mentions.places)
    assert "Reuters" in seed.mentions.organizations
