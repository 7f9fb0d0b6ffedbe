"""Multi-step writes about roles: appointing, removing, inviting. Callers check rights
with the policy (`swg.policy.assignable_roles`, `can_manage_membership`); these
functions do the work, in one transaction, and write the audit log."""

import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from guardian.models import GroupObjectPermission

from swg import policy
from swg.roles.models import AuditEntry, Invitation, Membership, Role
from swg.roles.permissions import role_groups, sync_working_group

INVITATION_SALT = "swg.roles.invitation"


def _default_expiry():
    return timedelta(days=getattr(settings, "PORTAL_INVITATION_DAYS", 14))


def _audit(action, *, by, swg, email="", role="", previous_role="", note=""):
    return AuditEntry.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        swg=swg,
        subject_email=email,
        role=role,
        previous_role=previous_role,
        note=note[:255],
    )


@transaction.atomic
def appoint(user, swg, role, *, by=None, note=""):
    """Give `user` `role` in `swg` (replacing any other role there). Idempotent:
    appointing someone to the role they hold changes nothing and logs nothing."""
    role = Role(role)
    groups = role_groups(swg)
    if not GroupObjectPermission.objects.filter(group=groups[role], object_pk=str(swg.pk)).exists():
        sync_working_group(swg)  # an SWG older than its permissions
    membership = Membership.objects.select_for_update().filter(user=user, swg=swg).first()
    if membership is not None and membership.role == role:
        user.groups.add(groups[role])  # repair a group removed by hand
        return membership
    previous = membership.role if membership else ""
    if membership is None:
        membership = Membership.objects.create(user=user, swg=swg, role=role)
    else:
        user.groups.remove(groups[membership.role])
        membership.role = role
        membership.save(update_fields=["role"])
    user.groups.add(groups[role])
    _audit(
        AuditEntry.Action.ROLE_CHANGED if previous else AuditEntry.Action.APPOINTED,
        by=by,
        swg=swg,
        email=user.email,
        role=role,
        previous_role=previous,
        note=note,
    )
    policy.forget(user)
    return membership


@transaction.atomic
def remove(membership, *, by=None, note=""):
    """End `membership`: the user leaves the SWG's group and loses what it gave."""
    user, swg, role = membership.user, membership.swg, membership.role
    user.groups.remove(*[group for r, group in role_groups(swg).items() if r == role])
    membership.delete()
    _audit(AuditEntry.Action.REMOVED, by=by, swg=swg, email=user.email, role=role, note=note)
    policy.forget(user)


# --- Invitations --------------------------------------------------------------------


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why, for the reader."""


class TooManyInvitations(Exception):
    """The inviter reached PORTAL_INVITATIONS_PER_HOUR; `retry_after` is in seconds."""

    def __init__(self, limit, retry_after):
        super().__init__(f"at most {limit} invitations an hour")
        self.limit = limit
        self.retry_after = retry_after


def _check_invitation_rate(by):
    """Raise TooManyInvitations when `by` sent PORTAL_INVITATIONS_PER_HOUR invitations
    in the last hour. Counted from the invitations themselves, so it holds across
    processes; the inviter's row is locked so two requests cannot both slip through."""
    limit = settings.PORTAL_INVITATIONS_PER_HOUR
    if by is None or not by.is_authenticated:
        return
    get_user_model().objects.select_for_update().filter(pk=by.pk).exists()
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Invitation.objects.filter(invited_by=by, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        retry_after = (recent[-1] - since).total_seconds() if recent else 3600
        raise TooManyInvitations(limit, max(1, int(retry_after) + 1))


def _invitation_key(invitation):
    """The secret of `invitation`'s link, derived from the secret key and the row, so
    that the e-mail task can write the link again from the invitation's id alone (no
    secret in the task queue); only its SHA-256 is stored."""
    created = invitation.created_at.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")
    value = f"{invitation.pk}:{invitation.email.lower()}:{created}"
    return salted_hmac(INVITATION_SALT, value, algorithm="sha256").hexdigest()


def invitation_url(invitation, base_url=None):
    """The absolute address of `invitation`'s link, on `base_url` (scheme and host)."""
    token = signing.dumps(
        {"i": invitation.pk, "k": _invitation_key(invitation)}, salt=INVITATION_SALT
    )
    base = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    return base + reverse("roles_invitation", args=[token])


def invite(email, swg, role, *, by, language=None, request=None, send=True):
    """Invite `email` into `swg` with `role`; e-mail the link (a task, once the
    transaction commits). Returns (invitation, url). Earlier pending invitations of
    the same address to the same SWG are revoked. Raises TooManyInvitations when `by`
    has sent PORTAL_INVITATIONS_PER_HOUR in the last hour."""
    role = Role(role)
    email = get_user_model().objects.normalize_email(email).strip()
    with transaction.atomic():
        _check_invitation_rate(by)
        Invitation.objects.pending().filter(email__iexact=email, swg=swg).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            email=email,
            swg=swg,
            role=role,
            language=language or (translation.get_language() or settings.LANGUAGE_CODE)[:2],
            key_hash=secrets.token_hex(32),  # replaced below, once the row has its id
            invited_by=by,
            expires_at=timezone.now() + _default_expiry(),
        )
        invitation.key_hash = Invitation.hash_key(_invitation_key(invitation))
        invitation.save(update_fields=["key_hash"])
        _audit(AuditEntry.Action.INVITED, by=by, swg=swg, email=email, role=role)
    base_url = request.build_absolute_uri("/") if request else settings.PORTAL_BASE_URL
    url = invitation_url(invitation, base_url)
    if send:
        from swg.roles import tasks

        transaction.on_commit(lambda: tasks.send_invitation_email.enqueue(invitation.pk, base_url))
    return invitation, url


def send_invitation_email(invitation, url=None):
    """The invitation e-mail, text and HTML, in the invitation's language, at most once
    (subscriptions.services.deliver_once). Returns True when it went out; an
    invitation no longer pending is not sent."""
    from subscriptions.services import deliver_once

    if not invitation.is_pending:
        return False
    delivery = deliver_once(
        address=invitation.email,
        key=f"invitation:{invitation.pk}",
        language=invitation.language,
        subject_template="roles/email/invitation_subject.txt",
        text_template="roles/email/invitation_message.txt",
        html_template="roles/email/invitation_message.html",
        context={
            "invitation": invitation,
            "url": url or invitation_url(invitation),
            "swg": invitation.swg,
        },
    )
    return delivery is not None


def invitation_from_token(token):
    """The pending invitation a link's token names, or InvitationError."""
    from django.utils.translation import gettext as _

    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("swg").get(pk=data["i"])
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError):
        raise InvitationError(_("This invitation link is not valid.")) from None
    if not secrets.compare_digest(invitation.key_hash, Invitation.hash_key(str(data["k"]))):
        raise InvitationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask for a new one."))
    return invitation


def email_matches(user, email):
    """Is `email` one of `user`'s addresses (the account's, or a verified one)?"""
    from allauth.account.models import EmailAddress

    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def accept_invitation(invitation, user):
    """`user` accepts `invitation`: it is used up and the membership is created. A role
    the user already holds in the SWG is replaced only by a higher one."""
    from django.utils.translation import gettext as _

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError(_("This invitation can no longer be used."))
    if not email_matches(user, invitation.email):
        raise InvitationError(
            _("This invitation was sent to another e-mail address. Sign in with that address.")
        )
    inviter = invitation.invited_by
    if inviter is not None:
        policy.forget(inviter)
    if inviter is None or invitation.role not in policy.assignable_roles(inviter, invitation.swg):
        raise InvitationError(
            _("The person who sent this invitation can no longer give this role.")
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _audit(
        AuditEntry.Action.INVITATION_ACCEPTED,
        by=user,
        swg=invitation.swg,
        email=user.email,
        role=invitation.role,
    )
    current = Membership.objects.filter(user=user, swg=invitation.swg).first()
    if current is not None and _rank(current.role) >= _rank(invitation.role):
        return current
    return appoint(user, invitation.swg, invitation.role, by=inviter, note="invitation")


def _rank(role):
    return {Role.MEMBER: 0, Role.SECRETARIAT: 1, Role.CO_CHAIR: 2, Role.CHAIR: 3}[Role(role)]


@transaction.atomic
def revoke_invitation(invitation, *, by):
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    _audit(
        AuditEntry.Action.INVITATION_REVOKED,
        by=by,
        swg=invitation.swg,
        email=invitation.email,
        role=invitation.role,
    )
