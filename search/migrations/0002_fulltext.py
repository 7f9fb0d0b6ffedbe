"""Vendor-specific full-text structures over search_searchrecord.

SQLite: an external-content FTS5 table whose tokenizer keeps Lao vowel and tone marks
inside tokens, kept in sync by triggers. PostgreSQL: a generated, weighted tsvector
column ('simple' configuration over marked text) with a GIN index. Other vendors get
nothing and must use the Elasticsearch backend.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_searchrecord_fts USING fts5(
        title, title_alt, text,
        content='search_searchrecord', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'")""",
    """CREATE TRIGGER search_searchrecord_fts_ai AFTER INSERT ON search_searchrecord BEGIN
        INSERT INTO search_searchrecord_fts(rowid, title, title_alt, text)
        VALUES (new.id, new.title, new.title_alt, new.text);
    END""",
    """CREATE TRIGGER search_searchrecord_fts_ad AFTER DELETE ON search_searchrecord BEGIN
        INSERT INTO search_searchrecord_fts(search_searchrecord_fts, rowid, title, title_alt, text)
        VALUES ('delete', old.id, old.title, old.title_alt, old.text);
    END""",
    """CREATE TRIGGER search_searchrecord_fts_au AFTER UPDATE ON search_searchrecord BEGIN
        INSERT INTO search_searchrecord_fts(search_searchrecord_fts, rowid, title, title_alt, text)
        VALUES ('delete', old.id, old.title, old.title_alt, old.text);
        INSERT INTO search_searchrecord_fts(rowid, title, title_alt, text)
        VALUES (new.id, new.title, new.title_alt, new.text);
    END""",
    # Rows written before this migration (none on a fresh install).
    "INSERT INTO search_searchrecord_fts(search_searchrecord_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_ai",
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_ad",
    "DROP TRIGGER IF EXISTS search_searchrecord_fts_au",
    "DROP TABLE IF EXISTS search_searchrecord_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_searchrecord ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title), 'A')
            || setweight(to_tsvector('simple'::regconfig, title_alt), 'B')
            || setweight(to_tsvector('simple'::regconfig, text), 'D')
        ) STORED""",
    "CREATE INDEX search_searchrecord_vector ON search_searchrecord USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchrecord_vector",
    "ALTER TABLE search_searchrecord DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_records")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
