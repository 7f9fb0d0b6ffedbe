"""The Wagtail admin shows each user only what `swg.policy` lets them read.

Wagtail's admin lists, chooses, searches and acts in bulk on every page and document
it has, whatever the site's access levels: its page chooser shows other SWGs'
members-only and restricted meetings, and its bulk-action pages print the title of
any id put in the address. The rule stays in the policy (`policy.readable`); this
module applies it at Wagtail's own seams, one mechanism each:

- page listings: the `construct_explorer_page_queryset` and
  `construct_page_chooser_queryset` hooks (explorer, its search, the page chooser and
  its search), the dashboard's page count, and the admin API's pages and documents
  (which Wagtail lists to anyone in the admin);
- documents: the document model's permission policy (`ReadableCollectionPolicy`),
  which the document listing, chooser, usage, edit and bulk-action views all ask;
- snippets: `ReadableSnippetViewSet`, the base of the portal's snippet viewsets
  (listing and chooser);
- bulk actions: every registered action is replaced by a subclass that drops the
  objects the user may not read (`ReadableObjectsOnly`), so neither "items" nor
  "items you may not act on" name them;
- addresses: `refuse_unreadable_addresses` wraps every admin view and refuses it, as
  Wagtail refuses anything in its admin, when the address names a page, document,
  translation or other object with a read rule that the user may not read (explorer
  and chooser of a private page, move confirmation, revisions, history, usage,
  previews, wagtail-localize's views, the chosen-multiple and bulk `?id=` lists);
- site-wide statistics (the page types report counts every page on the site) are the
  Round Table secretariat's.

Superusers (the Round Table secretariat) see everything, at no extra query.
"""

import contextlib
from functools import update_wrapper

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef, Q
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import permission_denied
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.pages.bulk_actions.delete import (
    DeleteBulkAction as PageDeleteBulkAction,
)
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction as PageMoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import (
    PublishBulkAction as PagePublishBulkAction,
)
from wagtail.admin.views.pages.bulk_actions.unpublish import (
    UnpublishBulkAction as PageUnpublishBulkAction,
)
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.bulk_actions.add_tags import (
    AddTagsBulkAction as DocumentAddTagsBulkAction,
)
from wagtail.documents.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as DocumentAddToCollectionBulkAction,
)
from wagtail.documents.views.bulk_actions.delete import (
    DeleteBulkAction as DocumentDeleteBulkAction,
)
from wagtail.images.views.bulk_actions.add_tags import AddTagsBulkAction as ImageAddTagsBulkAction
from wagtail.images.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as ImageAddToCollectionBulkAction,
)
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.models import Page, get_page_models
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction as UserDeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.report import TranslationsReportView

from swg import chooser_gap, policy

# --- Page listings ---------------------------------------------------------------------


def scope_explorer(parent_page, pages, request):
    """`construct_explorer_page_queryset`: the explorer and its search."""
    return policy.readable(request.user, pages)


def scope_page_chooser(pages, request):
    """`construct_page_chooser_queryset`: the page chooser and its search."""
    return policy.readable(request.user, pages)


class ReadablePagesSummaryItem(PagesSummaryItem):
    """The dashboard's "N pages", counting only the pages the user may see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        # Wagtail swaps the tree root for the site's home page in the context: ask
        # again for the root it counted under.
        root = get_site_for_user(user)["root_page"]
        if root is not None and not policy.is_rt_secretariat(user):
            pages = Page.objects.descendant_of(root, inclusive=True).exclude(depth=1)
            context["total_pages"] = policy.readable(user, pages).count()
        return context


def scope_summary_items(request, items):
    """`construct_homepage_summary_items`: swap Wagtail's page count for ours."""
    items[:] = [
        ReadablePagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in items
    ]


# --- The admin API (the explorer menu, choosers' scripts) --------------------------------


class ReadablePagesAPIViewSet(PagesAdminAPIViewSet):
    """The admin API's pages: those the user may explore and read."""

    def get_base_queryset(self):
        return policy.readable(self.request.user, super().get_base_queryset())


class ReadableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: Wagtail lists every one to anyone in the admin."""

    def get_queryset(self):
        return policy.readable(self.request.user, super().get_queryset())


def scope_admin_api(router):
    """`construct_admin_api`: the endpoints above in place of Wagtail's."""
    router.register_endpoint("pages", ReadablePagesAPIViewSet)
    router.register_endpoint("documents", ReadableDocumentsAPIViewSet)


# --- Documents: their permission policy ------------------------------------------------


class ReadableCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions for documents, narrowed to what the policy lets
    the user read: a document in a collection they work in but of another SWG's
    restricted material is neither listed, chosen nor acted on."""

    def instances_user_has_any_permission_for(self, user, actions):
        return policy.readable(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(
            user, actions, instance
        ) and _readable_ids(user, type(instance), [instance.pk]) == {instance.pk}


def document_permission_policy():
    """The permission policy of the portal's document model (registered at start-up)."""
    return ReadableCollectionPolicy(
        get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    )


# --- Snippets --------------------------------------------------------------------------


class _ReadableChoices:
    def get_object_list(self):
        return policy.readable(self.request.user, super().get_object_list())


class ReadableChooseView(_ReadableChoices, ChooseView):
    pass


class ReadableChooseResultsView(_ReadableChoices, ChooseResultsView):
    pass


class ReadableSnippetChooserViewSet(chooser_gap.ChooserViewSet):
    choose_view_class = ReadableChooseView
    choose_results_view_class = ReadableChooseResultsView


class ReadableSnippetViewSet(SnippetViewSet):
    """The base of the portal's snippet viewsets: listing and chooser show only the rows
    the policy lets the user read (all rows of a model without a read rule)."""

    chooser_viewset_class = ReadableSnippetChooserViewSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        return policy.readable(request.user, queryset)


# --- Bulk actions ----------------------------------------------------------------------


class ReadableObjectsOnly:
    """A bulk action that knows only the objects the user may read: the others are
    left out of both the confirmation page and the action."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        without_access = extra.get("items_with_no_access", [])
        found = [obj.pk for obj in [*objects, *without_access]]
        readable = _readable_ids(self.request.user, self.model, found)
        extra["items_with_no_access"] = [obj for obj in without_access if obj.pk in readable]
        return [obj for obj in objects if obj.pk in readable], extra


# Every bulk action Wagtail 8 registers (pages, documents, images, snippets, users);
# tests/swg/test_admin_visibility.py fails if one is registered without the mixin.
WAGTAIL_BULK_ACTIONS = (
    PageDeleteBulkAction,
    PageMoveBulkAction,
    PagePublishBulkAction,
    PageUnpublishBulkAction,
    DocumentAddTagsBulkAction,
    DocumentAddToCollectionBulkAction,
    DocumentDeleteBulkAction,
    ImageAddTagsBulkAction,
    ImageAddToCollectionBulkAction,
    ImageDeleteBulkAction,
    SnippetDeleteBulkAction,
    AssignRoleBulkAction,
    UserDeleteBulkAction,
    SetActiveStateBulkAction,
)


def readable_bulk_actions():
    """Subclasses of Wagtail's bulk actions with `ReadableObjectsOnly`; registered after
    Wagtail's, they take their place (one action per model and action type)."""
    return [
        type(f"Readable{action.__name__}", (ReadableObjectsOnly, action), {})
        for action in WAGTAIL_BULK_ACTIONS
    ]


# --- wagtail-localize's translations report ---------------------------------------------


class ReadableTranslationsReportView(TranslationsReportView):
    """wagtail-localize's report of every translation on the site, narrowed to those
    whose source page the user may read (translations of other objects stay)."""

    def get_queryset(self):
        page_types = list(ContentType.objects.get_for_models(*get_page_models()).values())
        source_pages = Page.objects.filter(
            translation_key=OuterRef("source__object_id"), locale_id=OuterRef("source__locale_id")
        )
        readable_source = Exists(policy.readable(self.request.user, source_pages))
        return (
            super()
            .get_queryset()
            .filter(~Q(source__specific_content_type__in=page_types) | readable_source)
        )


# --- Addresses -------------------------------------------------------------------------

# URL keywords that name a page or a document, whatever the view.
PAGE_KWARGS = frozenset(
    {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
)
DOCUMENT_KWARGS = frozenset({"document_id", "doc_id"})
# URL keywords that name an object of the view's own model (or of app_label/model_name).
OBJECT_KWARGS = frozenset({"pk", "object_id"})
# Views that take a list of `?id=` of their model: the choosers' "chosen multiple"
# (named `chosen_multiple` or ending so) and the bulk actions.
ID_LIST_URL_NAMES = frozenset({"chosen_multiple", "wagtail_bulk_action"})
# URL namespaces whose `pk` is a page although the view has no model of its own.
PAGE_NAMESPACES = frozenset({"wagtailadmin_pages"})
# Views whose answer counts or names pages across the whole site.
SITE_WIDE_URL_NAMES = frozenset(
    {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}
)


def refuse_unreadable_addresses(view):
    """Wrap an admin view: when its address names something the user may not read, the
    answer Wagtail gives to any refusal in its admin (back to the dashboard with "Sorry,
    you do not have permission to access this area.", or 403 to a script)."""

    def guarded(request, *args, **kwargs):
        user = request.user
        # Who may not use the admin at all is turned away by Wagtail itself.
        if user.has_perm("wagtailadmin.access_admin") and not policy.is_rt_secretariat(user):
            match = request.resolver_match
            if match is not None and match.view_name in SITE_WIDE_URL_NAMES:
                return permission_denied(request)
            for model, pks in _addressed(request, view, kwargs):
                if _names_unreadable(user, model, pks):
                    return permission_denied(request)
        return view(request, *args, **kwargs)

    guarded = update_wrapper(guarded, view)
    guarded.refuses_unreadable_addresses = True
    return guarded


def guard_admin_urls(urlconf_module):
    """Wrap every view of the admin's URL configuration (Wagtail's and those added by
    hooks) with `refuse_unreadable_addresses`; returns the module for `include`."""
    decorate_urlpatterns(urlconf_module.urlpatterns, refuse_unreadable_addresses)
    return urlconf_module


def _addressed(request, view, kwargs):
    """[(model, [pk, ...])] of what the address names."""
    match = request.resolver_match
    addressed = []
    for name, value in kwargs.items():
        if name in PAGE_KWARGS:
            addressed.append((Page, [value]))
        elif name in DOCUMENT_KWARGS:
            addressed.append((get_document_model(), [value]))
        elif name == "translation_id":
            addressed.extend(_translation_objects(Translation, value))
        elif name == "translation_source_id":
            addressed.extend(_translation_objects(TranslationSource, value))
        elif name in OBJECT_KWARGS and (model := _model_of(view, match, kwargs)) is not None:
            addressed.append((model, [value]))
    url_name = (match.url_name if match is not None else None) or ""
    takes_ids = url_name in ID_LIST_URL_NAMES or url_name.endswith("_chosen_multiple")
    if takes_ids and "id" in request.GET:
        model = _model_of(view, match, kwargs)
        ids = [value for value in request.GET.getlist("id") if value != "all"]
        if model is not None and ids:
            addressed.append((model, ids))
    return addressed


def _model_of(view, match, kwargs):
    """The model a view works on: its class's or its viewset's, the one named by
    app_label/model_name in the address, or Page for the page views and chooser."""
    for attr in ("view_initkwargs", "initkwargs"):
        model = (getattr(view, attr, None) or {}).get("model")
        if model is not None:
            return resolve_model_string(model)
    for attr in ("view_class", "cls"):
        model = getattr(getattr(view, attr, None), "model", None)
        if isinstance(model, type):
            return model
    if "app_label" in kwargs and "model_name" in kwargs:
        try:
            return apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except (LookupError, ValueError):
            return None
    if match is not None and (
        match.namespace in PAGE_NAMESPACES
        or (match.url_name or "").startswith("wagtailadmin_choose_page")
    ):
        return Page
    return None


def _translation_objects(model, pk):
    """The source object (and the translated copy) a translation or source names."""
    try:
        item = model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, ValidationError):
        return []
    source = item if isinstance(item, TranslationSource) else item.source
    objects = []
    with contextlib.suppress(ObjectDoesNotExist):
        objects.append(source.get_source_instance())
    if isinstance(item, Translation):
        # No translated copy yet: the source is all there is to check.
        with contextlib.suppress(ObjectDoesNotExist):
            objects.append(item.get_target_instance())
    return [(type(obj), [obj.pk]) for obj in objects if obj is not None]


def _clean_pks(model, pks):
    cleaned = set()
    for pk in pks:
        try:
            cleaned.add(model._meta.pk.to_python(pk))
        except ValidationError:
            continue
    return cleaned


def _names_unreadable(user, model, pks):
    """Does any of `pks` name an existing `model` row that `user` may not read? (One
    query, none for a model without a read rule; ids of nothing are left to the view.)"""
    queryset = model._default_manager.filter(pk__in=_clean_pks(model, pks))
    scoped = policy.readable(user, queryset)
    if scoped is queryset:  # `policy.readable` hands back a model without a rule as is
        return False
    return queryset.exclude(pk__in=scoped.values("pk")).exists()


def _readable_ids(user, model, pks):
    """The ids among `pks` (of existing `model` rows) that `user` may read."""
    pks = _clean_pks(model, pks)
    queryset = model._default_manager.filter(pk__in=pks)
    scoped = policy.readable(user, queryset)
    if scoped is queryset:  # no read rule: every existing row is readable
        return pks
    return set(scoped.values_list("pk", flat=True))
