"""Answers to a denied read, the same everywhere: anonymous readers are sent to the
login form, signed-in ones who have not yet passed the second factor they must use to
set it up or confirm it (swg.roles.second_factor), other signed-in ones get 403.
Nothing about the item is shown; the reason goes to the log only (web.logging)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from swg import policy
from swg.roles import second_factor


def deny(request, reason=""):
    """A response (login or second-factor redirect), or PermissionDenied.

    `reason` says, for the log, what was refused (`refused_read(item)` for a read)."""
    if not request.user.is_authenticated:
        response = redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    else:
        response = second_factor.refusal(request)
    if response is None:
        raise PermissionDenied(reason)
    response["Cache-Control"] = "private, no-store"
    return response


def refused_read(item):
    """What a refused read was, for the log: "restricted PortalDocument 12"."""
    return f"{policy.access_level_of(item)} {type(item).__name__} {getattr(item, 'pk', '')}".strip()


def page_swg_ids(page):
    """The SWGs a page belongs to: its own (see `policy.swg_ids_of`), else those of the
    nearest space page above it."""
    ids = policy.swg_ids_of(page)
    if ids:
        return ids
    from swg.roles.permissions import space_page_model

    model = space_page_model()
    if model is None or not getattr(page, "path", None):
        return set()
    ancestor = (
        model.objects.filter(path__in=[page.path[:i] for i in range(4, len(page.path), 4)])
        .order_by("-depth")
        .values_list("working_group_id", flat=True)
        .first()
    )
    return {ancestor} if ancestor else set()


def may_read_page(user, page):
    level = policy.access_level_of(page)
    if level is None or level == "public":
        return True
    return policy.can_read(user, level, page_swg_ids(page))
