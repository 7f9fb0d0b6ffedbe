"""Real Lao and English prose for demo content and tests: the Universal Declaration
of Human Rights (attribution in data/README.md)."""

from functools import cache
from pathlib import Path
from xml.etree import ElementTree

DATA_DIR = Path(__file__).resolve().parent / "data"
_NS = {"u": "http://efele.net/udhr"}


@cache
def udhr_paragraphs(language: str) -> tuple[str, ...]:
    """All paragraphs of the declaration in `language` ("lo" or "en"), in order."""
    name = {"lo": "udhr_lao.xml", "en": "udhr_eng.xml"}[language]
    root = ElementTree.parse(DATA_DIR / name).getroot()  # noqa: S314 — our own shipped file
    paragraphs = (" ".join((p.text or "").split()) for p in root.iterfind(".//u:para", _NS))
    return tuple(p for p in paragraphs if p)


@cache
def udhr_articles(language: str) -> tuple[tuple[str, str], ...]:
    """(title, text) for each article of the declaration in `language`."""
    name = {"lo": "udhr_lao.xml", "en": "udhr_eng.xml"}[language]
    root = ElementTree.parse(DATA_DIR / name).getroot()  # noqa: S314 — our own shipped file
    articles = []
    for article in root.iterfind("u:article", _NS):
        title = " ".join((article.findtext("u:title", "", _NS) or "").split())
        text = " ".join(
            " ".join((p.text or "").split()) for p in article.iterfind(".//u:para", _NS)
        )
        articles.append((title, text))
    return tuple(articles)
