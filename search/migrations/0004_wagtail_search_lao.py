"""Wagtail's own search index, Lao-ready (see search/backends/admin.py).

SQLite: recreate Wagtail's FTS5 table with the portal's tokenizer, which keeps Lao
vowel and tone marks inside words, re-segment the entries already written (they hold
the raw text of the stock backend) and fill the new table from them. Wagtail's
triggers on ``wagtailsearch_indexentry`` keep it in sync afterwards. PostgreSQL keeps
its tsvectors: run ``manage.py update_index`` once to re-segment older entries.
"""

from django.db import migrations

from search.backends.admin import FTS5_TOKENIZE, recreate_wagtail_fts


def forward(apps, schema_editor):
    from search.text import index_text

    recreate_wagtail_fts(schema_editor.connection, FTS5_TOKENIZE, index_text)


def backward(apps, schema_editor):
    # Back to Wagtail's default tokenizer; the entries keep their segmented text
    # until the next update_index.
    recreate_wagtail_fts(schema_editor.connection, None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_covering_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
