"""Where Lao lines may break (portal/lao_lines.py) and the markup that says so: the
`lao_words` filter for one value and the `lao_words_in` region base.html puts around
every page. Lao words in no-wrap spans with a break opportunity between them, text
and escaping intact. How it wraps in a browser: tests/browser/test_lao_wrapping.py."""

import html as html_module
import re

import pytest
from django.template import Context, Template

from portal import lao_lines
from search.text import split_words, tokens
from tests.lao_markup import unmarked

pytestmark = pytest.mark.skipif(split_words("ກອງປະຊຸມ") is None, reason="needs PyICU")

TITLE = "ກຸ່ມວຽກງານສາທາລະນະສຸກ & <ທົບທວນ> 2026"
SPAN = re.compile(r'<span class="lao-word">([^<]*)</span>')
LAO_WORD = re.compile("[\u0e81-\u0edf]+")


def render(source, **context):
    return Template("{% load lao_text %}" + source).render(Context(context))


def text_of(html):
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def test_lao_words_are_kept_whole_with_a_break_opportunity_between_them():
    html = render("{{ value|lao_words }}", value=TITLE)
    assert SPAN.findall(html) == ["ກຸ່ມ", "ວຽກງານ", "ສາທາລະນະສຸກ", "ທົບທວນ"]
    assert "</span><wbr><span" in html
    # Escaped like any other text, and nothing added: the text reads (and is found in
    # search) exactly as written.
    assert "&amp; &lt;" in html and "<ທົບທວນ>" not in html
    assert text_of(html) == TITLE
    assert tokens(text_of(html)) == tokens(TITLE)


def test_text_without_lao_is_only_escaped():
    assert render("{{ value|lao_words }}", value="Health & <Education>") == (
        "Health &amp; &lt;Education&gt;"
    )


def test_a_word_too_long_for_a_phone_line_is_left_to_the_browser(monkeypatch):
    # Letters are counted, not the vowel and tone marks above and below them.
    monkeypatch.setattr(lao_lines, "LONGEST_KEPT_WHOLE", 6)
    html = render("{{ value|lao_words }}", value="ໂຄງການພັດທະນາແຫ່ງສະຫະປະຊາຊາດ")
    assert SPAN.findall(html) == ["ໂຄງການ", "ພັດທະນາ", "ແຫ່ງ"]
    assert html.endswith("<wbr>ສະຫະປະຊາຊາດ")


@pytest.mark.parametrize(
    ("run", "icu_pieces", "line_words"),
    [
        # ICU cuts a word its dictionary lacks inside the syllable ໂຫຼດ.
        ("ດາວໂຫຼດ", ["ດາວ", "ໂຫຼ", "ດ"], ["ດາວໂຫຼດ"]),
        ("ໃຊ້ອີເມວອື່ນ", None, ["ໃຊ້", "ອີເມວ", "ອື່ນ"]),
        # ໆ repeats the word before it; it never starts a line.
        ("ອື່ນໆ", ["ອື່ນ", "ໆ"], ["ອື່ນໆ"]),
        # Compounds readers take as one word (lao_compounds.txt).
        ("ທົບທວນ", ["ທົບ", "ທວນ"], ["ທົບທວນ"]),
        ("ປະເພດໄຟລ໌", ["ປະ", "ເພດ", "ໄຟລ໌"], ["ປະເພດ", "ໄຟລ໌"]),
        ("ບົດບັນທຶກກອງປະຊຸມ", ["ບົດບັນທຶກ", "ກອງ", "ປະຊຸມ"], ["ບົດບັນທຶກ", "ກອງປະຊຸມ"]),
        # Words that are words stay apart: "will" + "arrive".
        ("ຈະມາເຖິງ", ["ຈະ", "ມາເຖິງ"], ["ຈະ", "ມາເຖິງ"]),
    ],
)
def test_lines_break_between_words_never_inside_a_syllable_or_a_compound(
    run, icu_pieces, line_words
):
    if icu_pieces is not None:
        assert split_words(run) == icu_pieces  # what the search segmenter gives
    assert list(lao_lines.line_words(run)) == line_words
    assert "".join(lao_lines.line_words(run)) == run


@pytest.mark.parametrize(
    ("piece", "starts"),
    [
        ("ກອງ", True),  # ອ as the vowel
        ("ເມວ", True),  # leading vowel
        ("ຫຼວງ", True),  # ຫ with the subscript ລ
        ("ຫວັງ", True),  # ຫ cluster
        ("ຄວາມ", True),  # medial ວ
        ("໒໐໒໖", True),  # Lao digits
        ("ດ", False),  # a final consonant alone
        ("ະ", False),  # a following vowel
        ("ໆ", False),
        ("ນທີ່", False),  # ນ cannot start a cluster with ທ
        ("2026", True),  # not Lao: ICU decides
    ],
)
def test_which_pieces_can_begin_a_syllable(piece, starts):
    assert lao_lines.can_start_syllable(piece) is starts


def test_the_compound_list_holds_single_lao_words():
    words = lao_lines.compounds()
    assert len(words) > 20
    assert all(LAO_WORD.fullmatch(word) for word in words), sorted(words)


REGION = (
    '<h2 title="ທົບທວນ > ກອງປະຊຸມ">{{ heading }}</h2>'
    "<table><tr><th>ປະເພດກອງປະຊຸມ</th><td>{{ title|lao_words }}</td></tr></table>"
    '<p>ກອງປະຊຸມ <span class="tag">ຈະມາເຖິງ</span> ທົບທວນ<br>ກອງປະຊຸມ</p>'
    "<label>ພາສາ<select><option>ພາສາລາວ</option></select></label>"
    "<script>let a = 'ກອງປະຊຸມ';</script>"
    '<div class="rich-text"><h2>ທົບທວນ</h2></div>'
    "<nav><ul><li><a>ໜ້າຫຼັກ</a></li></ul></nav><p>ຂ່າວ &amp; ກອງປະຊຸມ</p>"
)


def test_a_region_marks_headings_cells_labels_and_pills_not_running_text():
    values = {"heading": "ກອງປະຊຸມທົບທວນ", "title": "ວຽກທີ່ຕ້ອງປະຕິບັດ"}
    html = render("{% lao_words_in %}" + REGION + "{% end_lao_words_in %}", **values)
    marked = '<span class="lao-word">{}</span>'.format
    # Headings, cells, pills, labels and menus; attributes stay as they are.
    assert f'<h2 title="ທົບທວນ > ກອງປະຊຸມ">{marked("ກອງປະຊຸມ")}<wbr>' in html
    assert f"<th>{marked('ປະເພດ')}<wbr>{marked('ກອງປະຊຸມ')}</th>" in html
    assert f'<span class="tag">{marked("ຈະ")}<wbr>{marked("ມາເຖິງ")}</span>' in html
    assert f"<label>{marked('ພາສາ')}<select>" in html
    assert f"<a>{marked('ໜ້າຫຼັກ')}</a>" in html
    # Words the filter marked are not marked again.
    assert f"<td>{marked('ວຽກ')}<wbr>{marked('ທີ່')}<wbr>" in html
    assert '<span class="lao-word"><span' not in html
    # Running text, options, scripts and rich text are left to the browser.
    assert "<p>ກອງປະຊຸມ <span" in html and "</span> ທົບທວນ<br>ກອງປະຊຸມ</p>" in html
    assert "<option>ພາສາລາວ</option>" in html
    assert "let a = 'ກອງປະຊຸມ';" in html
    assert '<div class="rich-text"><h2>ທົບທວນ</h2></div>' in html
    assert "<p>ຂ່າວ &amp; ກອງປະຊຸມ</p>" in html
    # Nothing else changes: without the word markup it is the region as rendered plainly.
    assert unmarked(html) == render(REGION.replace("|lao_words", ""), **values)


def test_a_region_without_lao_is_returned_as_it_is():
    source = '<p class="x">Health &amp; <a href="/en/">Education</a></p>'
    assert render("{% lao_words_in %}" + source + "{% end_lao_words_in %}") == source
