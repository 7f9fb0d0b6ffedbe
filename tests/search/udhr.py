"""The Universal Declaration of Human Rights in Lao and English, as test data.

Source: portal/demo/data/ (copied from ../shared/data/udhr/) -- the "UDHR in XML" collection
(github.com/eric-muller/udhr, data/udhr/); the Lao version came to that collection
from the UN Office of the High Commissioner for Human Rights via the Language
Observatory.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET  # noqa: S405 - a trusted file shipped with the project
from pathlib import Path

NS = {"u": "http://efele.net/udhr"}
DATA_DIR = Path(
    os.environ.get("UDHR_DIR", Path(__file__).resolve().parents[2] / "portal" / "demo" / "data")
)


@functools.cache
def articles(lang: str) -> list[tuple[int, str, str]]:
    """``(number, title, text)`` of the 30 articles; lang is "lao" or "eng"."""
    root = ET.parse(DATA_DIR / f"udhr_{lang}.xml").getroot()  # noqa: S314
    found = []
    for article in root.findall("u:article", NS):
        title = article.findtext("u:title", default="", namespaces=NS).strip()
        text = " ".join(" ".join(p.itertext()).strip() for p in article.iter(f"{{{NS['u']}}}para"))
        found.append((int(article.get("number")), title, text))
    return found


@functools.cache
def paragraphs(lang: str) -> list[str]:
    root = ET.parse(DATA_DIR / f"udhr_{lang}.xml").getroot()  # noqa: S314
    return [" ".join(p.itertext()).strip() for p in root.iter(f"{{{NS['u']}}}para")]
