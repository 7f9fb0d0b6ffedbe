"""The Aid tab on every SWG space, and the admin for the names aid pages show: DAC
sector names (the Lao ones are translation work) and development partners."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from aid import views
from aid.models import DacSector, Partner
from swg.space_tabs import HOOK, SpaceRoute, SpaceTab


@hooks.register(HOOK)
def aid_tab():
    return [
        SpaceTab(
            key="aid",
            label=_("Aid"),
            routes=(
                SpaceRoute("aid/", "aid_overview", views.aid_tab),
                SpaceRoute("aid/<int:pk>/", "aid_activity", views.activity_page),
            ),
        )
    ]


class ImportedRowsPolicy(ModelPermissionPolicy):
    """DAC sectors come from the codelist and partners from import_iati: in the admin
    their names are edited, but rows are neither added nor deleted."""

    FIXED = ("add", "delete")

    def user_has_permission(self, user, action):
        return action not in self.FIXED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.FIXED]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


register_permission_policy(DacSector, ImportedRowsPolicy(DacSector))
register_permission_policy(Partner, ImportedRowsPolicy(Partner))


class ImportedRowsViewSet(SnippetViewSet):
    copy_view_enabled = False


class DacSectorViewSet(ImportedRowsViewSet):
    model = DacSector
    icon = "list-ul"
    menu_label = _("DAC sectors")
    list_display = ["code", "name_en", "name_lo", "vocabulary"]
    list_filter = ["vocabulary", "withdrawn"]
    search_fields = ["code", "name_en", "name_lo"]
    ordering = ["vocabulary", "code"]


class PartnerViewSet(ImportedRowsViewSet):
    model = Partner
    icon = "group"
    menu_label = _("IATI publishers")
    list_display = ["name_en", "name_lo", "ref"]
    search_fields = ["name_en", "name_lo", "ref"]
    ordering = ["name_en"]


class AidGroup(SnippetViewSetGroup):
    items = (DacSectorViewSet, PartnerViewSet)
    menu_icon = "doc-full"
    menu_label = _("Aid data")
    menu_name = "aid"
    menu_order = 260


register_snippet(AidGroup)
