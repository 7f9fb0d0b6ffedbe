import pytest
from django.contrib.auth import get_user_model

from swg.models import SectorWorkingGroup
from swg.services import ensure_working_group

ACCOUNTS = {
    "anonymous": None,
    "registered": "registered@example.org",
    "health_member": "health.member@example.org",
    "health_secretariat": "health.secretariat@example.org",
    "health_cochair": "health.cochair@example.org",
    "health_chair": "health.chair@example.org",
    "education_member": "education.member@example.org",
    "rt_secretariat": "admin@example.org",
}


@pytest.fixture
def account():
    """account(key) -> a fresh user object of a demo account (AnonymousUser for None)."""
    from django.contrib.auth.models import AnonymousUser

    def _account(key):
        email = ACCOUNTS[key]
        return AnonymousUser() if email is None else get_user_model().objects.get(email=email)

    return _account


@pytest.fixture
def swgs(db):
    """health, a sub-group of health, and education."""
    health = SectorWorkingGroup.objects.get(slug="health")
    sub = ensure_working_group(
        "health-financing", name_en="Health Financing", name_lo="ການເງິນສາທາລະນະສຸກ", parent=health
    )
    return {
        "health": health,
        "health_sub": sub,
        "education": SectorWorkingGroup.objects.get(slug="education"),
    }
