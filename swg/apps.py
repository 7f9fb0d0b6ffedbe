from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwgConfig(AppConfig):
    name = "swg"
    verbose_name = _("Sector Working Groups")

    def ready(self):
        from sitetree import site_structure
        from swg import searchable, slug_marks
        from swg.models import SectorWorkingGroup

        searchable.register()
        site_structure.watch(SectorWorkingGroup)
        slug_marks.keep_marks_in_page_slugs()
