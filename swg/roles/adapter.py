"""allauth adapter: sign-up is open only to someone holding a valid invitation, for
the address it was sent to; the new account receives the invitation's role."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _

from swg.roles import services

SESSION_KEY = "roles_invitation_token"


def invitation_in_session(request):
    """The pending invitation whose token this session carries, or None."""
    token = request.session.get(SESSION_KEY) if request is not None else None
    if not token:
        return None
    try:
        return services.invitation_from_token(token)
    except services.InvitationError:
        request.session.pop(SESSION_KEY, None)
        return None


class PortalSite:
    """What allauth's e-mails call the site ("Hello from …", the subject prefix): the
    portal's name in the reader's language, not the host name RequestSite would give."""

    def __init__(self, request):
        self.name = _("Sector Working Group portal")
        self.domain = request.get_host() if request is not None else ""


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {**context, "current_site": PortalSite(allauth_context.request)}
        return super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        return f"[{_('Sector Working Group portal')}] {subject}"

    def is_open_for_signup(self, request):
        return invitation_in_session(request) is not None

    def clean_email(self, email):
        email = super().clean_email(email)
        invitation = invitation_in_session(self.request)
        if invitation is not None and email.lower() != invitation.email.lower():
            raise forms.ValidationError(
                _("Sign up with the address the invitation was sent to: %(email)s")
                % {"email": invitation.email}
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        invitation = invitation_in_session(request)
        if commit and invitation is not None:
            if not user.preferred_language or user.preferred_language != invitation.language:
                user.preferred_language = invitation.language
                user.save(update_fields=["preferred_language"])
            try:
                services.accept_invitation(invitation, user)
            except services.InvitationError as error:
                # The account stands; the role needs a new invitation.
                messages.error(request, str(error))
            request.session.pop(SESSION_KEY, None)
        return user
