"""Object permissions on swg.SectorWorkingGroup for guardian (one per capability a
role can hold in an SWG). They live here because the swg model's Meta is not ours."""

from django.db import migrations

PERMISSIONS = {
    "read_members": "Can read members-level content of the working group",
    "read_restricted": "Can read restricted content of the working group",
    "see_contact_details": "Can see member contact details of the working group",
    "draft": "Can draft meetings and upload documents for the working group",
    "approve": "Can approve and publish for the working group",
    "manage_members": "Can invite and remove members of the working group",
}


def create_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="swg", model="sectorworkinggroup")
    for codename, name in PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )


def delete_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="swg",
        content_type__model="sectorworkinggroup",
        codename__in=list(PERMISSIONS),
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("swg", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_permissions, delete_permissions)]
