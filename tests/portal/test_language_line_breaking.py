"""The `lao_words` filter (portal/templatetags/lao_text.py): Lao words of a title
in no-wrap spans with a break opportunity between them, text and escaping intact.
How it wraps in a browser: tests/browser/test_lao_wrapping.py."""

import html as html_module
import re

from django.template import Context, Template

from portal.templatetags import lao_text
from search.text import tokens

TITLE = "ກຸ່ມວຽກງານສາທາລະນະສຸກ & <ທົບທວນ> 2026"
SPAN = re.compile(r'<span class="lao-word">([^<]*)</span>')


def render(value):
    return Template("{% load lao_text %}{{ value|lao_words }}").render(Context({"value": value}))


def test_lao_words_are_kept_whole_with_a_break_opportunity_between_them():
    html = render(TITLE)
    assert SPAN.findall(html) == ["ກຸ່ມ", "ວຽກງານ", "ສາທາລະນະສຸກ", "ທົບ", "ທວນ"]
    assert "</span><wbr><span" in html
    # Escaped like any other text, and nothing added: the text reads (and is found in
    # search) exactly as written.
    assert "&amp; &lt;" in html and "<ທົບທວນ>" not in html
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    assert text == TITLE
    assert tokens(text) == tokens(TITLE)


def test_text_without_lao_is_only_escaped():
    assert render("Health & <Education>") == "Health &amp; &lt;Education&gt;"


def test_a_word_too_long_for_a_phone_line_is_left_to_the_browser(monkeypatch):
    monkeypatch.setattr(lao_text, "LONGEST_KEPT_WHOLE", 6)
    html = render("ໂຄງການພັດທະນາແຫ່ງສະຫະປະຊາຊາດ")
    assert SPAN.findall(html) == ["ໂຄງການ", "ແຫ່ງ"]
    assert "<wbr>ພັດທະນາ<wbr>" in html and html.endswith("<wbr>ສະຫະປະຊາຊາດ")
