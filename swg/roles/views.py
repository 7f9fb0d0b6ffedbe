"""The invitation link and each space's members page: thin views over the policy
and `swg.roles.services`."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from swg import policy
from swg.models import SectorWorkingGroup
from swg.roles import services
from swg.roles.access import deny
from swg.roles.adapter import SESSION_KEY
from swg.roles.forms import InvitationForm, RoleChangeForm
from swg.roles.models import Invitation, Membership


def _account_exists(email):
    from allauth.account.models import EmailAddress

    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
    )


def _space_url(swg):
    return f"/{translation.get_language() or 'lo'}/swg/{swg.slug}/"


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """`/accounts/invitations/<token>/`: accept an invitation, signing up if needed."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "roles/invitation.html", {"error": str(error)}, status=410)
    context = {"invitation": invitation, "swg": invitation.swg}
    user = request.user
    if user.is_authenticated:
        if not services.email_matches(user, invitation.email):
            context["error"] = _(
                "This invitation was sent to another e-mail address. Sign out, then open "
                "the link again and sign in with that address."
            )
            return render(request, "roles/invitation.html", context, status=403)
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, user)
            except services.InvitationError as error:
                context["error"] = str(error)
                return render(request, "roles/invitation.html", context, status=410)
            messages.success(
                request,
                _("Welcome to %(swg)s: you are now %(role)s.")
                % {"swg": invitation.swg, "role": invitation.get_role_display()},
            )
            return HttpResponseRedirect(_space_url(invitation.swg))
        return render(request, "roles/invitation.html", context)
    if _account_exists(invitation.email):
        messages.info(request, _("Sign in to accept the invitation."))
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    # No account yet: sign-up opens for this session and this address only.
    request.session[SESSION_KEY] = token
    get_adapter(request).stash_verified_email(request, invitation.email)
    query = urlencode({"email": invitation.email})
    return HttpResponseRedirect(f"{reverse('account_signup')}?{query}")


@never_cache
@require_http_methods(["GET", "POST"])
def members(request, slug):
    """`/<lang>/swg/<slug>/members/`: chairs and co-chairs manage their group's people."""
    swg = get_object_or_404(SectorWorkingGroup, slug=slug)
    user = request.user
    if not policy.can(user, policy.Capability.MANAGE_MEMBERS, swg):
        return deny(request, f"managing the members of SWG {swg.slug}")
    roles = policy.assignable_roles(user, swg)
    invite_form = InvitationForm(
        request.POST if request.POST.get("action") == "invite" else None,
        roles=roles,
        initial={"language": (translation.get_language() or "lo")[:2]},
    )
    if request.method == "POST":
        done = _act(request, swg, roles, invite_form)
        if done:
            return HttpResponseRedirect(request.path)
    status = 429 if invite_form.retry_after else 200
    memberships = (
        Membership.objects.filter(swg=swg)
        .select_related("user", "swg")
        .order_by("role", "user__last_name", "user__email")
    )
    rows = [
        {
            "membership": m,
            "manageable": m.role in roles,
            "form": RoleChangeForm(roles=roles, initial={"role": m.role}, prefix=f"m{m.pk}"),
        }
        for m in memberships
    ]
    inherited = (
        Membership.objects.filter(swg_id__in=_ancestor_ids(swg))
        .select_related("user", "swg")
        .order_by("swg__name_en", "role")
    )
    context = {
        "swg": swg,
        "rows": rows,
        "inherited": inherited,
        "invitations": Invitation.objects.pending().filter(swg=swg).select_related("invited_by"),
        "invite_form": invite_form,
        "space_url": _space_url(swg),
    }
    response = render(request, "roles/members.html", context, status=status)
    if invite_form.retry_after:
        response["Retry-After"] = str(invite_form.retry_after)
    return response


def _ancestor_ids(swg):
    ids, current = [], swg.parent
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def _act(request, swg, roles, invite_form):
    """Carry out one POSTed action; True when done (redirect), False to re-show forms."""
    action = request.POST.get("action")
    user = request.user
    if action == "invite":
        if not invite_form.is_valid():
            return False
        data = invite_form.cleaned_data
        try:
            invitation, _url = services.invite(
                data["email"],
                swg,
                data["role"],
                by=user,
                language=data["language"],
                request=request,
            )
        except services.TooManyInvitations as refusal:
            invite_form.refuse_for_rate(refusal.limit, refusal.retry_after)
            return False
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return True
    if action in {"change", "remove"}:
        membership = get_object_or_404(
            Membership.objects.select_related("user", "swg"),
            pk=request.POST.get("membership"),
            swg=swg,
        )
        if action == "remove":
            if not policy.can_manage_membership(user, membership):
                return deny_action(request)
            services.remove(membership, by=user)
            messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
            return True
        form = RoleChangeForm(request.POST, roles=roles, prefix=f"m{membership.pk}")
        if not form.is_valid() or not policy.can_manage_membership(
            user, membership, form.cleaned_data["role"]
        ):
            return deny_action(request)
        services.appoint(membership.user, swg, form.cleaned_data["role"], by=user)
        messages.success(
            request, _("The role of %(person)s was changed.") % {"person": membership.user}
        )
        return True
    if action == "revoke":
        invitation = get_object_or_404(Invitation, pk=request.POST.get("invitation"), swg=swg)
        if invitation.role not in roles:
            return deny_action(request)
        services.revoke_invitation(invitation, by=user)
        messages.success(request, _("The invitation was withdrawn."))
        return True
    messages.error(request, _("Unknown action."))
    return True


def deny_action(request):
    messages.error(request, _("You may not make this change."))
    return True
