"""The DAC sector codelists (IATI Standard) with the portal's Lao names."""

from django.db import migrations

from aid import codelists


def load(apps, schema_editor):
    codelists.load_sectors(apps.get_model("aid", "DacSector"))


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
