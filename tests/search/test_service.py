"""Registry, tasks, validation and the management command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from search import registry, service
from search.models import SearchRecord, SearchRecordSWG
from search.tasks import reindex
from search.visibility import Visibility, visibility_for

pytestmark = pytest.mark.django_db

ITEMS = {
    "1": {"title": "ສະບາຍດີ ກອງປະຊຸມ", "access": "public"},
    "2": {"title": "Members agenda", "access": "members"},
}


def record(pk):
    item = ITEMS.get(pk)
    if item is None:
        return None
    return {
        "key": f"thing:{pk}",
        "kind": "thing",
        "url": f"/things/{pk}/",
        "swg_ids": [4],
        "swg_slugs": ["health"],
        **item,
    }


@pytest.fixture
def thing_source():
    registry.register_source(
        "thing", iter_records=lambda: [record(pk) for pk in ITEMS], load=record
    )
    yield
    registry.unregister_source("thing")


def test_command_rebuilds_from_registered_sources(thing_source):
    out = io.StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "records indexed" in out.getvalue() and "thing" in out.getvalue()
    keys = set(SearchRecord.objects.values_list("key", flat=True))
    assert {"thing:1", "thing:2"} <= keys
    assert len(keys) == sum(len(list(s.iter_records())) for s in registry.sources().values())
    assert SearchRecordSWG.objects.filter(swg_id=4, slug="health").count() == 2
    hits = service.search("ກອງປະຊຸມ", visibility=Visibility(), filters={"kind": "thing"}).hits
    assert [h.url for h in hits] == ["/things/1/"]


def test_command_update_removes_stale_records(thing_source):
    service.upsert(key="thing:99", kind="thing", title="gone", url="/gone/")
    service.upsert(key="other:1", kind="other", title="kept", url="/kept/")
    out = io.StringIO()
    call_command("search_index", "update", "--source", "thing", stdout=out)
    assert "2 records indexed, 1 stale records removed" in out.getvalue()
    assert SearchRecord.objects.filter(key="other:1").exists()
    assert not SearchRecord.objects.filter(key="thing:99").exists()
    status = io.StringIO()
    call_command("search_index", "status", stdout=status)
    assert f"records: {SearchRecord.objects.count()}" in status.getvalue()


def test_command_rejects_unknown_sources():
    with pytest.raises(CommandError):
        call_command("search_index", "update", "--source", "nope", stdout=io.StringIO())


def test_reindex_task_follows_the_source(thing_source):
    reindex.enqueue("thing:1")  # the test settings run tasks immediately
    assert SearchRecord.objects.filter(key="thing:1").exists()
    del ITEMS["1"]
    try:
        reindex.enqueue("thing:1")
        assert not SearchRecord.objects.filter(key="thing:1").exists()
    finally:
        ITEMS["1"] = {"title": "ສະບາຍດີ ກອງປະຊຸມ", "access": "public"}


@pytest.mark.parametrize(
    "bad",
    [
        {"access": "secret"},
        {"language": "fr"},
        {"url": ""},
        {"colour": "blue"},
    ],
)
def test_invalid_records_are_refused(bad):
    fields = {"key": "x:1", "kind": "x", "title": "t", "url": "/x/", **bad}
    with pytest.raises(ValueError):
        service.upsert(**fields)


def test_long_texts_are_cut(settings):
    settings.SEARCH_MAX_TEXT_CHARS = 1000
    rec = service.upsert(key="x:1", kind="x", title="t", url="/x/", text="word " * 1000)
    assert len(rec.text) == 1000


def test_visibility_resolver_setting(settings, django_user_model):
    settings.SEARCH_VISIBILITY_RESOLVER = None
    assert visibility_for(None) == Visibility.public()
    settings.SEARCH_VISIBILITY_RESOLVER = lambda user: Visibility(everything=True)
    assert visibility_for(None).everything
    settings.SEARCH_VISIBILITY_RESOLVER = lambda user: "everything"
    with pytest.raises(TypeError):
        visibility_for(None)


def test_visibility_rule_in_python():
    v = Visibility(member_swg_ids=frozenset({1}), restricted_swg_ids=frozenset({2}))
    assert v.allows("public", [])
    assert v.allows("members", [1]) and v.allows("members", [2])
    assert not v.allows("members", [3])
    assert v.allows("restricted", [2]) and not v.allows("restricted", [1])


def test_backend_follows_the_database(settings):
    settings.SEARCH_BACKEND = None
    assert service.backend_name() in ("sqlite", "postgres")
    settings.SEARCH_BACKEND = "sqlite"
    assert service.get_backend().name == "sqlite"


def test_admin_dashboard_shows_search_status(totp_admin):
    service.upsert(key="x:1", kind="x", title="t", url="/x/")
    response = totp_admin.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-status-heading"' in html
    assert f"<dd>{service.backend_name()}</dd>" in html
