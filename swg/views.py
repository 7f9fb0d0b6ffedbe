"""Views of an SWG space: the overview and its listings. Thin: reads come from
queryset methods, access decisions from swg.policy."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from documents.models import DocumentLanguage, DocumentType, PortalDocument
from sitetree import fallback
from swg import exports, space_tabs
from swg.models import (
    ActionItem,
    ActionStatus,
    ContactRole,
    ContactRoleKind,
    MeetingPage,
    MeetingType,
    Organisation,
    Recommendation,
    SpacePage,
)
from swg.policy import Capability, can, readable_q
from swg.roles.access import deny

MEETINGS_PER_PAGE = 20
DOCUMENTS_PER_PAGE = 20
ACTIONS_PER_PAGE = 50


class BadFilter(ValueError):
    """A query-string filter the listing does not understand."""


def _paginate(request, items, per_page):
    """The requested page; page 1 for junk, the last page past the end."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _query_string(request, *keys):
    """The filter part of the query string, to carry into pagination links."""
    return urlencode([(k, v) for k in keys for v in request.GET.getlist(k) if v])


# The filters' names as readers know them (the query-string keys are codes).
FILTER_LABELS = {
    "type": _("type"),
    "year": _("year"),
    "language": _("language"),
    "status": _("status"),
    "overdue": _("overdue"),
    "responsible": _("responsible"),
}


def _choice(request, key, choices):
    """The value of filter `key`, one of the `choices` (a TextChoices class) or ""."""
    value = request.GET.get(key, "")
    if value and value not in choices.values:
        raise BadFilter(
            _("Unknown value “%(value)s” for the filter “%(filter)s”. Choose one of: %(allowed)s.")
            % {
                "value": value,
                "filter": FILTER_LABELS[key],
                "allowed": ", ".join(str(label) for label in choices.labels),
            }
        )
    return value


# Larger numbers cannot be ids or years, and SQLite refuses them in a query.
LARGEST_INTEGER = 2**63 - 1


def _integer(request, key, minimum=None, maximum=LARGEST_INTEGER):
    value = request.GET.get(key, "")
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if (
        number is None
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        raise BadFilter(
            _("“%(value)s” is not a valid value for the filter “%(filter)s”.")
            % {"value": value, "filter": FILTER_LABELS[key]}
        )
    return number


def _flag(request, key):
    value = request.GET.get(key, "")
    if value not in ("", "0", "1"):
        raise BadFilter(
            _("The filter “%(filter)s” must be 0 or 1.") % {"filter": FILTER_LABELS[key]}
        )
    return value == "1"


def _bad_request(request, space, error):
    return TemplateResponse(
        request,
        "swg/bad_filter.html",
        {"page": space, "self": space, "error": str(error), "back_url": request.path},
        status=400,
    )


def _space_context(request, space, current):
    # A space shown in the other language's tree keeps the reader there (sitetree.fallback).
    base = fallback.url_in_reader_tree(request, space)
    tabs = [
        ("overview", _("Overview"), base),
        ("meetings", _("Meetings"), base + space.reverse_subpage("meetings_listing")),
        ("documents", _("Documents"), base + space.reverse_subpage("documents_listing")),
        ("contacts", _("Contacts"), base + space.reverse_subpage("contacts_listing")),
        ("actions", _("Action items"), base + space.reverse_subpage("actions_listing")),
    ]
    # Tabs other apps add (swg.space_tabs), after swg's own.
    tabs += [
        (tab.key, str(tab.label), base + space.reverse_subpage(tab.routes[0].name))
        for tab in space_tabs.registered_tabs()
    ]
    return {
        "group": space.working_group,
        "space": space,
        # Which listing is shown: the page's tools depend on it (portal page_tools).
        "space_tab": current,
        "space_tabs": [
            {"key": key, "label": label, "url": url, "current": key == current}
            for key, label, url in tabs
        ],
        "space_urls": {
            **{key: url for key, _label, url in tabs},
            "calendar": reverse("subscriptions_swg_calendar", args=[space.slug]),
        },
    }


def space_context(request, space, current):
    """The header of a space (tabs and listing addresses), for the views of tabs that
    other apps add (swg.space_tabs); `current` is the key of the tab shown."""
    return _space_context(request, space, current)


def space_overview(request, space):
    group = space.working_group
    user = request.user
    now = timezone.now()
    locale_id = fallback.reader_locale_id(space)
    # This language's meetings and those held in the other language only, labelled.
    meetings = MeetingPage.objects.visible_to(user).filter(fallback.listing_q(space, locale_id))
    space_url = fallback.url_in_reader_tree(request, space)
    actions = ActionItem.objects.visible_to(user).of_group(group, space.locale_id)
    # The parent's space and the sub-groups' spaces in one query.
    related_spaces = Q(working_group__parent=group)
    if group.parent_id:
        related_spaces |= Q(working_group_id=group.parent_id)
    spaces = list(
        SpacePage.objects.live()
        .filter(related_spaces, locale_id=space.locale_id)
        .select_related("working_group")
        .order_by("working_group__sort_order", "title")
    )
    open_actions = actions.open()
    counts = open_actions.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(pk__in=actions.overdue().values("pk")))
    )
    context = {
        **_space_context(request, space, "overview"),
        "parent_space": next(
            (s for s in spaces if group.parent_id and s.working_group_id == group.parent_id),
            None,
        ),
        "subgroup_spaces": [s for s in spaces if s.working_group.parent_id == group.pk],
        "leaders": sorted(
            ContactRole.objects.filter(
                working_group=group,
                role__in=[ContactRoleKind.CHAIR, ContactRoleKind.CO_CHAIR],
            ).select_related("person__organisation"),
            key=lambda role: (role.role_order, role.sort_order or 0),
        ),
        "upcoming_meetings": fallback.label_foreign_children(
            meetings.upcoming(now)[:3], locale_id, space_url
        ),
        "latest_minutes": fallback.label_foreign_children(
            meetings.past(now)
            .filter(readable_q(user, swg_field="working_group", access_field="minutes_access"))
            .filter(~Q(minutes="") | Q(minutes_document__isnull=False))[:3],
            locale_id,
            space_url,
        ),
        "latest_documents": _documents(user, group)[:5],
        "open_actions": open_actions.select_related(
            "responsible_organisation", "responsible_person", "meeting"
        ).order_by("due_date", "pk")[:5],
        "open_action_count": counts["open"],
        "overdue_action_count": counts["overdue"],
        "recommendations": Recommendation.objects.filter(
            working_groups=group, event__locale_id=space.locale_id, event__live=True
        )
        .select_related("event")
        .order_by("-event__start_date", "sort_order")[:5],
        "today": timezone.localdate(),
        "can_see_contacts": can(user, Capability.SEE_CONTACT_DETAILS, group),
    }
    return space.render(request, context_overrides=context)


def meetings(request, space):
    try:
        meeting_type = _choice(request, "type", MeetingType)
        year = _integer(request, "year", 1990, 2100)
    except BadFilter as error:
        return _bad_request(request, space, error)
    locale_id = fallback.reader_locale_id(space)
    # This language's meetings and those held in the other language only, labelled.
    items = (
        MeetingPage.objects.visible_to(request.user)
        .filter(fallback.listing_q(space, locale_id))
        .order_by("-start", "-pk")
        .select_related("minutes_document")
    )
    if meeting_type:
        items = items.filter(meeting_type=meeting_type)
    if year:
        items = items.filter(start__year=year)
    listed = _paginate(request, items, MEETINGS_PER_PAGE)
    listed.object_list = fallback.label_foreign_children(
        listed.object_list, locale_id, fallback.url_in_reader_tree(request, space)
    )
    context = {
        **_space_context(request, space, "meetings"),
        "meetings": listed,
        "meeting_types": MeetingType.choices,
        "selected_type": meeting_type,
        "selected_year": year,
        "now": timezone.now(),
        "query_string": _query_string(request, "type", "year"),
    }
    return space.render(request, template="swg/meetings.html", context_overrides=context)


def _documents(user, group):
    # One filter() call so that the SWG and the access check share one join.
    return (
        PortalDocument.objects.filter(
            Q(working_groups=group) & readable_q(user, swg_field="working_groups")
        )
        .order_by("-document_date", "-pk")
        .defer("extracted_text")
    )


def documents(request, space):
    group = space.working_group
    try:
        document_type = _choice(request, "type", DocumentType)
        language = _choice(request, "language", DocumentLanguage)
        year = _integer(request, "year", 1990, 2100)
    except BadFilter as error:
        return _bad_request(request, space, error)
    items = _documents(request.user, group)
    if document_type:
        items = items.filter(document_type=document_type)
    if language:
        items = items.filter(language=language)
    if year:
        items = items.filter(document_date__year=year)
    context = {
        **_space_context(request, space, "documents"),
        "documents": _paginate(request, items, DOCUMENTS_PER_PAGE),
        "document_types": DocumentType.choices,
        "document_languages": DocumentLanguage.choices,
        "selected_type": document_type,
        "selected_language": language,
        "selected_year": year,
        "query_string": _query_string(request, "type", "language", "year"),
    }
    return space.render(request, template="swg/documents.html", context_overrides=context)


def _contact_roles(group):
    roles = ContactRole.objects.filter(working_group=group).select_related("person__organisation")
    return sorted(roles, key=lambda r: (r.role_order, r.sort_order or 0, r.person.name))


def contacts(request, space):
    group = space.working_group
    roles = _contact_roles(group)
    sections = []
    base = fallback.url_in_reader_tree(request, space)
    for kind, label in ContactRoleKind.choices:
        members = [role for role in roles if role.role == kind]
        if members:
            sections.append({"kind": kind, "label": label, "roles": members})
    context = {
        **_space_context(request, space, "contacts"),
        "sections": sections,
        "can_see_contacts": can(request.user, Capability.SEE_CONTACT_DETAILS, group),
        "export_csv_url": base + space.reverse_subpage("contacts_csv"),
        "export_vcard_url": base + space.reverse_subpage("contacts_vcard"),
    }
    return space.render(request, template="swg/contacts.html", context_overrides=context)


def contacts_export(request, space, fmt):
    group = space.working_group
    if not can(request.user, Capability.SEE_CONTACT_DETAILS, group):
        return deny(request, f"contact details of SWG {group.slug}")
    roles = _contact_roles(group)
    if fmt == "csv":
        body, content_type, extension = exports.contacts_csv(roles), "text/csv", "csv"
    else:
        body, content_type, extension = exports.contacts_vcard(roles), "text/vcard", "vcf"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-contacts.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def actions(request, space):
    group = space.working_group
    today = timezone.localdate()
    try:
        status = _choice(request, "status", ActionStatus)
        overdue = _flag(request, "overdue")
        responsible = _integer(request, "responsible", 1)
    except BadFilter as error:
        return _bad_request(request, space, error)
    base = ActionItem.objects.visible_to(request.user).of_group(group, space.locale_id)
    items = base
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue(today)
    if responsible:
        items = items.filter(
            Q(responsible_organisation_id=responsible)
            | Q(responsible_person__organisation_id=responsible)
        )
    items = items.select_related(
        "meeting", "closed_in", "responsible_organisation", "responsible_person"
    ).order_by("due_date", "pk")
    context = {
        **_space_context(request, space, "actions"),
        "actions": _paginate(request, items, ACTIONS_PER_PAGE),
        "statuses": ActionStatus.choices,
        "selected_status": status,
        "selected_overdue": overdue,
        "selected_responsible": responsible,
        "organisations": Organisation.objects.filter(
            Q(action_items__in=base) | Q(people__action_items__in=base)
        )
        .distinct()
        .order_by("name_en"),
        "today": today,
        "query_string": _query_string(request, "status", "overdue", "responsible"),
    }
    return space.render(request, template="swg/actions.html", context_overrides=context)
