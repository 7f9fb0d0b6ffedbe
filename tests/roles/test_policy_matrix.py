"""DESIGN.md §3.2 as a role x capability x object matrix, through the policy and
through guardian's object permissions (both must give the same answer)."""

import pytest

from swg import policy
from swg.models import AccessLevel, ContactRole, Person
from swg.policy import Capability as C

PUBLIC = "read_public"
APPOINT_CHAIRS = "appoint_chairs"

# The matrix of DESIGN.md §3.2, row by row: which roles hold each capability.
MATRIX = {
    PUBLIC: {
        "anonymous",
        "registered",
        "member",
        "secretariat",
        "co_chair",
        "chair",
        "rt",
    },
    C.READ_MEMBERS: {"member", "secretariat", "co_chair", "chair", "rt"},
    C.SEE_CONTACT_DETAILS: {"member", "secretariat", "co_chair", "chair", "rt"},
    C.READ_RESTRICTED: {"secretariat", "co_chair", "chair", "rt"},
    C.DRAFT: {"secretariat", "co_chair", "chair", "rt"},
    C.APPROVE: {"co_chair", "chair", "rt"},
    C.MANAGE_MEMBERS: {"co_chair", "chair", "rt"},
    APPOINT_CHAIRS: {"rt"},
}

# Account -> (role it holds, SWG key where it holds it).
SUBJECTS = {
    "anonymous": ("anonymous", None),
    "registered": ("registered", None),
    "health_member": ("member", "health"),
    "health_secretariat": ("secretariat", "health"),
    "health_cochair": ("co_chair", "health"),
    "health_chair": ("chair", "health"),
    "education_member": ("member", "education"),
    "rt_secretariat": ("rt", "*"),
}
OBJECTS = ("health", "health_sub", "education")


def expected(subject, capability, obj):
    role, home = SUBJECTS[subject]
    if role not in MATRIX[capability]:
        return False
    if capability == PUBLIC or home == "*":
        return True
    # A role in a parent SWG holds in its sub-groups; nothing holds across SWGs.
    return home == obj or (home == "health" and obj == "health_sub")


def actual(user, capability, swg):
    if capability == PUBLIC:
        return policy.can_read(user, AccessLevel.PUBLIC, {swg.pk})
    if capability == APPOINT_CHAIRS:
        return "chair" in policy.assignable_roles(user, swg)
    return policy.can(user, capability, swg)


@pytest.mark.django_db
@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("capability", list(MATRIX))
@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_matrix(subject, capability, obj, account, swgs):
    user, swg = account(subject), swgs[obj]
    assert actual(user, capability, swg) is expected(subject, capability, obj)


@pytest.mark.django_db
@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_access_levels_follow_the_matrix(subject, obj, account, swgs):
    user, swg = account(subject), swgs[obj]
    assert policy.can_read(user, AccessLevel.MEMBERS, {swg.pk}) is expected(
        subject, C.READ_MEMBERS, obj
    )
    assert policy.can_read(user, AccessLevel.RESTRICTED, {swg.pk}) is expected(
        subject, C.READ_RESTRICTED, obj
    )
    levels = policy.readable_levels(user, swg)
    assert (AccessLevel.RESTRICTED in levels) is expected(subject, C.READ_RESTRICTED, obj)


GUARDED = [
    c
    for c in MATRIX
    if c
    in {
        C.READ_MEMBERS,
        C.READ_RESTRICTED,
        C.DRAFT,
        C.APPROVE,
        C.MANAGE_MEMBERS,
        C.SEE_CONTACT_DETAILS,
    }
]


@pytest.mark.django_db
@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("capability", GUARDED)
@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s != "anonymous"])
def test_guardian_object_permissions_agree(subject, capability, obj, account, swgs):
    user, swg = account(subject), swgs[obj]
    assert user.has_perm(f"swg.{capability}", swg) is expected(subject, capability, obj)
    # ... and give nothing without an object (Wagtail's model-level checks stay intact).
    if not user.is_superuser:
        assert not user.has_perm(f"swg.{capability}")


@pytest.mark.django_db
def test_readable_q_filters_documents_in_the_query(account, swgs):
    from documents.models import PortalDocument

    docs = {}
    for key in OBJECTS:
        for level in AccessLevel.values:
            doc = PortalDocument.objects.create(title=f"{key}-{level}", access_level=level)
            doc.working_groups.add(swgs[key])
            docs[doc.pk] = (key, level)
    capability = {"public": PUBLIC, "members": C.READ_MEMBERS, "restricted": C.READ_RESTRICTED}
    for subject in SUBJECTS:
        user = account(subject)
        seen = set(
            PortalDocument.objects.filter(pk__in=docs)
            .filter(policy.readable_q(user, swg_field="working_groups"))
            .values_list("pk", flat=True)
        )
        wanted = {pk for pk, (key, lvl) in docs.items() if expected(subject, capability[lvl], key)}
        assert seen == wanted, subject


@pytest.mark.django_db
def test_search_visibility_matches(account, swgs):
    for subject in SUBJECTS:
        visibility = policy.search_visibility(account(subject))
        for obj in OBJECTS:
            swg_ids = {swgs[obj].pk}
            assert visibility.allows("members", swg_ids) is expected(subject, C.READ_MEMBERS, obj)
            assert visibility.allows("restricted", swg_ids) is expected(
                subject, C.READ_RESTRICTED, obj
            )


@pytest.mark.django_db
def test_policy_answers_from_a_per_user_cache(account, swgs, django_assert_num_queries):
    user = account("health_secretariat")
    with django_assert_num_queries(2):
        for capability in C:
            policy.swg_ids_with(user, capability)
        policy.can(user, C.APPROVE, swgs["health"])
    anonymous = account("anonymous")
    with django_assert_num_queries(0):
        policy.search_visibility(anonymous)


@pytest.mark.django_db
def test_inactive_users_hold_nothing(account, swgs):
    user = account("health_chair")
    user.is_active = False
    assert not policy.can(user, C.READ_MEMBERS, swgs["health"])
    admin = account("rt_secretariat")
    admin.is_active = False
    assert not policy.can(admin, C.READ_MEMBERS, swgs["health"])


def test_requires_admin_2fa(account, swgs):
    assert policy.requires_admin_2fa(account("rt_secretariat"))
    for key in ("health_secretariat", "health_cochair", "health_chair"):
        assert policy.requires_admin_2fa(account(key))
    for key in ("anonymous", "registered", "health_member"):
        assert not policy.requires_admin_2fa(account(key))


@pytest.mark.django_db
def test_contact_lists_follow_the_matrix(account, swgs):
    """The "edit contacts" capability is the drafting row: each SWG's list, with its
    sub-groups' lists."""
    people = {}
    for key in OBJECTS:
        people[key] = Person.objects.create(name=f"Listed in {key}")
        ContactRole.objects.create(person=people[key], working_group=swgs[key])
    for subject in SUBJECTS:
        user = account(subject)
        kept = set(
            Person.objects.filter(pk__in=[p.pk for p in people.values()])
            .filter(policy.kept_contacts_q(user))
            .values_list("pk", flat=True)
        )
        for key, person in people.items():
            allowed = expected(subject, C.DRAFT, key)
            assert policy.keeps_contact(user, person) is allowed, (subject, key)
            assert (person.pk in kept) is allowed, (subject, key)
