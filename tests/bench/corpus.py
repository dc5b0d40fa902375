"""A deterministic synthetic news corpus for the scale benchmark (see `run_bench.py`).

`CorpusGenerator(seed).article(i)` always gives the same article for the same seed and index,
whatever order articles are asked for in, so a 1,000-article corpus is the first thousand of the
100,000 one. The text is made up but shaped like news: headlines, standfirsts, 400–900 word bodies
in paragraphs with sub-headings, quotes and captions, real first names and real places (so the
loader's mention finder has something to find), many sources, categories, tags and dates, and a
vocabulary with a Zipf-like spread (a few thousand real and ~50,000 made-up words), so that the
search index's vocabulary grows with the corpus as it would with real news.

Two renderings:
- `to_text`: a scraped page (optional section label, headline, standfirst, `By NAME`,
  `Published: 2024-03-12`, paragraphs, sub-headings, a tags line), as `tui-news load DIR` reads;
- `to_json`: an object in the schema of `tui_news.model.Article.to_dict()`, one per line in a
  JSON Lines file, as `tui-news load FILE.jsonl` reads.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from tui_news.model import make_article_id

DEFAULT_SEED = 20240312
MIN_BODY_WORDS = 400
MAX_BODY_WORDS = 900

CATEGORIES = (
    "World", "UK", "US", "Politics", "Business", "Tech", "Science", "Health", "Climate",
    "Sport", "Culture", "Entertainment", "Education", "Opinion", "Travel", "Money",
)  # fmt: skip

_SOURCE_WORDS_A = (
    "Daily", "Evening", "Morning", "Northern", "Southern", "Western", "Eastern", "Capital",
    "Harbour", "Valley", "Coastal", "Metro", "National", "Global", "Independent", "Weekly",
)  # fmt: skip
_SOURCE_WORDS_B = (
    "Ledger", "Courier", "Herald", "Sentinel", "Tribune", "Gazette", "Post", "Observer",
    "Chronicle", "Dispatch", "Standard", "Record", "Bulletin", "Wire", "Review", "Times",
)  # fmt: skip

FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
    "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark",
    "Margaret", "Donald", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew", "Emily",
    "Joshua", "Donna", "Kenneth", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "George",
    "Dorothy", "Edward", "Melissa", "Ronald", "Deborah", "Timothy", "Stephanie", "Jason",
    "Rebecca", "Jeffrey", "Sharon", "Ryan", "Laura", "Jacob", "Cynthia", "Gary", "Kathleen",
    "Nicholas", "Amy", "Eric", "Angela", "Jonathan", "Shirley", "Stephen", "Anna", "Larry",
    "Brenda", "Justin", "Pamela", "Scott", "Emma", "Brandon", "Nicole", "Benjamin", "Helen",
    "Samuel", "Samantha", "Gregory", "Katherine", "Alexander", "Christine", "Frank", "Debra",
    "Patrick", "Rachel", "Raymond", "Carolyn", "Jack", "Janet", "Dennis", "Catherine", "Jerry",
    "Maria", "Tyler", "Heather", "Aaron", "Diane", "Jose", "Ruth", "Adam", "Julie", "Nathan",
    "Olivia", "Henry", "Joyce", "Douglas", "Virginia", "Zachary", "Victoria", "Peter", "Kelly",
    "Kyle", "Lauren", "Ethan", "Christina", "Walter", "Joan", "Noah", "Evelyn", "Jeremy",
    "Judith", "Christian", "Megan", "Keith", "Andrea", "Roger", "Cheryl", "Terry", "Hannah",
    "Gerald", "Jacqueline", "Harold", "Martha", "Sean", "Gloria", "Austin", "Teresa", "Carl",
    "Ann", "Arthur", "Sara", "Lawrence", "Madison", "Dylan", "Frances", "Jesse", "Kathryn",
    "Jordan", "Janice", "Bryan", "Jean", "Billy", "Abigail", "Joe", "Alice", "Bruce", "Julia",
    "Gabriel", "Judy", "Logan", "Sophia", "Albert", "Grace", "Willie", "Denise", "Alan", "Amber",
    "Juan", "Doris", "Wayne", "Marilyn", "Elijah", "Danielle", "Randy", "Beverly", "Roy",
    "Isabella", "Vincent", "Theresa", "Ralph", "Diana", "Eugene", "Natalie", "Russell",
    "Brittany", "Bobby", "Charlotte", "Mason", "Marie", "Philip", "Kayla", "Louis", "Alexis",
    "Fatima", "Ahmed", "Mohammed", "Aisha", "Omar", "Leila", "Hassan", "Yusuf", "Amara", "Kwame",
    "Chidi", "Ngozi", "Kenji", "Yuki", "Hiroshi", "Mei", "Wei", "Li", "Priya", "Rahul", "Arjun",
    "Ananya", "Sven", "Ingrid", "Lars", "Astrid", "Pierre", "Camille", "Louise", "Hugo",
    "Matteo", "Giulia", "Luca", "Sofia", "Pablo", "Lucia", "Diego", "Carmen", "Jan", "Katarzyna",
    "Piotr", "Olga", "Dmitri", "Irina", "Ivan", "Tatiana", "Mehmet", "Elif", "Emre", "Zeynep",
)  # fmt: skip

SURNAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Okafor", "Adeyemi", "Mensah",
    "Okonkwo", "Abubakar", "Kamau", "Mwangi", "Haddad", "Khalil", "Rahman", "Hosseini",
    "Karimi", "Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Nakamura", "Chen", "Wang", "Zhang",
    "Liu", "Huang", "Sharma", "Patel", "Gupta", "Singh", "Iyer", "Reddy", "Andersson",
    "Johansson", "Lindqvist", "Nielsen", "Hansen", "Dubois", "Moreau", "Laurent", "Lefebvre",
    "Rossi", "Russo", "Ferrari", "Esposito", "Romano", "Fernandez", "Moreno", "Jimenez",
    "Kowalski", "Nowak", "Wisniewski", "Ivanov", "Petrov", "Sokolova", "Volkov", "Yilmaz",
    "Kaya", "Demir", "Sahin", "Murphy", "Kelly", "O'Brien", "Byrne", "Walsh", "MacDonald",
    "Fraser", "Stewart", "Morrison", "Evans", "Hughes", "Price", "Griffiths", "Morgan",
    "Fitzgerald", "Whitaker", "Holloway", "Pemberton", "Ashworth", "Thornton", "Blackwood",
    "Castellano", "Vasquez", "Delgado", "Navarro", "Acheampong", "Boateng", "Oyelaran",
    "Kuznetsov", "Horvath", "Novak", "Kovacs", "Papadopoulos", "Georgiou", "Christodoulou",
)  # fmt: skip

PLACES = (
    "London", "Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Dublin", "Brussels", "Amsterdam",
    "Vienna", "Prague", "Warsaw", "Budapest", "Athens", "Stockholm", "Oslo", "Copenhagen",
    "Helsinki", "Moscow", "Kyiv", "Istanbul", "Ankara", "Cairo", "Lagos", "Nairobi", "Accra",
    "Johannesburg", "Cape Town", "Addis Ababa", "Tehran", "Baghdad", "Riyadh", "Dubai", "Doha",
    "Jerusalem", "Beirut", "Damascus", "Karachi", "Delhi", "Mumbai", "Bangalore", "Dhaka",
    "Beijing", "Shanghai", "Hong Kong", "Tokyo", "Osaka", "Seoul", "Manila", "Jakarta",
    "Bangkok", "Hanoi", "Singapore", "Sydney", "Melbourne", "Auckland", "Toronto", "Montreal",
    "Vancouver", "New York", "Chicago", "Los Angeles", "Houston", "Boston", "Seattle", "Miami",
    "Washington", "Mexico City", "Bogota", "Lima", "Santiago", "Buenos Aires", "Sao Paulo",
    "Rio de Janeiro", "France", "Germany", "Spain", "Italy", "Portugal", "Ireland", "Poland",
    "Ukraine", "Russia", "Turkey", "Egypt", "Nigeria", "Kenya", "Ghana", "Ethiopia", "Iran",
    "Iraq", "Israel", "Lebanon", "Syria", "Pakistan", "India", "Bangladesh", "China", "Japan",
    "Vietnam", "Indonesia", "Australia", "Canada", "Mexico", "Brazil", "Argentina", "Chile",
    "Colombia", "Peru", "Scotland", "Wales", "Texas", "California", "Florida", "Ohio",
)  # fmt: skip

ORGANIZATIONS = (
    "United Nations", "European Union", "World Bank", "International Monetary Fund", "NATO",
    "World Health Organization", "Bank of England", "Federal Reserve", "European Central Bank",
    "Ministry of Defence", "Ministry of Finance", "Supreme Court", "High Court", "Red Cross",
    "Amnesty International", "Greenpeace", "Oxfam", "Reuters", "Associated Press",
    "National Health Service", "Treasury", "Home Office", "Foreign Office", "Labour Party",
    "Conservative Party", "Democratic Party", "Republican Party", "Green Party",
    "Office for National Statistics", "Met Office", "Environment Agency", "Competition Authority",
    "Premier League", "Football Association", "Olympic Committee", "Royal Society",
    "British Museum", "National Gallery", "Arts Council", "University of Oxford",
    "University of Cambridge", "Harvard University", "Stanford University",
    "Northwind Holdings", "Brightline Energy", "Corvid Systems", "Halcyon Pharma",
    "Meridian Bank", "Atlas Freight", "Bluefin Telecom", "Quantel Semiconductors",
)  # fmt: skip

TAGS = (
    "elections", "inflation", "interest rates", "housing", "energy", "oil", "gas", "renewables",
    "climate change", "heatwave", "flooding", "drought", "wildfires", "migration", "asylum",
    "ceasefire", "sanctions", "diplomacy", "trade", "tariffs", "supply chains", "jobs", "wages",
    "strikes", "unions", "pensions", "tax", "budget", "debt", "banking", "markets", "stocks",
    "crypto", "startups", "artificial intelligence", "semiconductors", "cybersecurity",
    "privacy", "social media", "smartphones", "space", "physics", "genetics", "vaccines",
    "cancer", "mental health", "obesity", "hospitals", "schools", "universities", "exams",
    "football", "cricket", "tennis", "rugby", "athletics", "cycling", "formula one", "olympics",
    "film", "television", "music", "books", "theatre", "art", "fashion", "food", "tourism",
    "aviation", "railways", "roads", "cities", "crime", "courts", "policing", "prisons",
    "human rights", "protests", "royal family", "parliament", "congress", "white house",
)  # fmt: skip

# Real words, roughly by how often they turn up in news copy (the first ones most).
REAL_WORDS = """
said would year people government new also could time first last two years week told after
over more been since percent million country minister police state people officials report
plan deal talks vote election campaign party leader president spokesman spokeswoman court
judge trial case law ruling claims evidence inquiry investigation probe charges arrested
killed injured attack strike strikes military troops army forces border war ceasefire peace
economy economic growth inflation prices rates interest bank banks markets shares investors
company companies firm profits losses jobs workers wages pay union unions pensions budget
spending tax taxes debt deficit funding money billion trillion households energy bills fuel
oil gas electricity power grid renewable solar wind nuclear climate emissions carbon warming
weather storm floods flooding drought heatwave wildfire wildfires temperatures record
health hospital hospitals doctors nurses patients waiting lists vaccine vaccines virus
outbreak disease cancer treatment drug drugs trial study research researchers scientists
university universities school schools teachers pupils students exams results children
families parents women men young older community communities residents council councils
city cities town towns village rural housing homes rent rents mortgage mortgages buyers
transport rail trains railway roads traffic airport airports flights airline airlines
technology tech software data online internet platform platforms users social media app
apps phone phones artificial intelligence chips semiconductor semiconductors cyber hackers
security privacy regulators regulation rules standards safety risk risks warning warned
warns crisis emergency response support aid humanitarian refugees migrants asylum border
immigration visa visas citizens rights protest protesters demonstration demonstrators
march rally crowd crowds fans match season league championship final cup team players
coach manager club clubs goal goals victory defeat win wins won lost draw title medal
olympic olympics athletes race film films cinema director actor actress album music band
festival concert show series television drama comedy novel author book books gallery
museum exhibition artist art theatre stage audience critics review award awards prize
winner nominated announced confirmed revealed expected likely unlikely despite amid
following ahead during between against under without within across around including
according statement interview spokesperson sources source senior former current acting
national international regional local federal european global foreign domestic public
private major minor key significant growing rising falling higher lower biggest largest
smallest latest early late recent long short strong weak fresh further possible potential
""".split()

FUNCTION_WORDS = """
the the the the of of of to to to and and and a a in in is that for it on was with as
be by at from has have had are were this an not but they he she his her their its or which
will who more about than been when there what so up out if into one all can we also no
""".split()

_SYLLABLES = (
    "ba", "be", "bi", "bo", "bra", "ca", "ce", "co", "cra", "da", "de", "di", "do", "dra", "fa",
    "fe", "fi", "fo", "ga", "ge", "go", "gra", "ha", "he", "hi", "ho", "ka", "ke", "ki", "ko",
    "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ne", "ni", "no", "nu",
    "pa", "pe", "pi", "po", "pra", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "sta",
    "ste", "sto", "ta", "te", "ti", "to", "tra", "tre", "va", "ve", "vi", "vo", "za", "ze",
    "an", "en", "in", "on", "ar", "er", "or", "al", "el", "il", "ost", "ent", "ard", "ism",
)  # fmt: skip


@dataclass
class SynthArticle:
    index: int
    id: str
    title: str
    dek: str
    category: str
    byline: str
    published: str  # YYYY-MM-DD
    published_time: str  # HH:MM:SS
    source: str
    url: str
    tags: list[str]
    people: list[str]
    places: list[str]
    organizations: list[str]
    blocks: list[tuple[str, str]] = field(default_factory=list)
    #: Whether the scraped page starts with its section label line.
    section_label: bool = True
    #: Whether the scraped page ends with a `Tags:` line.
    tags_line: bool = True

    @property
    def word_count(self) -> int:
        return sum(len(text.split()) for _, text in self.blocks)


class CorpusGenerator:
    """Builds the vocabulary and a pool of sentences once; `article(i)` is then cheap."""

    SENTENCE_POOL = 40_000
    MADE_UP_WORDS = 50_000

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        rng = random.Random(seed)
        made_up: set[str] = set()
        while len(made_up) < self.MADE_UP_WORDS:
            n = rng.choice((2, 2, 3, 3, 3, 4))
            made_up.add("".join(rng.choice(_SYLLABLES) for _ in range(n)))
        self.real = list(dict.fromkeys(REAL_WORDS))
        made = sorted(made_up - set(self.real))
        rng.shuffle(made)
        # Real words are the most common ranks, made-up words the long tail.
        self.vocab: list[str] = self.real + made
        # Zipf-Mandelbrot weights 1 / (rank + 30)^1.1: a flat-ish head, a long tail.
        self._cum = list(
            itertools.accumulate(1.0 / ((r + 30) ** 1.1) for r in range(1, len(self.vocab) + 1))
        )
        self.sources = [f"The {a} {b}" for a in _SOURCE_WORDS_A for b in _SOURCE_WORDS_B][::3]
        self.sentences = [self._sentence(rng) for _ in range(self.SENTENCE_POOL)]
        self.headings = [self._heading(rng) for _ in range(4000)]

    # --- words ----------------------------------------------------------------------------------

    def _words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self._cum, k=k)

    def _content_words(self, rng: random.Random, k: int) -> list[str]:
        # Titles carry rarer words than prose: half real news words, half from the whole spread.
        return [rng.choice(self.real) if rng.random() < 0.5 else w for w in self._words(rng, k)]

    def _sentence(self, rng: random.Random) -> str:
        n = rng.randint(9, 30)
        words: list[str] = []
        for w in self._words(rng, n):
            if rng.random() < 0.35:
                words.append(rng.choice(FUNCTION_WORDS))
            words.append(w)
        roll = rng.random()
        slot = "{P}" if roll < 0.12 else "{L}" if roll < 0.22 else "{O}" if roll < 0.28 else None
        if slot:
            words.insert(rng.randrange(len(words)), slot)
        if rng.random() < 0.08:
            words.insert(
                rng.randrange(len(words)),
                str(rng.choice((rng.randint(2, 99), rng.randint(1990, 2025)))),
            )
        if len(words) > 10 and rng.random() < 0.4:
            cut = rng.randrange(3, len(words) - 3)
            words[cut] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice((".", ".", ".", ".", "?", ".", "!"))[0:1]

    def _heading(self, rng: random.Random) -> str:
        words = self._content_words(rng, rng.randint(2, 6))
        return " ".join(w.capitalize() for w in words)

    # --- articles -------------------------------------------------------------------------------

    def article(self, index: int) -> SynthArticle:
        rng = random.Random(self.seed * 1_000_003 + index)
        category = CATEGORIES[min(int(rng.paretovariate(1.2)) - 1, len(CATEGORIES) - 1)]
        if rng.random() < 0.5:
            category = rng.choice(CATEGORIES)
        source = self.sources[int(rng.random() ** 2 * len(self.sources))]
        people = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4)))
        ]
        places = rng.sample(PLACES, rng.choice((0, 1, 1, 2, 3)))
        orgs = rng.sample(ORGANIZATIONS, rng.choice((0, 0, 1, 1, 2)))
        day = date(2022, 1, 1) + timedelta(days=int((rng.random() ** 0.7) * 1460))
        published_time = f"{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00"
        byline = " and ".join(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            for _ in range(rng.choice((1, 1, 1, 2)))
        )
        tags = rng.sample(TAGS, rng.choice((0, 1, 2, 3, 3, 4, 5)))

        title_words = self._content_words(rng, rng.randint(5, 10))
        subject = (people or places or orgs or [None])[0]
        if subject and rng.random() < 0.7:
            title_words.insert(rng.randrange(len(title_words) // 2 + 1), subject)
        title_case = rng.random() < 0.4
        title = " ".join(
            w if w[:1].isupper() else (w.capitalize() if title_case else w) for w in title_words
        )
        title = title[0].upper() + title[1:]
        if rng.random() < 0.1:
            title += "?"
        dek_words = self._words(rng, rng.randint(14, 28))
        dek = " ".join(dek_words)
        dek = dek[0].upper() + dek[1:]

        fill = {
            "{P}": people or [f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"],
            "{L}": places or [rng.choice(PLACES)],
            "{O}": orgs or [rng.choice(ORGANIZATIONS)],
        }
        target = rng.randint(MIN_BODY_WORDS, MAX_BODY_WORDS)
        words = 0
        blocks: list[tuple[str, str]] = []
        since_heading = 0
        while words < target:
            if since_heading >= rng.randint(3, 6) and words < target - 80:
                blocks.append(("heading", rng.choice(self.headings)))
                since_heading = 0
                continue
            if blocks and rng.random() < 0.05:
                quote = self._fill(rng.choice(self.sentences), fill, rng)
                if words + len(quote.split()) > MAX_BODY_WORDS:
                    break
                blocks.append(("quote", f"“{quote.rstrip('.?!')}.”"))
                words += len(quote.split())
                continue
            if blocks and rng.random() < 0.03:
                who = rng.choice(fill["{P}"])
                blocks.append(("caption", f"Photo: {who} in {rng.choice(fill['{L}'])} / Reuters"))
                continue
            sentences = [
                self._fill(s, fill, rng) for s in rng.sample(self.sentences, rng.randint(2, 6))
            ]
            paragraph = " ".join(sentences)
            room = MAX_BODY_WORDS - words
            if len(paragraph.split()) > room:
                if room < 15:
                    break
                paragraph = " ".join(paragraph.split()[:room]).rstrip(",.?!") + "."
            blocks.append(("paragraph", paragraph))
            words += len(paragraph.split())
            since_heading += 1
        slug = "-".join(w.lower() for w in title_words[:6] if w.isalpha() or " " not in w).replace(
            " ", "-"
        )
        domain = source.lower().replace("the ", "").replace(" ", "") + ".example"
        return SynthArticle(
            index=index,
            id=make_article_id(f"bench:{self.seed}:{index}"),
            title=title,
            dek=dek,
            category=category,
            byline=byline,
            published=day.isoformat(),
            published_time=published_time,
            source=source,
            url=f"https://{domain}/{category.lower()}/{day.year}/{day.month:02d}/{slug}-{index}",
            tags=tags,
            people=people,
            places=places,
            organizations=orgs,
            blocks=blocks,
            section_label=rng.random() < 0.7,
            tags_line=bool(tags) and rng.random() < 0.6,
        )

    @staticmethod
    def _fill(sentence: str, fill: dict[str, list[str]], rng: random.Random) -> str:
        if "{" not in sentence:
            return sentence
        for slot, values in fill.items():
            if slot in sentence:
                sentence = sentence.replace(slot, rng.choice(values))
        return sentence

    def articles(self, count: int, start: int = 0) -> Iterator[SynthArticle]:
        for i in range(start, start + count):
            yield self.article(i)


# --- renderings ---------------------------------------------------------------------------------


def to_text(article: SynthArticle) -> str:
    """The article as a scraped page, in the layout `tui_news.loader.scraped` reads."""
    parts: list[str] = []
    if article.section_label:
        parts.append(article.category)
    parts.append(article.title)
    parts.append(article.dek)
    parts.append(f"By {article.byline}\nPublished: {article.published}")
    parts.extend(text for _kind, text in article.blocks)
    if article.tags_line:
        parts.append("Tags: " + ", ".join(article.tags))
    return "\n\n".join(parts) + "\n"


def to_json(article: SynthArticle) -> dict[str, Any]:
    """The article in the schema of `tui_news.model.Article.to_dict()`."""
    words = article.word_count
    return {
        "id": article.id,
        "title": article.title,
        "dek": article.dek,
        "category": article.category,
        "byline": article.byline,
        "published": f"{article.published}T{article.published_time}",
        "source": article.source,
        "url": article.url,
        "tags": list(article.tags),
        "mentions": {
            "people": list(article.people),
            "places": list(article.places),
            "organizations": list(article.organizations),
        },
        "blocks": [{"kind": kind, "text": text} for kind, text in article.blocks],
        "word_count": words,
        "reading_minutes": max(1, -(-words // 230)),
        "origin": None,
    }


def write_text_tree(gen: CorpusGenerator, folder: Path, count: int) -> int:
    """`count` scraped pages under `folder/<category>/NNNNNN.txt`; returns bytes written."""
    total = 0
    made: set[Path] = set()
    for article in gen.articles(count):
        sub = folder / article.category.lower()
        if sub not in made:
            sub.mkdir(parents=True, exist_ok=True)
            made.add(sub)
        data = to_text(article).encode("utf-8")
        (sub / f"{article.index:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def write_jsonl(gen: CorpusGenerator, path: Path, count: int) -> int:
    """`count` article objects, one per line; returns bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    total = 0
    with open(path, "wb") as handle:
        for article in gen.articles(count):
            line = orjson.dumps(to_json(article)) + b"\n"
            handle.write(line)
            total += len(line)
    return total


if __name__ == "__main__":  # a look at one article: python tests/bench/corpus.py [INDEX]
    import sys

    generator = CorpusGenerator()
    print(to_text(generator.article(int(sys.argv[1]) if len(sys.argv) > 1 else 0)))
