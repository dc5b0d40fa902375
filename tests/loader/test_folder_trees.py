"""Loading folder trees: folder names as categories, READMEs skipped, repeated texts reported."""

from __future__ import annotations

from pathlib import Path

from tui_news.store.articles import ArticleStore


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


BODY = (
    "The committee met for three hours on Tuesday and agreed the new budget for the coming "
    "year without a vote."
)


def test_folder_name_is_the_category_only_when_the_page_has_none(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _write(root / "sport" / "001.txt", f"Cup final goes to extra time\n\n{BODY}\n")
    _write(
        root / "sport" / "002.txt",
        f"Politics\n\nCommittee Agrees the Budget Without a Vote\n\n{BODY} It will be published soon.\n",
    )
    _write(root / "README.TXT", "This archive holds articles.\n")
    store = ArticleStore(tmp_path / "db" / "news.json")
    report = store.load([root])
    assert report.added == 2
    assert [(Path(s.origin).name, s.reason) for s in report.skipped] == [
        ("README.TXT", "not an article (a README or licence file)")
    ]
    by_title = {s.title: s for s in store.summaries()}
    assert by_title["Cup final goes to extra time"].category == "sport"
    assert by_title["Committee Agrees the Budget Without a Vote"].category == "Politics"


def test_identical_texts_stored_once_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    text = f"Budget agreed\n\n{BODY}\n"
    _write(root / "a" / "001.txt", text)
    _write(root / "b" / "007.txt", text)
    _write(root / "b" / "008.txt", f"Budget agreed\n\n{BODY} A different ending.\n")
    store = ArticleStore(tmp_path / "db" / "news.json")
    report = store.load([root])
    assert report.added == 2
    assert len(report.duplicates) == 1
    repeat, original = report.duplicates[0]
    assert repeat.endswith("007.txt") and original.endswith("001.txt")
    assert len(store) == 2
    # Loading again changes nothing and reports nothing new.
    again = store.load([root])
    assert again.added == 0 and again.updated == 0


def test_latin1_file_reads_its_pound_sign(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    _write(
        root / "sport" / "199.txt",
        "Club fined\n\nThe club was fined £15.8m for breaking the spending rules, the league said.\n",
        encoding="latin-1",
    )
    store = ArticleStore(tmp_path / "db" / "news.json")
    store.load([root])
    [summary] = store.summaries()
    article = store.get(summary.id)
    assert article is not None
    assert "£15.8m" in article.body_text
