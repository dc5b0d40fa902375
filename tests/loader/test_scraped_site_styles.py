"""Scraped pages in site styles the parser was not written for (invented content).

Each test states what a careful reader would say the page holds: its fields, and its body as an
ordered list of (kind, text) blocks, with the site's furniture gone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui_news.loader.files import FileResult
from tui_news.loader.scraped import parse_scraped_text
from tui_news.model import Article

Parse = Callable[[str], FileResult]


def _one(parse_fixture: Parse, name: str) -> Article:
    result = parse_fixture(f"scraped/{name}")
    assert result.warnings == []
    assert len(result.articles) == 1
    return result.articles[0]


def _blocks(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


def _all_text(article: Article) -> str:
    return "\n".join([article.title, article.dek or "", *(b.text for b in article.blocks)])


def test_wire_page_fields(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "wire_harbour_expansion.txt")
    assert article.category == "World"
    assert article.title == (
        "Harbour Authority Approves Expansion of Port Meridian Container Terminal"
    )
    assert article.dek is None
    assert article.byline == "Jane Doe"
    # Published wins over the later Updated line; the GMT zone is kept.
    assert article.published == "2024-03-12T09:15:00+00:00"
    assert article.tags == ()


def test_wire_page_body_without_furniture(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "wire_harbour_expansion.txt")
    assert _blocks(article) == [
        (
            "paragraph",
            "PORT MERIDIAN (Example Wire) — The Port Meridian Harbour Authority on Tuesday approved "
            "a $1.2 billion expansion of the city's container terminal, ending a three-year "
            "dispute over dredging in the estuary.",
        ),
        (
            "paragraph",
            "The plan, first proposed in 2021, adds four deep-water berths and a rail link that "
            "officials say will take 900 lorries a day off the coast road.",
        ),
        (
            "paragraph",
            "Opponents, led by the Coastal Residents Association, said the board had ignored "
            "warnings about silt and noise, and promised to appeal.",
        ),
        (
            "paragraph",
            "The authority's chair, Maria Okonkwo, said construction would begin in the autumn "
            "and the first berth would open in 2027.",
        ),
        ("paragraph", "Shares in Meridian Logistics rose 4 per cent after the decision."),
    ]
    text = _all_text(article)
    for furniture in (
        "Share this article",
        "WhatsApp",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more",
        "Also read",
        "newsletter",
        "inbox",
        "Subscribe",
        "©",
        "All rights reserved",
        "Published",
        "Updated",
        "By Jane Doe",
    ):
        assert furniture not in text, furniture


def test_wire_page_mentions_stop_at_dates(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "wire_harbour_expansion.txt")
    assert "Maria Okonkwo" in article.mentions.people
    orgs = article.mentions.organizations
    assert "Coastal Residents Association" in orgs
    # "... Authority on Tuesday approved": the weekday is not part of the organisation's name.
    assert "Port Meridian Harbour Authority" in orgs
    assert not any("Tuesday" in org for org in orgs)


def test_blog_page_without_label_or_standfirst(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "blog_balcony_tomatoes.txt")
    assert article.category is None  # no label on the page, and no folder category given
    assert article.title == "Ten Things I Learned Growing Tomatoes on a City Balcony"
    assert article.dek is None
    # "Posted on 3 June 2023 by Sam Rivera": both the date and the author.
    assert article.published == "2023-06-03T00:00:00"
    assert article.byline == "Sam Rivera"
    assert article.tags == ("gardening", "tomatoes", "balcony", "urban growing")
    assert _blocks(article) == [
        (
            "paragraph",
            "Last spring I had a narrow balcony, three pots and far too much optimism. By August "
            "I had more tomatoes than my neighbours could politely accept.",
        ),
        ("paragraph", "Here is what worked for me:"),
        ("list_item", "Start seeds indoors six weeks before the last frost."),
        ("list_item", "Use pots at least 30 centimetres deep."),
        ("list_item", "Water in the morning, never at midday."),
        ("list_item", "Feed every two weeks once the first fruit sets."),
        ("paragraph", "My watering routine, in order:"),
        ("list_item", "Check the soil with a finger."),
        ("list_item", "Water slowly at the base."),
        ("list_item", "Mulch with straw to keep the moisture in."),
        (
            "paragraph",
            "The biggest surprise was how much the wind mattered. A cheap screen of garden "
            "netting doubled my harvest.",
        ),
    ]
    text = _all_text(article)
    assert "Comments" not in text
    assert "Leave a Reply" not in text
    assert "Tags" not in text


def test_brief_with_label_is_all_body(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "brief_bakery_with_label.txt")
    assert article.category == "Business"
    assert article.title == "Bakery chain Crumb & Co to open 40 stores"
    assert article.dek is None
    assert _blocks(article) == [
        (
            "paragraph",
            "Crumb & Co, the regional bakery chain, said on Monday it would open 40 new stores "
            "across the north of the country by the end of next year, creating about 600 jobs.",
        )
    ]
    assert article.word_count == 32
    assert article.reading_minutes == 1


def test_bare_brief_headline_and_one_paragraph(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "brief_mountain_pass.txt")
    assert article.category is None
    assert article.title == "Storm keeps mountain pass closed for second day"
    assert article.dek is None
    assert article.published is None
    assert _blocks(article) == [
        (
            "paragraph",
            "The Highcrest Pass will stay closed until at least Friday after heavy snow and high "
            "winds brought down power lines, the regional roads agency said.",
        )
    ]


def test_captions_with_labels_and_photo_credits(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "magazine_turtle_captions.txt")
    assert article.category == "Science"
    assert article.title == (
        "Volunteers Count Record Number of Nesting Turtles on Lantern Bay Beaches"
    )
    assert article.dek == (
        "A Two-Year Survey Finds Numbers Have Tripled Since the Lights Along the Shore Were Dimmed"
    )
    assert article.byline == "Priya Natarajan and Tom Ellis"
    assert article.published == "2024-06-04T00:00:00"  # from the bare "June 4, 2024" line
    assert _blocks(article) == [
        (
            "paragraph",
            "Volunteers walked twelve kilometres of beach every night between May and August, "
            "marking each nest with a numbered bamboo stake.",
        ),
        (
            "caption",
            "A loggerhead turtle returns to the sea at dawn on the north beach of Lantern Bay.",
        ),
        ("caption", "Loggerhead at dawn"),
        (
            "paragraph",
            "The survey's coordinator, Helen Marsh, said the increase was far beyond what the "
            "group had hoped for when the town agreed to dim its seafront lights.",
        ),
        ("caption", "Volunteers measure a nest on the south beach."),
        ("caption", "Photo: Tom Ellis/Example Press"),
        (
            "paragraph",
            "Hatchlings use the brightest horizon to find the water, and street lamps had been "
            "leading many of them inland towards the road.",
        ),
        ("caption", "Photo: Lantern Bay Turtle Watch"),
        ("paragraph", "The group will publish its full count in the autumn."),
    ]
    assert "Helen Marsh" in article.mentions.people


def test_pull_quotes_and_standfirst_before_byline(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "opinion_library_pull_quote.txt")
    assert article.category == "Opinion"
    assert article.title == "Why Our Town Should Keep Its Last Library Open"
    # A sentence of its own between the headline and the byline is the standfirst.
    assert article.dek == "The reading room on Elm Street is more than a building full of books."
    assert article.byline == "Marcus Webb"
    # Only an Updated line: that is the one date the page gives.
    assert article.published == "2025-02-02T00:00:00"
    assert _blocks(article) == [
        (
            "paragraph",
            "When the council published its budget last month, one line caught my eye: the Elm "
            "Street library would close in the spring to save money.",
        ),
        (
            "paragraph",
            "Every weekday afternoon the reading room fills with students who have nowhere else "
            "quiet to work, and with older residents who come for the newspapers and the company.",
        ),
        ("quote", "“A library is the one place in town where nobody asks you to buy anything.”"),
        (
            "paragraph",
            "Closing it would save the council about £80,000 a year, less than it spends on the "
            "Christmas lights.",
        ),
        ("quote", "Libraries are not a luxury; they are infrastructure."),
        (
            "paragraph",
            "Marcus Webb is a retired teacher and a member of the Friends of Elm Street Library.",
        ),
    ]
    text = _all_text(article)
    assert "Share" not in text
    assert "Facebook" not in text
    assert "advertisement" not in text.casefold()
    assert "comments" not in text
    assert "Facebook" not in article.mentions.organizations


def test_sub_headings_and_related_tail(parse_fixture: Parse) -> None:
    article = _one(parse_fixture, "explainer_battery_subheadings.txt")
    assert article.category == "Technology"
    assert article.title == "What the New Battery Recycling Rules Mean for You"
    assert (
        article.dek == "From next year, shops that sell batteries must take old ones back for free."
    )
    # "By Lena Fischer | 8 October 2024": the name alone, the date into `published`.
    assert article.byline == "Lena Fischer"
    assert article.published == "2024-10-08T00:00:00"
    assert article.tags == ("recycling", "batteries", "consumer rights")
    assert _blocks(article) == [
        (
            "paragraph",
            "The rules, agreed by ministers on Tuesday, cover everything from watch batteries to "
            "the packs in electric bikes.",
        ),
        ("heading", "What changes?"),
        (
            "paragraph",
            "Any shop that sells batteries will have to accept used ones of the same type, "
            "whether or not you bought them there.",
        ),
        ("heading", "Who has to comply"),
        (
            "paragraph",
            "Small shops with less than 100 square metres of floor space are exempt, but online "
            "sellers must offer free return postage.",
        ),
        ("heading", "What happens to the old batteries"),
        (
            "paragraph",
            "Collected batteries go to licensed plants, where the lithium, cobalt and nickel are "
            "recovered and sold back to manufacturers.",
        ),
        # A short sentence on its own line is prose, not a sub-heading.
        ("paragraph", "Not everyone is convinced."),
        ("paragraph", "Retail groups say the cost of storage will fall hardest on small chains."),
    ]
    text = _all_text(article)
    for gone in ("Related Articles", "Electric bike sales", "first published", "Advertisement"):
        assert gone not in text, gone


# --- line-level rules, on small inline pages ---------------------------------------------------


def test_lines_in_one_chunk_are_judged_one_by_one() -> None:
    page = parse_scraped_text(
        "Council Votes to Rebuild the Old Pier\n\n"
        "The council voted on Wednesday to rebuild the pier that storms destroyed in 2019, at a "
        "cost of four million pounds.\n\n"
        "Get our local news newsletter\n"
        "Sign up\n\n"
        "Work will start next year, the council said, once the last permits are in place.\n"
    )
    assert [(b.kind, b.text) for b in page.blocks] == [
        (
            "paragraph",
            "The council voted on Wednesday to rebuild the pier that storms destroyed in 2019, at "
            "a cost of four million pounds.",
        ),
        (
            "paragraph",
            "Work will start next year, the council said, once the last permits are in place.",
        ),
    ]


def test_share_rows_in_several_spellings_are_dropped() -> None:
    body = "A paragraph long enough to be body text, with a full stop at the end of it."
    for row in (
        "Share on Facebook",
        "Facebook Twitter WhatsApp",
        "Share: Facebook | X | Email",
        "Share this story",
        "Copy link",
        "- Advertisement -",
        "Read more: Another headline entirely",
        "See also: Yet another headline",
        "Comments (4)",
        "Back to top",
        "Copyright 2023 Example Post Ltd",
    ):
        page = parse_scraped_text(f"A Headline That Is Long Enough\n\n{body}\n\n{row}\n\n{body}.")
        texts = [b.text for b in page.blocks]
        assert row not in texts, row
        assert len(texts) == 2, (row, texts)


def test_date_without_a_year_is_never_invented() -> None:
    page = parse_scraped_text(
        "Tide Tables Change for the Summer\n\nPublished: 14 June\n\n"
        "The harbour office has printed new tide tables for the summer months, with two extra "
        "low tides in July.\n"
    )
    assert page.published is None


def test_dateline_time_and_zone_forms() -> None:
    page = parse_scraped_text(
        "Ferry Timetable Cut for Winter\n\nBy A. N. Other\nUpdated: 2024-11-02 18:30\n\n"
        "The ferry company will run two crossings a day instead of five from next month.\n"
    )
    assert page.byline == "A. N. Other"
    assert page.published == "2024-11-02T18:30:00"


def test_section_label_needs_a_label_shape() -> None:
    # A short first line in sentence case, then a question: a headline and its standfirst,
    # not a section label and a headline (the first line of an archive file is its title).
    page = parse_scraped_text(
        "Prime minister's questions\n\n"
        "So who, if anyone, is playing politics with the security of the nation?\n\n"
        "The opposition leader had no doubt it was the prime minister, who he said was rushing "
        "the new measures through without a proper debate.\n"
    )
    assert page.category is None
    assert page.title == "Prime minister's questions"
    labelled = parse_scraped_text(
        "World news\n\nRivers Burst Their Banks Across the Northern Plains\n\n"
        "Thousands of people were moved from their homes as three rivers rose above flood level "
        "overnight, officials said.\n"
    )
    assert labelled.category == "World news"
    assert labelled.title == "Rivers Burst Their Banks Across the Northern Plains"


def test_sentence_full_of_names_is_not_a_title_case_standfirst() -> None:
    page = parse_scraped_text(
        "Star Opens Winter Festival\n\n"
        "Hollywood star Tom Hanks was in London's Leicester Square for the UK premiere of Polar "
        "Express.\n\n"
        "The square was turned into a winter landscape complete with snow and carol singers for "
        "the arrival of the film.\n"
    )
    assert page.dek is None
    assert page.blocks[0].text.startswith("Hollywood star Tom Hanks")


_BODY = "A paragraph long enough to be body text, with a full stop at the end of it for sure."


def _page_with(row: str) -> list[tuple[str, str]]:
    page = parse_scraped_text(
        f"A Headline That Is Long Enough Here\n\nBy Sam Writer\n\n{_BODY}\n\n{row}\n\n{_BODY} Again.\n"
    )
    assert page.byline == "Sam Writer"
    assert page.published is None  # relative or missing dates are never turned into one
    assert [b.text for b in page.blocks if "paragraph long" in b.text] == [_BODY, f"{_BODY} Again."]
    return [(b.kind, b.text) for b in page.blocks if "paragraph long" not in b.text]


@pytest.mark.parametrize(
    "row",
    [
        "Updated 3 hours ago",
        "Published 2 hours ago",
        "Last updated: yesterday",
        "Reporting by Jane Doe; Editing by John Smith",
        "(Reporting by Jane Doe in London; editing by Ann Other)",
        "View 45 comments",
        "Join the conversation",
        "Listen to this article",
        "5 min read",
        "Follow us on Instagram",
        "Click to share on Facebook (Opens in new window)",
        "Share via Email",
        "Sponsored",
        "Advertisement - Scroll to continue",
        "Continue reading the main story",
        "Want more stories like this? Sign up for our free newsletter.",
        "SUBSCRIBE",
        "Sign up for the Morning Brief",
        "READ MORE: Council approves budget",
        "Related: Council approves budget",
        "All rights reserved.",
        "Copyright © 2024 Example Media Group",
        "Posted in News",
        "Originally published on Example Site",
    ],
)
def test_furniture_lines_from_many_sites_are_dropped(row: str) -> None:
    assert _page_with(row) == []


@pytest.mark.parametrize(
    "row",
    [
        "Image source, Getty Images",
        "Image caption, Protesters gathered outside the court on Monday",
        "Photo by Jane Doe on Unsplash",
        "(Getty Images)",
        "AP Photo/Jane Doe",
        "Photo: Example Agency",
    ],
)
def test_photo_credits_and_captions_are_captions(row: str) -> None:
    assert _page_with(row) == [("caption", row)]
