"""Fixtures of the subscription tests: meetings published the way editors publish
them (a revision, so Wagtail's page_published fires) and users by demo e-mail."""

import datetime
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from swg.models import MeetingPage, SectorWorkingGroup, SpacePage

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def no_demo_subscriptions(db):
    """Each test sets up exactly the subscribers it reasons about: the demo's own
    subscriptions (load_demo) are rolled back with the test."""
    from subscriptions.models import Subscription

    Subscription.objects.all().delete()


@pytest.fixture
def user_named():
    def _user(email):
        return get_user_model().objects.get(email=email)

    return _user


@pytest.fixture
def health():
    return SectorWorkingGroup.objects.get(slug="health")


def space(slug, language="en"):
    return SpacePage.objects.get(
        working_group__slug=slug, locale=Locale.objects.get(language_code=language)
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page through a revision and run what waits for the commit."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return _publish


@pytest.fixture
def unpublish(django_capture_on_commit_callbacks):
    def _unpublish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
        return page

    return _unpublish


@pytest.fixture
def new_meeting(publish):
    """A meeting in an SWG space, published unless `publish=False`."""

    def _meeting(
        slug="health",
        language="en",
        *,
        title=None,
        access="public",
        minutes="",
        minutes_access="members",
        days=14,
        published=True,
    ):
        number = next(_numbers)
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
        meeting = MeetingPage(
            title=title or f"Subscription test meeting {number}",
            slug=f"subscription-test-meeting-{number}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            venue="Ministry of Health, Vientiane",
            summary="Quarterly review.",
            minutes=minutes,
            access_level=access,
            minutes_access=minutes_access,
            live=False,
        )
        space(slug, language).add_child(instance=meeting)
        if published:
            publish(meeting)
            meeting.refresh_from_db()
        return meeting

    return _meeting


@pytest.fixture
def new_document(settings, tmp_path, django_capture_on_commit_callbacks):
    """A stored text document of an SWG (its save and SWGs fire the real signals)."""
    from documents import services

    settings.MEDIA_ROOT = tmp_path / "media"

    def _document(swg, *, title, access="public"):
        data = f"{title}\n{next(_numbers)} Round Table text.\n".encode()
        with django_capture_on_commit_callbacks(execute=True):
            return services.store_document(
                io.BytesIO(data),
                name=f"note-{next(_numbers)}.txt",
                swgs=[swg],
                title=title,
                access_level=access,
                extract="none",
            )

    return _document
