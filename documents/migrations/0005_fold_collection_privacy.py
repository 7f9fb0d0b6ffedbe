"""Collection privacy is not offered (documents.collection_privacy): fold the
restrictions that exist into the access levels of their documents, then delete them."""

from django.db import migrations

from documents.collection_privacy import fold_restriction


def fold_existing(apps, schema_editor):
    restrictions = apps.get_model("wagtailcore", "CollectionViewRestriction")
    documents = apps.get_model("documents", "PortalDocument")
    for restriction in restrictions.objects.select_related("collection"):
        fold_restriction(restriction, documents)
        restriction.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_archive_listing_indexes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(fold_existing, migrations.RunPython.noop)]
