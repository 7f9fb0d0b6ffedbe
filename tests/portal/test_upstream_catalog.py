"""The upstream Lao catalog: Django's, Wagtail's, wagtail-localize's and allauth's strings.

It is built from the installed packages' English catalogs (scope in
locale/upstream/scope.toml); after an upgrade the build shows what is new. Django loads it
after the portal's catalog, so the portal's generic words carry a context instead of
overriding Wagtail's (the sidebar's "Pages" is not the pagination's).
"""

import datetime
import importlib.util
import json
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from wagtail.admin.panels import ObjectList
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "locale" / "upstream"


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "scripts" / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalog_tool = _catalog_tool()


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalog_holds_exactly_the_installed_packages_strings_in_scope(domain):
    """A Wagtail, allauth or Django upgrade that adds strings fails here until `update`."""
    wanted = {(e.msgctxt, e.msgid) for e in catalog_tool.upstream_template(domain)}
    have = {
        (e.msgctxt, e.msgid)
        for e in polib.pofile(str(catalog_tool.upstream_po(domain)))
        if not e.obsolete
    }
    assert wanted - have == set(), "new upstream strings: run scripts/catalog.py update"
    assert have - wanted == set(), "strings gone upstream: run scripts/catalog.py update"
    assert len(have) > (1900 if domain == "django" else 100)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_template_is_the_build(domain):
    """The committed .pot is what the installed packages give, so its diff shows upgrades."""
    built = {(e.msgctxt, e.msgid) for e in catalog_tool.upstream_template(domain)}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalog_tool.upstream_pot(domain)))}
    assert built == committed


def test_scope_leaves_out_what_only_the_superuser_or_nobody_reaches():
    template = catalog_tool.upstream_template("django")
    locations = {path for entry in template for path, _ in entry.occurrences}
    assert not any(path.startswith("django/conf/global_settings.py") for path in locations)
    assert not any("socialaccount" in path for path in locations)
    assert not any(path.endswith("wagtailadmin/workflows/create.html") for path in locations)
    assert any(path.startswith("wagtail/admin/templates/wagtailadmin/home/") for path in locations)


def test_no_portal_msgid_overrides_an_upstream_translation():
    portal = polib.pofile(str(catalog_tool.PO))
    upstream = polib.pofile(str(catalog_tool.upstream_po("django")))
    assert catalog_tool.collisions(portal, upstream) == []


def test_collision_check_finds_a_portal_msgid_with_another_meaning():
    portal = polib.POFile()
    portal.append(polib.POEntry(msgid="Pages", msgstr="ການແບ່ງໜ້າ"))
    upstream = polib.POFile()
    upstream.append(polib.POEntry(msgid="Pages", msgstr="ໜ້າເວັບ"))
    assert catalog_tool.collisions(portal, upstream) != []


def test_upstream_catalog_is_loaded_after_the_portal_catalog():
    assert [Path(p) for p in settings.LOCALE_PATHS][-1] == UPSTREAM


@pytest.mark.parametrize(
    "context, english, lao",
    [
        (None, "Pages", "ໜ້າເວັບ"),  # Wagtail's sidebar and explorer
        ("pagination", "Pages", "ການແບ່ງໜ້າ"),  # the portal's pagination landmark
        (None, "pages", "ໜ້າເວັບ"),  # Wagtail's Page model, in "1-8 of 8 pages"
        ("document field", "pages", "ຈຳນວນໜ້າ"),  # the document's page count
        (None, "Promote", "SEO ແລະ ເມນູ"),  # the editor's tab, not "publish"
        (None, "Dashboard", "ແຜງຄວບຄຸມ"),
        (None, "Snippets", "ສ່ວນເນື້ອຫາ"),
        (None, "draft", "ສະບັບຮ່າງ"),
        (None, "live", "ເຜີຍແຜ່ແລ້ວ"),
        (None, "in moderation", "ລໍຖ້າການອະນຸມັດ"),
        (None, "%(time_period)s ago", "%(time_period)sກ່ອນ"),
        (None, "Unknown", "ບໍ່ລະບຸ"),
        (None, "Bad Token", "ລິ້ງບໍ່ຖືກຕ້ອງ ຫຼື ໝົດອາຍຸແລ້ວ"),
    ],
)
def test_wagtail_gets_wagtails_meaning(context, english, lao):
    with translation.override("lo"):
        got = translation.pgettext(context, english) if context else translation.gettext(english)
    assert got == lao


def test_relative_times_read_as_one_lao_phrase():
    with translation.override("lo"):
        text = timesince_simple(timezone.now() - datetime.timedelta(minutes=6))
    assert text == "6\xa0ນາທີກ່ອນ"  # Django keeps the number and its unit together


@pytest.mark.django_db
def test_admin_javascript_catalog_is_lao():
    response = Client().get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 200
    # The view writes the catalog as JSON with non-ASCII escaped.
    assert json.dumps("ຕົວສຳຫຼວດໜ້າເວັບ") in response.content.decode()  # "Page explorer"


FAKE_EN_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: templates/fake/kept.html:1
msgid "Kept"
msgstr ""

#: templates/fake/changed.html:1
msgid "Save the draft"
msgstr ""

#: templates/superuser/only.html:1
msgid "Out of scope"
msgstr ""
"""


@pytest.mark.skipif(not shutil.which("msgmerge"), reason="GNU gettext is not installed")
def test_update_merges_an_upgrade_keeping_translations(tmp_path, monkeypatch):
    """A package upgrade: strings gone are dropped, new ones arrive untranslated, changed
    ones fuzzy with the previous msgid; translations of the rest are kept; a second run
    changes nothing."""
    package = tmp_path / "src" / "fakeupstream"
    (package / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    english = package / "locale" / "en" / "LC_MESSAGES" / "django.po"
    english.write_text(FAKE_EN_PO, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    (upstream / "scope.toml").write_text(
        '[[source]]\npackage = "fakeupstream"\ndomains = ["django"]\n'
        'include = ["*"]\nexclude = ["templates/superuser/*"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalog_tool, "UPSTREAM", upstream)

    catalog_tool.update_upstream()
    po_path = catalog_tool.upstream_po("django")
    catalog = polib.pofile(str(po_path))
    assert [e.msgid for e in catalog] == ["Kept", "Save the draft"]  # scope applied
    for entry in catalog:
        entry.msgstr = {"Kept": "ເກັບໄວ້", "Save the draft": "ບັນທຶກສະບັບຮ່າງ"}[entry.msgid]
    catalog.save()

    english.write_text(
        FAKE_EN_PO.replace("Save the draft", "Save draft")
        + '\n#: templates/fake/new.html:1\nmsgid "Brand new"\nmsgstr ""\n',
        encoding="utf-8",
    )
    catalog_tool.update_upstream()
    merged = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert merged["Kept"].msgstr == "ເກັບໄວ້" and not merged["Kept"].fuzzy
    assert merged["Save draft"].fuzzy and merged["Save draft"].previous_msgid == "Save the draft"
    assert merged["Brand new"].msgstr == ""
    assert "Save the draft" not in merged
    assert polib.pofile(str(upstream / "django.pot")).find("Brand new") is not None

    before = po_path.read_text(encoding="utf-8")
    catalog_tool.update_upstream()
    assert po_path.read_text(encoding="utf-8") == before


@pytest.mark.django_db
def test_translation_editor_javascript_catalog_is_lao(client, settings):
    """wagtail-localize's editor (React) reads its strings from its own jsi18n view."""
    settings.PORTAL_REQUIRE_2FA_FOR_ADMIN = False
    client.force_login(get_user_model().objects.get(email="health.secretariat@example.org"))
    client.cookies["portal_language"] = "lo"
    response = client.get("/admin/localize/jsi18n/")
    assert response.status_code == 200
    assert json.dumps("ດາວໂຫຼດໄຟລ໌ PO") in response.content.decode()  # "Download PO file"


def test_editor_panel_ids_do_not_depend_on_the_language_of_the_first_request():
    """Wagtail caches each editor's panel ids; built in Lao they would all be "panel…"."""
    with translation.override("lo"):
        tabs = ObjectList(
            [ObjectList([], heading=translation.gettext_lazy("Settings"))],
            heading="",
        )
        assert tabs.children[0].clean_name == "settings"
        assert tabs.child_identifiers == ["settings"]
