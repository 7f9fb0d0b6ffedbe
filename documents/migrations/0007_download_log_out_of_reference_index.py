"""Download records are no longer "usage" of a document (documents.wagtail_hooks):
drop the reference-index rows recorded for them, which made the document's Usage page
fail for the Round Table secretariat."""

from django.db import migrations


def forget_download_records(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    content_type = ContentType.objects.filter(app_label="documents", model="downloadlog").first()
    if content_type is not None:
        ReferenceIndex.objects.filter(content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_active_content"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_download_records, migrations.RunPython.noop)]
