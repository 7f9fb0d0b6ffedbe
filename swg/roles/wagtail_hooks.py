"""Access levels on every page and document Wagtail serves, whatever their model:
a page or document that declares an `access_level` (or `required_access_level()`) is
served only to those the policy lets read it. The words around an SWG's approval
(swg.roles.approval_words). Also the admin's "Roles" menu:
memberships (changed only through `swg.roles.services`) and the read-only audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    SnippetViewSetGroup,
)

from swg import policy
from swg.admin_visibility import ReadableSnippetViewSet
from swg.roles import approval_words, services
from swg.roles.access import deny, may_read_page, refused_read
from swg.roles.models import AuditEntry, Membership


@hooks.register("before_serve_page")
def check_page_access_level(page, request, serve_args, serve_kwargs):
    specific = getattr(page, "specific", page)
    if not may_read_page(request.user, specific):
        return deny(request, refused_read(specific))
    return None


@hooks.register("construct_page_action_menu")
def name_the_approval_steps(menu_items, request, context):
    approval_words.name_the_steps(menu_items, context)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_what_the_approval_step_did(request, page):
    approval_words.say_what_happened(request, page)


@hooks.register("before_serve_document")
def check_document_access_level(document, request):
    if not policy.can_read_item(request.user, document):
        return deny(request, refused_read(document))
    return None


# --- Admin: memberships (through the services) and the audit log --------------------
# Chairs and co-chairs manage their people on the space's members page; the Round
# Table secretariat appoints anyone (chairs included) here. Every change goes through
# swg.roles.services, so groups, permissions and the audit log follow.


class MembershipCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.appoint(data["user"], data["swg"], data["role"], by=self.request.user)


class MembershipEditView(EditView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name in ("user", "swg"):
            if name in form.fields:
                form.fields[name].disabled = True
        return form

    def save_instance(self):
        return services.appoint(
            self.object.user, self.object.swg, self.form.cleaned_data["role"], by=self.request.user
        )


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        services.remove(self.object, by=self.request.user)


class MembershipViewSet(ReadableSnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "swg", "role", "created_at"]
    list_filter = ["swg", "role"]
    search_fields = []
    panels = [FieldPanel("user"), FieldPanel("swg"), FieldPanel("role")]
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The audit log is only ever added to, by the services: nobody edits it here."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change", "delete"} and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEntry, ReadOnlyPermissionPolicy(AuditEntry))


class AuditEntryViewSet(ReadableSnippetViewSet):
    model = AuditEntry

    icon = "history"
    menu_label = _("Role changes")
    list_display = ["at", "actor", "action", "subject_email", "role", "previous_role", "swg"]
    list_filter = ["action", "swg"]
    inspect_view_enabled = True


class RolesGroup(SnippetViewSetGroup):
    items = (MembershipViewSet, AuditEntryViewSet)
    menu_icon = "group"
    menu_label = _("Roles")
    menu_name = "roles"
    menu_order = 260


register_snippet(RolesGroup)
