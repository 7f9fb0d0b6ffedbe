"""Two-factor authentication before the admin (setting PORTAL_REQUIRE_2FA_FOR_ADMIN).

Superusers, chairs, co-chairs and secretariats reach /admin/ only with an activated
TOTP authenticator and a session in which they passed it. Wagtail's own login form is
closed (portal.urls sends /admin/login/ to allauth), so this is the one way in."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from swg import policy
from swg.roles.second_factor import passed_mfa_in_session, redirect_to_second_factor


class AdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._gate(request)
        return response if response is not None else self.get_response(request)

    def _gate(self, request):
        if not getattr(settings, "PORTAL_REQUIRE_2FA_FOR_ADMIN", False):
            return None
        admin_root = reverse("wagtailadmin_home")
        if not request.path_info.startswith(admin_root):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Anyone else who may use the admin (e.g. put in Wagtail's "Editors" group by
        # hand) is held to the same rule.
        if not (policy.requires_admin_2fa(user) or user.has_perm("wagtailadmin.access_admin")):
            return None
        if passed_mfa_in_session(request):
            return None
        return redirect_to_second_factor(
            request,
            enrol_message=_(
                "Set up two-factor authentication before you use the administration area."
            ),
            confirm_message=_(
                "Confirm with your authenticator app to open the administration area."
            ),
        )
