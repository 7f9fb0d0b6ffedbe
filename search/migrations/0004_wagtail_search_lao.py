"""Wagtail's own search index, Lao-ready (see search/backends/admin.py).

SQLite: recreate Wagtail's FTS5 table with the portal's tokenizer, which keeps Lao
vowel and tone marks inside words, re-segment the entries already written (they hold
the raw text of the stock backend) and fill the new table from them. Wagtail's
triggers on ``wagtailsearch_indexentry`` keep it in sync afterwards. PostgreSQL keeps
its tsvectors: run ``manage.py update_index`` once to re-segment older entries.
"""

from django.db import migrations

from search.backends.admin import FTS5_TOKENIZE, WAGTAIL_FTS_TABLE

ENTRY = "wagtailsearch_indexentry"
COLUMNS = ("autocomplete", "body", "title")


def _fts_exists(cursor) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [WAGTAIL_FTS_TABLE])
    return cursor.fetchone() is not None


def _recreate(schema_editor, tokenize: str | None, segment) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        if not _fts_exists(cursor):  # SQLite without FTS5: Wagtail uses icontains
            return
        cursor.execute(f"DROP TABLE {WAGTAIL_FTS_TABLE}")
        option = f', tokenize="{tokenize}"' if tokenize else ""
        cursor.execute(
            f"CREATE VIRTUAL TABLE {WAGTAIL_FTS_TABLE} USING fts5({', '.join(COLUMNS)}{option})"
        )
        if segment:
            cursor.execute(f"SELECT id, {', '.join(COLUMNS)} FROM {ENTRY}")  # noqa: S608
            for pk, *values in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {ENTRY} SET autocomplete = %s, body = %s, title = %s WHERE id = %s",  # noqa: S608
                    [*(segment(v) if v is not None else None for v in values), pk],
                )
        cursor.execute(
            f"INSERT INTO {WAGTAIL_FTS_TABLE}(rowid, {', '.join(COLUMNS)}) "  # noqa: S608
            f"SELECT id, {', '.join(COLUMNS)} FROM {ENTRY}"
        )


def forward(apps, schema_editor):
    from search.text import index_text

    _recreate(schema_editor, FTS5_TOKENIZE, index_text)


def backward(apps, schema_editor):
    # Back to Wagtail's default tokenizer; the entries keep their segmented text
    # until the next update_index.
    _recreate(schema_editor, None, None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_covering_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
