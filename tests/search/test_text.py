"""The text pipeline on real Lao prose (UDHR), without a database."""

from __future__ import annotations

import sqlite3

import pytest

from search import text
from search.text import WORD_MARK, Query, index_text, mark_words, normalize, parse_query, tokens
from tests.search import udhr

LAO = udhr.paragraphs("lao")
ENG = udhr.paragraphs("eng")


def test_normalisation_folds_lao_spelling_variants():
    assert normalize("ກໍາລັງ") == "ກຳລັງ"  # ໍ + າ -> ຳ
    assert normalize("ນໍ້າ") == normalize("ນ້ຳ") == "ນ້ຳ"  # tone mark between ໍ and າ
    assert normalize("ຫນ້າ") == "ໜ້າ"
    assert normalize("ຫມູ່") == "ໝູ່"
    assert normalize("ເສລີ\u200bພາບ\u200c\u200d\ufeff\u00ad") == "ເສລີພາບ"
    assert normalize("e\u0301") == "\u00e9"  # NFC
    assert normalize("a\x00b\x1fc\td") == "abc d"


def test_words_found_inside_a_lao_sentence():
    # Article 1: "ມະນຸດເກີດມາມີສິດເສລີພາບ ແລະ ..." -- no spaces between the words.
    article_1 = udhr.articles("lao")[0][2]
    toks = tokens(article_1)
    for word in ("ເກີດ", "ສິດ", "ເສລີພາບ", "ແລະ", "ກຽດຕິສັກ", "ປະພຶດ"):
        assert word in toks, word
    assert "ມະນຸດເກີດມາມີສິດເສລີພາບ" not in toks


def test_marked_text_reads_as_the_original():
    for para in LAO + ENG:
        marked = mark_words(para)
        assert text.unmark(marked) == normalize(para)
    assert WORD_MARK in mark_words(LAO[3])
    assert WORD_MARK not in mark_words(ENG[3])


def test_index_and_query_agree():
    for para in LAO[:20]:
        for word in set(tokens(para)):
            assert parse_query(word).groups == ((word,),), word
    assert index_text("Hello, World! ມີສິດເສລີພາບ") == "hello world ມີ ສິດ ເສລີພາບ"


def test_every_lao_character_is_kept():
    for para in LAO:
        kept = "".join(tokens(para))
        letters = "".join(ch for ch in normalize(para) if text.TOKEN_RE.fullmatch(ch))
        assert kept == letters.casefold()


def test_python_tokens_match_the_fts5_tokenizer():
    """The FTS5 tokenizer of migration 0002 sees exactly the pipeline's tokens."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, "
        "tokenize=\"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\")"
    )
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, row)")
    python_vocab = set()
    for para in LAO + ENG:
        db.execute("INSERT INTO t(body) VALUES (?)", [mark_words(para)])
        python_vocab.update(tokens(para))
    fts_vocab = {row[0] for row in db.execute("SELECT term FROM v")}
    assert fts_vocab == python_vocab


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


def test_query_parser_limits():
    assert parse_query(None) == Query()
    assert not parse_query("   ")
    huge = parse_query("word " * 10_000)
    assert huge.groups == (("word",),)
    many = parse_query(" ".join(f"w{i}" for i in range(10_000)))
    assert sum(len(g) for g in many.groups) == text.MAX_QUERY_TOKENS
    long_token = parse_query("a" * 10_000)
    assert long_token.groups == (("a" * text.MAX_TOKEN_CHARS,),)


def test_fallback_segmenter_without_icu(monkeypatch):
    """Without ICU, Lao runs split into clusters; queries become phrases of clusters."""
    seg = text._Segmenter.__new__(text._Segmenter)
    seg.iterator = None
    monkeypatch.setattr(text, "_segmenter", seg)
    assert tokens("ເສລີພາບ") == ["ເ", "ສ", "ລີ", "ພ", "າ", "ບ"]
    sentence = udhr.articles("lao")[0][2]
    query = parse_query("ເສລີພາບ").groups[0]
    toks = tokens(sentence)
    assert any(tuple(toks[i : i + len(query)]) == query for i in range(len(toks)))
    assert text.unmark(mark_words(sentence)) == normalize(sentence)


def test_segmenter_is_icu():
    assert text.segmenter_name().startswith("icu-")
