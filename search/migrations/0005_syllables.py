# ruff: noqa: S608 - SQL is built from module constants.
"""Lao syllables in the full-text structures, and the spelling as written.

Records now carry syllable marks (U+001E) between the syllables of a Lao word besides
the word marks (U+001F) between words (``search.text.mark``). Existing records are
marked again here. Then, per vendor:

SQLite: the FTS5 table indexes five columns of a view over ``search_searchrecord``:
title, translated title and text as words (syllable marks removed, so a Lao word is
one token) and title and text as syllables (both marks separate tokens; empty when a
text has no word of several syllables, so English-only records are not indexed
twice). Triggers compute the same columns, so the index follows every write.

PostgreSQL: ``search_vector`` (words, weights A/B/D) and ``syllable_vector``
(syllables), both generated columns with a GIN index each.
"""

import importlib

from django.db import migrations, models

WORDS = "replace({col}, char(30), '')"
SYLLABLES = "CASE WHEN instr({col}, char(30)) > 0 THEN {col} ELSE '' END"
TITLES = "{p}title || char(31) || {p}title_alt"
SOURCE = "search_searchrecord_fts_source"
FTS = "search_searchrecord_fts"
FTS_COLUMNS = "title, title_alt, text, title_syllables, text_syllables"


def _fts_values(p, aliased=False):
    """The five column values of a record row (``p``: ``new.``, ``old.`` or "")."""
    values = [
        WORDS.format(col=f"{p}title"),
        WORDS.format(col=f"{p}title_alt"),
        WORDS.format(col=f"{p}text"),
        SYLLABLES.format(col=f"({TITLES.format(p=p)})"),
        SYLLABLES.format(col=f"{p}text"),
    ]
    if aliased:
        values = [f"{v} AS {name}" for v, name in zip(values, FTS_COLUMNS.split(", "), strict=True)]
    return ", ".join(values)


SQLITE_DROP_OLD = [
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_ai",
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_ad",
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
SQLITE_CREATE = [
    f"""CREATE VIEW {SOURCE} AS SELECT id, {_fts_values("", aliased=True)}
        FROM search_searchrecord""",
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        {FTS_COLUMNS},
        content='{SOURCE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'")""",
    f"""CREATE TRIGGER search_searchrecord_fts_ai AFTER INSERT ON search_searchrecord BEGIN
        INSERT INTO {FTS}(rowid, {FTS_COLUMNS}) VALUES (new.id, {_fts_values("new.")});
    END""",
    f"""CREATE TRIGGER search_searchrecord_fts_ad AFTER DELETE ON search_searchrecord BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, {_fts_values("old.")});
    END""",
    f"""CREATE TRIGGER search_searchrecord_fts_au AFTER UPDATE ON search_searchrecord BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, {_fts_values("old.")});
        INSERT INTO {FTS}(rowid, {FTS_COLUMNS}) VALUES (new.id, {_fts_values("new.")});
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
# Back to migration 0002's structures, which index the record columns themselves.
_FULLTEXT = importlib.import_module("search.migrations.0002_fulltext")
_STRIP_SYLLABLE_MARKS = """UPDATE search_searchrecord SET title = replace(title, {c}, ''),
    title_alt = replace(title_alt, {c}, ''), text = replace(text, {c}, '')"""
SQLITE_BACKWARD = [
    *SQLITE_DROP_OLD,
    f"DROP VIEW IF EXISTS {SOURCE}",
    _STRIP_SYLLABLE_MARKS.format(c="char(30)"),
    *_FULLTEXT.SQLITE_FORWARD,
]

PG_WORDS = "to_tsvector('simple'::regconfig, replace({col}, chr(30), ''))"
PG_SYLLABLES = (
    "to_tsvector('simple'::regconfig, CASE WHEN strpos({col}, chr(30)) > 0 THEN {col} ELSE '' END)"
)
POSTGRES_DROP_OLD = [
    "DROP INDEX IF EXISTS search_searchrecord_vector",
    "ALTER TABLE search_searchrecord DROP COLUMN IF EXISTS search_vector",
]
POSTGRES_CREATE = [
    f"""ALTER TABLE search_searchrecord ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight({PG_WORDS.format(col="title")}, 'A')
            || setweight({PG_WORDS.format(col="title_alt")}, 'B')
            || setweight({PG_WORDS.format(col="text")}, 'D')
        ) STORED""",
    f"""ALTER TABLE search_searchrecord ADD COLUMN syllable_vector tsvector
        GENERATED ALWAYS AS (
            setweight({PG_SYLLABLES.format(col="(title || chr(31) || title_alt)")}, 'A')
            || setweight({PG_SYLLABLES.format(col="text")}, 'D')
        ) STORED""",
    "CREATE INDEX search_searchrecord_vector ON search_searchrecord USING GIN (search_vector)",
    "CREATE INDEX search_searchrecord_syllables ON search_searchrecord USING GIN (syllable_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchrecord_syllables",
    "ALTER TABLE search_searchrecord DROP COLUMN IF EXISTS syllable_vector",
    *POSTGRES_DROP_OLD,
    _STRIP_SYLLABLE_MARKS.format(c="chr(30)"),
    *_FULLTEXT.POSTGRES_FORWARD,
]


def _remark(cursor):
    """Mark every record again with the pipeline of this version (syllables too)."""
    from search.text import mark, unmark

    cursor.execute("SELECT id, title, title_alt, text FROM search_searchrecord")
    rows = cursor.fetchall()
    updates = [(*(mark(unmark(value or "")).text for value in values), pk) for pk, *values in rows]
    cursor.executemany(
        "UPDATE search_searchrecord SET title = %s, title_alt = %s, text = %s WHERE id = %s",
        updates,
    )


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": (SQLITE_DROP_OLD, SQLITE_CREATE)}
    statements["postgresql"] = (POSTGRES_DROP_OLD, POSTGRES_CREATE)
    if vendor not in statements:
        return
    drop, create = statements[vendor]
    for sql in drop:
        schema_editor.execute(sql)
    with schema_editor.connection.cursor() as cursor:
        _remark(cursor)
    for sql in create:
        schema_editor.execute(sql)


def wagtail_forward(apps, schema_editor):
    """Wagtail's own index (search.backends.admin) gets the syllables too."""
    from search.backends.admin import FTS5_TOKENIZE, recreate_wagtail_fts
    from search.text import index_text

    recreate_wagtail_fts(schema_editor.connection, FTS5_TOKENIZE, index_text)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_wagtail_search_lao")]

    operations = [
        migrations.AddField(
            model_name="searchrecord",
            name="originals",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(forward, backward),
        migrations.RunPython(wagtail_forward, migrations.RunPython.noop),
    ]
