"""allauth's sign-in views, answering a locked sign-in with 429 Too Many Requests.

allauth shows "Too many failed login attempts" as a form error with status 200, so a
client (or a monitoring check) cannot tell a lockout from a wrong password. These
wrap its password and two-factor forms and only change the status."""

from functools import wraps

from allauth.account.views import login as allauth_login
from allauth.mfa.base.views import authenticate as allauth_mfa_authenticate

LOCKED = "too_many_login_attempts"


def is_locked_out(form) -> bool:
    """Did `form` refuse the attempt because the sign-in is locked for a while?"""
    if form is None or not form.is_bound:
        return False
    return any(
        error.code == LOCKED for errors in form.errors.as_data().values() for error in errors
    )


def answer_lockout_with_429(view):
    """`view`, with status 429 when its form refused a locked sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if response.status_code == 200 and is_locked_out(context.get("form")):
            response.status_code = 429
        return response

    return wrapped


login = answer_lockout_with_429(allauth_login)
mfa_authenticate = answer_lockout_with_429(allauth_mfa_authenticate)
