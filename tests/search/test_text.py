"""The text pipeline on real Lao prose (UDHR) and hand-segmented text, without a database."""

from __future__ import annotations

import importlib
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from search import text
from search.text import (
    SPELLING_VARIANTS,
    SYLLABLE_MARK,
    WORD_MARK,
    Query,
    display,
    index_text,
    mark,
    mark_words,
    normalize,
    parse_query,
    split_syllables,
    syllables,
    tokens,
)
from tests.search import udhr

LAO = udhr.paragraphs("lao")
ENG = udhr.paragraphs("eng")
DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
GOLD_FILES = ["udhr_lao_segmented.txt", "lao_minutes_segmented.txt"]


@pytest.mark.parametrize(
    ("standard", "variant", "why"), SPELLING_VARIANTS, ids=[v[1] for v in SPELLING_VARIANTS]
)
def test_each_spelling_variant_folds_to_the_standard_spelling(standard, variant, why):
    assert normalize(variant) == normalize(standard) == standard, why
    assert tokens(variant) == tokens(standard)
    assert syllables(variant) == syllables(standard)
    assert parse_query(variant) == parse_query(standard)
    # Inside a sentence too, both ways round.
    sentence = "ກອງປະຊຸມໄດ້ປຶກສາຫາລືກ່ຽວກັບ{}ແລະງົບປະມານ"
    assert tokens(sentence.format(variant)) == tokens(sentence.format(standard))


def test_the_fold_keeps_what_was_written():
    written = "ແຂວງຫລວງພະບາງ ນໍ້າ ປີ ໒໐໒໖ ເເຂວງ ອາເມຣິກາ ບ່ໍ ຫນ້າ ຫມູ່"
    marked = mark(written)
    assert text.unmark(marked.text) == normalize(written)
    assert display(marked.text, marked.originals) == written
    assert mark("ແຂວງຫຼວງພະບາງ").originals == ()  # nothing to keep
    for para in LAO + ENG:
        marked = mark(para)
        assert display(marked.text, marked.originals) == text._clean(para)


def test_normalisation_removes_invisible_characters():
    assert normalize("ເສລີ\u200bພາບ\u200c\u200d\ufeff\u00ad") == "ເສລີພາບ"
    assert normalize("e\u0301") == "\u00e9"  # NFC
    assert normalize("a\x00b\x1fc\x1ed\te") == "abcd e"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ການສຶກສາ", ["ການ", "ສຶກ", "ສາ"]),
        ("ມະໂນທຳ", ["ມະ", "ໂນ", "ທຳ"]),
        ("ຫຼວງພະບາງ", ["ຫຼວງ", "ພະ", "ບາງ"]),
        ("ສາທາລະນະສຸກ", ["ສາ", "ທາ", "ລະ", "ນະ", "ສຸກ"]),
        ("ພື້ນຖານໂຄງລ່າງ", ["ພື້ນ", "ຖານ", "ໂຄງ", "ລ່າງ"]),
        ("ຄວາມປອດໄພ", ["ຄວາມ", "ປອດ", "ໄພ"]),
        ("ເມືອງ", ["ເມືອງ"]),
        ("ເຂົ້າຮ່ວມ", ["ເຂົ້າ", "ຮ່ວມ"]),
        ("ແລ້ວ", ["ແລ້ວ"]),
        ("ບອກວ່າ", ["ບອກ", "ວ່າ"]),
        ("ສະຫວັນນະເຂດ", ["ສະ", "ຫວັນ", "ນະ", "ເຂດ"]),
        ("ປະຊາທິປະໄຕ", ["ປະ", "ຊາ", "ທິ", "ປະ", "ໄຕ"]),
        ("ຫົວໜ້າ", ["ຫົວ", "ໜ້າ"]),
        ("ເບິ່ງ", ["ເບິ່ງ"]),
        ("ຕ່າງໆ", ["ຕ່າງ", "ໆ"]),
        ("ໄດ້ຮັບ", ["ໄດ້", "ຮັບ"]),
        ("ໂຮງຮຽນ", ["ໂຮງ", "ຮຽນ"]),
    ],
)
def test_lao_syllables(word, expected):
    assert split_syllables(word) == expected


def test_syllables_join_to_the_run_and_every_letter_is_kept():
    for para in LAO:
        for run in text.TOKEN_RE.findall(normalize(para)):
            assert "".join(split_syllables(run)) == run


def _gold(name):
    """(sentence, [(start, end) of each hand-segmented word]) per line of a corpus."""
    lines = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        line = "|".join(normalize(piece) for piece in line.split("|"))
        plain, spans, start, position = "", [], None, 0
        for ch in line:
            if ch != "|" and text.TOKEN_RE.fullmatch(ch):
                start = position if start is None else start
            elif start is not None:
                spans.append((start, position))
                start = None
            if ch != "|":
                plain += ch
                position += 1
        if start is not None:
            spans.append((start, position))
        lines.append((plain, spans))
    return lines


@pytest.mark.parametrize("name", GOLD_FILES)
def test_a_word_alone_has_the_syllables_it_has_in_its_sentence(name):
    """What syllable matching rests on: every hand-segmented word of both corpora,
    typed alone, becomes the same syllables as in its sentence, whatever ICU did."""
    checked = 0
    for sentence, spans in _gold(name):
        marked = mark_words(sentence)
        units, position = [], 0
        for piece in re.split(f"([{WORD_MARK}{SYLLABLE_MARK}]|[^\\w{text._MARKS}]+)", marked):
            if piece and text.TOKEN_RE.fullmatch(piece):
                units.append((position, position + len(piece)))
            if piece and piece not in (WORD_MARK, SYLLABLE_MARK):
                position += len(piece)
        starts = {a: i for i, (a, _) in enumerate(units)}
        for a, b in spans:
            alone = syllables(sentence[a:b])
            assert a in starts, sentence[a:b]
            i = starts[a]
            found = [sentence[x:y].casefold() for x, y in units[i : i + len(alone)]]
            assert found == alone and units[i + len(alone) - 1][1] == b, sentence[a:b]
            checked += 1
    assert checked > 400


def test_words_found_inside_a_lao_sentence():
    # Article 1: "ມະນຸດເກີດມາມີສິດເສລີພາບ ແລະ ..." -- no spaces between the words.
    article_1 = udhr.articles("lao")[0][2]
    toks = tokens(article_1)
    for word in ("ເກີດ", "ສິດ", "ເສລີພາບ", "ແລະ", "ກຽດຕິສັກ", "ປະພຶດ"):
        assert word in toks, word
    assert "ມະນຸດເກີດມາມີສິດເສລີພາບ" not in toks
    # ICU cuts the misspelt ຈື່ງ inside its syllable; the pipeline keeps it whole.
    assert "ຈື່ງ" in toks and "ງ" not in toks


def test_marked_text_reads_as_the_original():
    for para in LAO + ENG:
        marked = mark_words(para)
        assert text.unmark(marked) == normalize(para)
    assert WORD_MARK in mark_words(LAO[3]) and SYLLABLE_MARK in mark_words(LAO[3])
    assert WORD_MARK not in mark_words(ENG[3]) and SYLLABLE_MARK not in mark_words(ENG[3])


def test_index_and_query_agree():
    for para in LAO[:20]:
        for word in set(tokens(para)):
            query = parse_query(word)
            assert query.groups == ((word,),), word
            lao = text._LAO.search(word)
            assert query.syllables == ((tuple(syllables(word)) if lao else None),), word
    assert index_text("Hello, World! ມີສິດເສລີພາບ") == "hello world ມີ ສິດ ເສລີພາບ\nມີ ສິດ ເສລີ ພາບ"
    assert index_text("Hello, World!") == "hello world"


def test_every_lao_character_is_kept():
    for para in LAO:
        kept = "".join(tokens(para))
        letters = "".join(ch for ch in normalize(para) if text.TOKEN_RE.fullmatch(ch))
        assert kept == letters.casefold() == "".join(syllables(para))


def test_python_tokens_match_the_fts5_tokenizer():
    """The FTS5 table of migration 0005 sees exactly the pipeline's words in its word
    columns and its syllables in its syllable columns."""
    migration = importlib.import_module("search.migrations.0005_syllables")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE search_searchrecord (id INTEGER PRIMARY KEY, title, title_alt, text)")
    for sql in migration.SQLITE_CREATE:
        db.execute(sql)
    db.execute(f"CREATE VIRTUAL TABLE v USING fts5vocab({migration.FTS}, col)")
    words, syls = set(), set()
    for i, para in enumerate(LAO + ENG):
        marked = mark_words(para)
        db.execute("INSERT INTO search_searchrecord VALUES (?, '', '', ?)", [i, marked])
        words.update(tokens(para))
        if SYLLABLE_MARK in marked:
            syls.update(syllables(para))
    vocab = {}
    for term, column in db.execute("SELECT term, col FROM v"):
        vocab.setdefault(column, set()).add(term)
    assert vocab["text"] == words
    assert vocab["text_syllables"] == syls


def test_english_punctuation():
    assert tokens("U.N. e-mail, don't (Article 3).") == [
        "u",
        "n",
        "e",
        "mail",
        "don",
        "t",
        "article",
        "3",
    ]
    assert parse_query("e-mail").groups == (("e", "mail"),)
    assert parse_query("e-mail").syllables == (None,)  # no Lao: words only


@pytest.mark.parametrize(
    ("raw", "groups"),
    [
        ('"free and equal" dignity', (("free", "and", "equal"), ("dignity",))),
        ("ສິດເສລີພາບ", (("ສິດ", "ເສລີພາບ"),)),
        ('"unbalanced phrase', (("unbalanced",), ("phrase",))),
        ("free* NEAR(a, b) OR NOT", (("free",), ("near", "a"), ("b",), ("or",), ("not",))),
        ("'; DROP TABLE x; --", (("drop",), ("table",), ("x",))),
        ("\x00\x01 \x7f", ()),
        ("“curly quotes”", (("curly", "quotes"),)),
        ("dup dup DUP", (("dup",),)),
    ],
)
def test_query_parser_neutralises_syntax(raw, groups):
    assert parse_query(raw).groups == groups


def test_a_lao_query_is_also_a_phrase_of_syllables():
    query = parse_query("ການສຶກສາ UXO ຫລວງພະບາງ")
    assert query.alternatives == [
        (("ການສຶກສາ",), ("ການ", "ສຶກ", "ສາ")),
        (("uxo",), None),
        (("ຫຼວງພະບາງ",), ("ຫຼວງ", "ພະ", "ບາງ")),
    ]
    assert query.has_syllables and not parse_query("free").has_syllables


def test_query_parser_limits():
    assert parse_query(None) == Query()
    assert not parse_query("   ")
    huge = parse_query("word " * 10_000)
    assert huge.groups == (("word",),)
    many = parse_query(" ".join(f"w{i}" for i in range(10_000)))
    assert sum(len(g) for g in many.groups) == text.MAX_QUERY_TOKENS
    long_token = parse_query("a" * 10_000)
    assert long_token.groups == (("a" * text.MAX_TOKEN_CHARS,),)
    lao = parse_query("ສິດເສລີພາບ" * 200)
    assert sum(len(g) for g in lao.groups) == text.MAX_QUERY_TOKENS
    assert lao.syllables == (None,)  # cut at the budget: no phrase of syllables


def test_fallback_segmenter_without_icu(monkeypatch):
    """Without ICU, the words of a Lao run are its syllables: every occurrence of a
    query word is still found."""
    seg = text._Segmenter.__new__(text._Segmenter)
    seg.iterator = None
    monkeypatch.setattr(text, "_segmenter", seg)
    assert tokens("ເສລີພາບ") == ["ເສລີ", "ພາບ"]
    sentence = udhr.articles("lao")[0][2]
    query = parse_query("ເສລີພາບ").groups[0]
    toks = tokens(sentence)
    assert any(tuple(toks[i : i + len(query)]) == query for i in range(len(toks)))
    assert text.unmark(mark_words(sentence)) == normalize(sentence)
    assert text.segmenter_name() == "syllables"


def test_segmenter_is_icu():
    assert text.segmenter_name().startswith("icu-")


def test_nfc_does_not_reorder_the_marks_the_fold_reorders():
    """Why the tone-order variants need folding: NFC reorders ຸ ູ before a tone mark
    (combining class 118 < 122) but not ີ or ໍ (class 0)."""
    assert unicodedata.normalize("NFC", "ກຸ່") == "ກຸ່"
    assert unicodedata.normalize("NFC", "ກ່ີ") == "ກ່ີ"
    assert normalize("ກ່ີ") == "ກີ່"
