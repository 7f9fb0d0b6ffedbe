"""Action items (status, overdue rule, querysets), meetings and their place in the tree."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import HomePage, NewsIndexPage
from swg.models import (
    ActionItem,
    ActionStatus,
    EventIndexPage,
    EventPage,
    MeetingPage,
    SectorWorkingGroup,
    SpacePage,
    SWGIndexPage,
    upcoming_meetings,
)
from tests.swg.factories import add_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (ActionStatus.OPEN, TODAY - datetime.timedelta(days=1), True),
        (ActionStatus.IN_PROGRESS, TODAY - datetime.timedelta(days=30), True),
        (ActionStatus.OPEN, TODAY, False),  # due today is not late yet
        (ActionStatus.OPEN, TODAY + datetime.timedelta(days=1), False),
        (ActionStatus.OPEN, None, False),
        (ActionStatus.DONE, TODAY - datetime.timedelta(days=10), False),
        (ActionStatus.DROPPED, TODAY - datetime.timedelta(days=10), False),
    ],
)
def test_overdue_rule_on_the_item_and_in_the_queryset(health_en, status, due, overdue):
    meeting = add_meeting(health_en, actions=0)
    item = ActionItem.objects.create(
        meeting=meeting,
        description="Check the rule",
        responsible_organisation_id=meeting.attendance.first().person.organisation_id,
        due_date=due,
        status=status,
    )
    assert item.is_overdue(TODAY) is overdue
    assert ActionItem.objects.overdue(TODAY).filter(pk=item.pk).exists() is overdue
    assert ActionItem.objects.open().filter(pk=item.pk).exists() is (
        status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    )


def test_demo_has_action_items_in_every_status_and_overdue_ones_in_every_space():
    for group in SectorWorkingGroup.objects.all():
        items = ActionItem.objects.of_group(group)
        assert {i.status for i in items} == set(ActionStatus.values), group.slug
        assert items.overdue().exists(), group.slug
        assert items.filter(closed_in__isnull=False).exists(), group.slug


def test_visible_to_hides_items_of_members_only_minutes_from_the_public(health_en):
    public = add_meeting(health_en, minutes_access="public")
    members = add_meeting(health_en, minutes_access="members")
    visible = ActionItem.objects.visible_to(None)
    assert visible.filter(meeting=public).count() == 2
    assert not visible.filter(meeting=members).exists()


def test_meeting_takes_its_working_group_from_the_space(health_en):
    meeting = add_meeting(health_en)
    assert MeetingPage.objects.get(pk=meeting.pk).working_group.slug == "health"


def test_meeting_cannot_end_before_it_starts_nor_take_a_listing_slug(health_en):
    meeting = add_meeting(health_en)
    meeting.end = meeting.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end" in error.value.message_dict
    meeting.end = None
    meeting.slug = "actions"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "slug" in error.value.message_dict


def test_one_space_per_group_and_language(health_en):
    duplicate = SpacePage(title="Again", slug="health-again", working_group=health_en.working_group)
    duplicate.locale = health_en.locale
    with pytest.raises(ValidationError):
        duplicate.clean()


def test_every_swg_has_a_space_in_both_languages_with_the_same_translation_key():
    for group in SectorWorkingGroup.objects.all():
        spaces = SpacePage.objects.live().filter(working_group=group)
        assert sorted(s.locale.language_code for s in spaces) == ["en", "lo"], group.slug
        assert len({s.translation_key for s in spaces}) == 1


def test_sub_groups_have_spaces_beside_their_parent():
    health = SectorWorkingGroup.objects.get(slug="health")
    sub = health.subgroups.get()
    space = SpacePage.objects.get(working_group=sub, locale__language_code="en")
    assert space.url.endswith(f"/en/swg/{sub.slug}/")


def test_page_tree_is_pinned():
    assert SpacePage.allowed_parent_page_models() == [SWGIndexPage]
    assert SpacePage.allowed_subpage_models() == [MeetingPage]
    assert MeetingPage.allowed_parent_page_models() == [SpacePage]
    assert MeetingPage.allowed_subpage_models() == []
    assert SWGIndexPage.allowed_subpage_models() == [SpacePage]
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert EventPage.allowed_subpage_models() == []
    home = HomePage.objects.filter(locale__language_code="en").first()
    news = NewsIndexPage.objects.filter(locale__language_code="en").first()
    assert not MeetingPage.can_create_at(home)
    assert not SpacePage.can_create_at(home)
    assert not MeetingPage.can_create_at(news)
    swg_index = SWGIndexPage.objects.filter(locale__language_code="en").first()
    assert SpacePage.can_create_at(swg_index)
    assert not MeetingPage.can_create_at(swg_index)


def test_upcoming_meetings_for_the_home_page_are_future_and_in_the_language():
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code="lo")
    meetings = upcoming_meetings(None, locale.pk, limit=5)
    assert 0 < len(meetings) <= 5
    starts = [m.start for m in meetings]
    assert starts == sorted(starts)
    assert all(m.locale_id == locale.pk and m.start >= timezone.now() for m in meetings)


def test_rich_text_saved_outside_the_editor_is_cleaned(health_en):
    meeting = add_meeting(health_en)
    meeting.minutes = (
        '<p data-block-key="k1">Agreed <a linktype="page" id="3">plan</a></p>'
        '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
    )
    meeting.decisions = "<p onclick=alert(1)>Decided</p>"
    meeting.save()
    meeting.refresh_from_db()
    assert "<script" not in meeting.minutes and "onerror" not in meeting.minutes
    assert "javascript:" not in meeting.minutes
    assert 'linktype="page"' in meeting.minutes and 'data-block-key="k1"' in meeting.minutes
    assert meeting.decisions == "<p>Decided</p>"


def test_a_party_no_contact_list_holds_is_named_in_free_text(health_en):
    meeting = add_meeting(health_en, actions=0)
    item = ActionItem(
        meeting=meeting,
        description="Agree a joint statement",
        responsible_text="  All development partners of the working group ",
    )
    item.full_clean(exclude=["meeting"])
    assert item.responsible_text == "All development partners of the working group"
    assert item.responsible == "All development partners of the working group"


def test_an_item_says_who_is_responsible_one_way_only(health_en):
    meeting = add_meeting(health_en, actions=0)
    organisation = meeting.attendance.first().person.organisation
    with pytest.raises(ValidationError) as nobody:
        ActionItem(meeting=meeting, description="Orphan", responsible_text="  ").full_clean(
            exclude=["meeting"]
        )
    assert "responsible_organisation" in nobody.value.error_dict
    with pytest.raises(ValidationError) as both:
        ActionItem(
            meeting=meeting,
            description="Both",
            responsible_organisation=organisation,
            responsible_text="Everybody",
        ).full_clean(exclude=["meeting"])
    assert "responsible_text" in both.value.error_dict


def test_the_demo_has_free_text_responsible_parties_in_both_languages():
    items = ActionItem.objects.exclude(responsible_text="")
    languages = set(items.values_list("meeting__locale__language_code", flat=True))
    assert languages == {"lo", "en"}
    assert all(
        i.responsible_organisation_id is None and i.responsible_person_id is None for i in items
    )
