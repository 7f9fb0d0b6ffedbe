"""Answers to a denied read, the same everywhere: anonymous readers are sent to the
login form, signed-in ones get 403. Nothing about the item is shown."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from swg import policy


def deny(request):
    """A response (login redirect) for anonymous readers; PermissionDenied otherwise."""
    if not request.user.is_authenticated:
        response = redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
        response["Cache-Control"] = "private, no-store"
        return response
    raise PermissionDenied


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
