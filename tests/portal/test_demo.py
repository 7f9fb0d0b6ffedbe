"""`load_demo` builds the contract of DESIGN.md §4 and changes nothing when run again."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision

from portal.demo.content import DEMO_ACCOUNTS
from swg.models import SectorWorkingGroup

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "swgs": SectorWorkingGroup.objects.count(),
        "collections": Collection.objects.count(),
        "images": get_image_model().objects.count(),
        "emails": EmailAddress.objects.count(),
    }


def test_load_demo_is_idempotent(demo_password):
    before = counts()
    call_command("load_demo", password=demo_password)
    assert counts() == before


def test_demo_has_ten_swgs_with_names_and_collections():
    groups = SectorWorkingGroup.objects.top_level()
    assert [g.slug for g in groups][:2] == ["health", "education"]
    assert groups.count() == 10
    for group in groups:
        assert group.name_en and group.name_lo and group.collection is not None
    assert SectorWorkingGroup.objects.get(slug="health").name_lo == "ສາທາລະນະສຸກ"


@pytest.mark.parametrize("email", [row[0] for row in DEMO_ACCOUNTS])
def test_demo_accounts_sign_in_with_the_demo_password(email, demo_password):
    assert email.endswith("@example.org")
    assert authenticate(email=email, password=demo_password) is not None


def test_load_demo_needs_a_password(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError):
        call_command("load_demo", password=None)
