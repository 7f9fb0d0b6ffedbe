"""Published pages reach search and follow publish, unpublish, move and delete."""

import pytest
from wagtail.models import Locale

from portal.models import NewsIndexPage, NewsPage, StandardPage
from search import service
from search.models import SearchRecord
from search.registry import iter_all_records
from search.visibility import Visibility

pytestmark = pytest.mark.django_db

PUBLIC = Visibility()


def found_urls(query):
    return [hit.url for hit in service.search(query, visibility=PUBLIC).hits]


@pytest.fixture
def indexed():
    service.rebuild(iter_all_records())


@pytest.fixture
def news_index_en():
    return NewsIndexPage.objects.get(locale__language_code="en")


def test_demo_pages_are_found_by_a_lao_word_inside_a_sentence(indexed):
    # "ການສັກຢາກັນພະຍາດ" (immunisation) sits in the middle of a Lao news paragraph.
    page = NewsPage.objects.get(slug="health-reform-review", locale__language_code="lo")
    assert page.url in found_urls("ສັກຢາ")
    assert page.url in found_urls("ກັນພະຍາດ")


def test_page_record_has_kind_language_and_url(indexed):
    page = StandardPage.objects.get(slug="about", locale__language_code="en")
    record = SearchRecord.objects.get(key=f"page:{page.pk}")
    assert (record.kind, record.language, record.url) == ("page", "en", "/en/about/")


def test_publish_unpublish_and_delete_follow_the_page(
    indexed, news_index_en, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = news_index_en.add_child(
            instance=NewsPage(title="Okapi sightings in the archive", slug="okapi", live=False)
        )
        page.save_revision().publish()
    assert found_urls("okapi") == ["/en/news/okapi/"]

    page.refresh_from_db()  # publish() worked on a copy; unpublish() needs live=True
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found_urls("okapi") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert found_urls("okapi") == ["/en/news/okapi/"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert found_urls("okapi") == []


def test_moving_a_page_updates_its_url(indexed, django_capture_on_commit_callbacks):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        child = about.add_child(instance=StandardPage(title="Pangolin charter", slug="pangolin"))
        child.save_revision().publish()
    assert found_urls("pangolin") == ["/en/about/pangolin/"]
    news_index = NewsIndexPage.objects.get(locale=Locale.objects.get(language_code="en"))
    target = news_index.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        child.move(target, pos="last-child")
    assert found_urls("pangolin") == ["/en/pangolin/"]
