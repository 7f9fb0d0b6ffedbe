"""Demo subscriptions, so that publishing in the demo shows e-mails in the console.

Idempotent; called by the demo loader after the accounts exist."""

from django.contrib.auth import get_user_model

from subscriptions import services
from subscriptions.models import Mode

# (account, SWG slug or None for the news, mode, language)
DEMO_SUBSCRIPTIONS = [
    ("health.member@example.org", "health", Mode.INSTANT, "lo"),
    ("health.cochair@example.org", "health", Mode.INSTANT, "en"),
    ("health.secretariat@example.org", "health", Mode.WEEKLY, "lo"),
    ("registered@example.org", "health", Mode.INSTANT, "en"),
    ("registered@example.org", None, Mode.WEEKLY, "en"),
    ("education.member@example.org", "education", Mode.INSTANT, "lo"),
]


def load(log=print):
    from swg.models import SectorWorkingGroup

    users = {
        u.email: u
        for u in get_user_model().objects.filter(email__in=[row[0] for row in DEMO_SUBSCRIPTIONS])
    }
    groups = {g.slug: g for g in SectorWorkingGroup.objects.all()}
    count = 0
    for email, slug, mode, language in DEMO_SUBSCRIPTIONS:
        if email in users and (slug is None or slug in groups):
            services.subscribe(users[email], swg=groups.get(slug), mode=mode, language=language)
            count += 1
    log(f"Demo subscriptions: {count}")
    return count
