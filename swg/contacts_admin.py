"""Contacts in the admin, kept by their SWG (swg.policy, "Contact lists").

The secretariat, co-chairs and chair of an SWG (and of its parent) edit the people on
its contact list: the listing, the person chooser, the edit and delete views and the
bulk actions show and accept only those people (`PersonPermissionPolicy`). In the
form, a role can be given only in a list they keep; roles in other groups' lists are
shown read-only and cannot be removed (`ContactRoleForm`, `ContactRoleFormSet`). A
POST naming another SWG is refused with a form error; editing or deleting somebody
on no list of theirs is refused by the permission check (Wagtail's "no permission"
answer). Organisations are shared by every list: SWG editors may add them, only the
Round Table secretariat changes or deletes them (`OrganisationPermissionPolicy`).
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser, snippets

from swg import chooser_gap, policy
from swg.models import ContactRoleKind, OrganisationKind, Person, SectorWorkingGroup

# What a keeper of a contact list may do to the people on it.
CONTACT_ACTIONS = frozenset({"add", "change", "delete", "view"})

NOT_YOUR_LIST = _(
    "Contacts can only be put on the lists of the working groups you prepare content for."
)
NOT_YOURS_TO_REMOVE = _(
    "A role in another working group's list can only be removed by that group's "
    "secretariat, chair or co-chair."
)
NO_ROLE_LEFT = _("Give this person a role in at least one working group's list.")


class PersonPermissionPolicy(ModelPermissionPolicy):
    """Who may add, see, change and delete people: swg.policy's contact lists."""

    def user_has_permission(self, user, action):
        if action in CONTACT_ACTIONS and not policy.is_rt_secretariat(user):
            return bool(policy.contact_swg_ids(user))
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in CONTACT_ACTIONS:
            return policy.keeps_contact(user, instance, entirely=action == "delete")
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if not actions <= CONTACT_ACTIONS:
            return super().instances_user_has_any_permission_for(user, actions)
        entirely = actions == {"delete"}
        return Person.objects.filter(policy.kept_contacts_q(user, entirely=entirely))


class OrganisationPermissionPolicy(ModelPermissionPolicy):
    """Organisations are shared: SWG editors add them; the rest is the RT secretariat's."""

    def user_has_permission(self, user, action):
        if action == "add" and policy.contact_swg_ids(user):
            return True
        return super().user_has_permission(user, action)


# --- The person form: roles only in the lists the user keeps --------------------------


class ContactRoleForm(WagtailAdminModelForm):
    """One role of a person. Offers the lists `for_user` keeps; a role in another
    group's list is shown but not editable (a disabled field keeps its saved value,
    whatever a POST says)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_by_others = False
        allowed = policy.contact_swg_ids(self.for_user)
        field = self.fields["working_group"]
        field.error_messages = {**field.error_messages, "invalid_choice": NOT_YOUR_LIST}
        if allowed is None:
            return
        current = self.instance.working_group_id if self.instance.pk else None
        self.kept_by_others = current is not None and current not in allowed
        offered = set(allowed) | ({current} if self.kept_by_others else set())
        field.queryset = SectorWorkingGroup.objects.filter(pk__in=offered)
        if self.kept_by_others:
            for name in ("working_group", "role", "details_public"):
                self.fields[name].disabled = True


class ContactRoleFormSet(BaseChildFormSet):
    """The roles of a person: those of other groups' lists stay; a person keeps one."""

    def clean(self):
        super().clean()
        kept_by_others = [f for f in self.initial_forms if getattr(f, "kept_by_others", False)]
        if any(self._should_delete_form(form) for form in kept_by_others):
            raise forms.ValidationError(NOT_YOURS_TO_REMOVE, code="not_yours_to_remove")
        remaining = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        if not remaining and not policy.is_rt_secretariat(self.form_kwargs.get("for_user")):
            raise forms.ValidationError(NO_ROLE_LEFT, code="no_role")


class ContactRolesPanel(InlinePanel):
    """The roles inline, with `ContactRoleForm` rows that know who is editing."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            form=ContactRoleForm, formset=ContactRoleFormSet, inherit_kwargs=["for_user"]
        )
        return options


# --- Listing, chooser and views ---------------------------------------------------------


def lists_kept_by(request):
    """The SWGs whose contact lists the requesting user keeps (filter choices)."""
    allowed = policy.contact_swg_ids(request.user) if request else frozenset()
    groups = SectorWorkingGroup.objects.all()
    return groups if allowed is None else groups.filter(pk__in=allowed)


class PersonFilterSet(WagtailFilterSet):
    roles__working_group = django_filters.ModelChoiceFilter(
        queryset=lists_kept_by, label=_("working group"), distinct=True
    )
    roles__role = django_filters.ChoiceFilter(
        choices=ContactRoleKind.choices, label=_("role"), distinct=True
    )
    organisation__kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, label=_("kind of organisation")
    )

    class Meta:
        model = Person
        fields = []


class KeptPeopleMixin:
    def get_object_list(self):
        return super().get_object_list().filter(policy.kept_contacts_q(self.request.user))


class PersonChooseView(KeptPeopleMixin, chooser.ChooseView):
    pass


class PersonChooseResultsView(KeptPeopleMixin, chooser.ChooseResultsView):
    pass


class PersonChooserViewSet(chooser_gap.ChooserViewSet):
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView


class InstancePermissionMixin:
    """Wagtail's edit, delete, usage and history views check the model-level permission
    only; a person's own record is checked here, before anything is shown or saved."""

    instance_permission = "change"

    def get_object(self, *args, **kwargs):
        person = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_permission, person
        ):
            raise PermissionDenied
        return person


class PersonEditView(InstancePermissionMixin, snippets.EditView):
    pass


class PersonDeleteView(InstancePermissionMixin, snippets.DeleteView):
    instance_permission = "delete"


class PersonUsageView(InstancePermissionMixin, snippets.UsageView):
    pass


class PersonHistoryView(InstancePermissionMixin, snippets.HistoryView):
    pass
