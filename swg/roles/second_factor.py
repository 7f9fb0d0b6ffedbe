"""The second factor beyond the admin (setting PORTAL_REQUIRE_2FA_FOR_ADMIN).

Whoever must use two-factor authentication (superusers, chairs, co-chairs,
secretariats: `policy.requires_admin_2fa`) and has not passed it in this session holds
only what a member holds (`policy.hold_until_second_factor`): they cannot appoint,
invite or remove people, and restricted material is neither listed, found nor served
to them. A refusal then sends them to set up their authenticator, or to confirm it
(`redirect_to_second_factor`), instead of answering 403. The admin has its own gate
in front of every page (swg.roles.middleware).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from swg import policy


def has_totp(user):
    """Has `user` set up an authenticator app?"""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa_in_session(request):
    """Did this session confirm a second factor (allauth's authentication records)?"""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def redirect_to_second_factor(request, *, enrol_message, confirm_message):
    """Send the user to set up TOTP (no authenticator yet) or to confirm it and come
    back to this address; the message says why."""
    if not has_totp(request.user):
        messages.warning(request, enrol_message)
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    messages.warning(request, confirm_message)
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


def refusal(request):
    """The answer to a refusal that the second factor would lift, or None."""
    if not policy.awaits_second_factor(request.user):
        return None
    return redirect_to_second_factor(
        request,
        enrol_message=_(
            "Set up two-factor authentication to manage members and to open restricted material."
        ),
        confirm_message=_(
            "Confirm with your authenticator app to manage members and to open restricted material."
        ),
    )


class SecondFactorMiddleware:
    """Marks the signed-in user who has not passed the second factor in this session
    (when PORTAL_REQUIRE_2FA_FOR_ADMIN is on); `swg.policy` then holds back what needs it.
    Costs no query: the session is read anyway, the roles only when the policy is asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "PORTAL_REQUIRE_2FA_FOR_ADMIN", False)
            # Only sessions that belong to someone: a reader without one stays lazy.
            and SESSION_KEY in request.session
            and request.user.is_authenticated
            and not passed_mfa_in_session(request)
        ):
            policy.hold_until_second_factor(request.user)
        return self.get_response(request)
