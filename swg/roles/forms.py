from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from swg.roles.models import Role


def _role_choices(roles):
    labels = dict(Role.choices)
    return [(role, labels[role]) for role in roles]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].initial = "member"
        self.retry_after = None

    def refuse_for_rate(self, limit, retry_after):
        """The inviter sent too many invitations lately: say so on the form."""
        self.retry_after = retry_after
        self.add_error(
            None,
            _(
                "You may send at most %(limit)d invitations in an hour. "
                "Try again in %(minutes)d min."
            )
            % {"limit": limit, "minutes": max(1, -(-retry_after // 60))},
        )


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
