"""The working groups a person prepares content for, as the admin shows them: each
SWG's spaces, its pages with unpublished changes, and what waits for approval; and the
space the page explorer opens at (swg.explorer_start).

Who works where is the policy's answer (`Capability.DRAFT`, which holds in sub-groups
too); whether the person may approve there is the policy's answer as well. The Round
Table secretariat works on the whole site: Wagtail's own dashboard and explorer serve it
unchanged, so it gets no per-SWG panels here.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Page, WorkflowState

from swg import policy
from swg.models import MeetingPage, SectorWorkingGroup, SpacePage

# --- Links into the admin, the same from the public pages and the dashboard ----------


def add_meeting_url(space):
    """Wagtail's form for a new meeting under `space`."""
    meta = MeetingPage._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, space.pk])


def upload_document_url(group):
    """Wagtail's uploader with `group`'s collection chosen (its SWG follows from it)."""
    url = reverse("wagtaildocs:add_multiple")
    if group.collection_id:
        url += "?" + urlencode({"collection_id": group.collection_id})
    return url


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def explore_url(page):
    """The page explorer's listing of `page`'s children."""
    return reverse("wagtailadmin_explore", args=[page.pk])


# --- What the dashboard shows ---------------------------------------------------------

# Enough to act on at a glance; the explorer lists the rest.
DRAFTS_SHOWN = 8
AWAITING_SHOWN = 8


@dataclass
class Awaiting:
    """A page submitted for approval, and its workflow state."""

    state: WorkflowState
    page: Page


@dataclass
class Workspace:
    """One SWG as the dashboard shows it to one person."""

    group: SectorWorkingGroup
    spaces: list = field(default_factory=list)  # SpacePage, the admin's language first
    drafts: list = field(default_factory=list)  # pages, latest change first
    draft_count: int = 0
    awaiting: list = field(default_factory=list)  # Awaiting, latest submission first
    awaiting_count: int = 0
    may_approve: bool = False

    @property
    def space(self):
        """The space in the admin's language, else the other one (None without any)."""
        return self.spaces[0] if self.spaces else None


def working_group_ids(user):
    """Ids of the SWGs `user` prepares content for by a role (sub-groups included);
    empty for the Round Table secretariat (see the module docstring) and for readers."""
    ids = policy.swg_ids_with(user, policy.Capability.DRAFT)
    return frozenset() if ids is None else ids


def top_working_group_ids(groups):
    """Of `groups` (SWGs), the ids of those that are not sub-groups of another one."""
    ids = {group.pk for group in groups}
    return {group.pk for group in groups if group.parent_id not in ids}


def spaces_of(group_ids):
    """{SWG id: [SpacePage]} with the space in the active language first."""
    language = (get_language() or "")[:2]
    spaces = (
        SpacePage.objects.filter(working_group_id__in=group_ids)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    by_group = {}
    for space in spaces:
        by_group.setdefault(space.working_group_id, []).append(space)
    for found in by_group.values():
        found.sort(key=lambda space: space.locale.language_code != language)
    return by_group


def _under(spaces):
    """Pages in the subtrees of `spaces` (the spaces included)."""
    q = Q(pk__in=[])
    for space in spaces:
        q |= Q(path__startswith=space.path)
    return q


def _fill(work, pages, page_type):
    """Drafts and pages in moderation among `pages` (those of the SWG's spaces)."""
    active = WorkflowState.objects.active().filter(base_content_type=page_type)
    # A workflow state names its page by a text id (a generic relation).
    in_moderation = active.filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
    drafts = (
        pages.filter(has_unpublished_changes=True)
        .exclude(Exists(in_moderation))
        .order_by("-latest_revision_created_at", "-pk")
    )
    work.draft_count = drafts.count()
    work.drafts = list(drafts.select_related("locale")[:DRAFTS_SHOWN])
    in_spaces = pages.filter(pk=Cast(OuterRef("object_id"), output_field=IntegerField()))
    awaiting = (
        active.filter(Exists(in_spaces))
        .select_related("requested_by", "current_task_state")
        .order_by("-current_task_state__started_at", "-pk")
    )
    work.awaiting_count = awaiting.count()
    states = list(awaiting[:AWAITING_SHOWN])
    found = Page.objects.select_related("locale").in_bulk([int(s.object_id) for s in states])
    work.awaiting = [
        Awaiting(state=state, page=found[int(state.object_id)])
        for state in states
        if int(state.object_id) in found
    ]


def workspaces(user):
    """[Workspace] of every SWG `user` prepares content for, in the site's SWG order."""
    ids = working_group_ids(user)
    if not ids:
        return []
    groups = list(SectorWorkingGroup.objects.filter(pk__in=ids).order_by("sort_order", "name_en"))
    spaces = spaces_of(ids)
    page_type = ContentType.objects.get_for_model(Page)
    found = []
    for group in groups:
        work = Workspace(
            group=group,
            spaces=spaces.get(group.pk, []),
            may_approve=policy.can(user, policy.Capability.APPROVE, group),
        )
        if work.spaces:
            _fill(work, Page.objects.filter(_under(work.spaces)), page_type)
        found.append(work)
    return found
