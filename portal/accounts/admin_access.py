"""/admin/ for a signed-in user who may not use it (members, partners, registered users).

Wagtail answers every admin address for a user without `wagtailadmin.access_admin` with
a redirect to the login form; allauth sends a user who is already signed in straight
back to `next`, so the browser went round /admin/ -> /accounts/login/?next=/admin/ ->
/admin/ until it gave up. `AdminAccessMiddleware` sends such a user to a page in the
site's look, in their language, that says what they can do instead. Anonymous users
and editors pass through to Wagtail unchanged.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from swg.models import SpacePage
from swg.roles.models import Membership

ADMIN_PERMISSION = "wagtailadmin.access_admin"  # what Wagtail's require_admin_access asks


def may_use_admin(user):
    """Does Wagtail let `user` into its admin?"""
    return user.is_authenticated and user.has_perm(ADMIN_PERMISSION)


class AdminAccessMiddleware:
    """Send signed-in users without admin access from /admin/... to `no_admin_access`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info.startswith(reverse("wagtailadmin_home"))
            and not may_use_admin(user)
        ):
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return HttpResponseForbidden()
            # i18n_patterns: in the language LocaleMiddleware chose (cookie, browser).
            return HttpResponseRedirect(reverse("no_admin_access"))
        return self.get_response(request)


def no_admin_access(request):
    """What a signed-in user without an editor role can do instead of the admin."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if may_use_admin(request.user):
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("swg").order_by("swg__name_en")
    )
    spaces = {
        space.working_group_id: space
        for space in SpacePage.objects.live().filter(
            working_group__in=[m.swg_id for m in memberships], locale=Locale.get_active()
        )
    }
    # A group whose space is not published in this language has nothing to link to.
    groups = [
        {"membership": m, "space": spaces[m.swg_id]} for m in memberships if m.swg_id in spaces
    ]
    return render(
        request,
        "accounts/no_admin_access.html",
        {"groups": groups, "title": _("The administration area is for editors")},
    )
