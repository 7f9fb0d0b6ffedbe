"""The Lao catalogs are complete, well-formed, compiled and consistent.

Three catalogs: the portal's own (`locale/lo/`) and the upstream one (`locale/upstream/lo/`,
django and djangojs). `scripts/catalog.py check` also compares them with the strings in the
code and in the installed packages; these tests check the catalogs themselves, quickly.
"""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"
UPSTREAM = ROOT / "locale" / "upstream" / "lo" / "LC_MESSAGES"
CATALOGS = [PO_PATH, UPSTREAM / "django.po", UPSTREAM / "djangojs.po"]
GLOSSARY = ROOT / "locale" / "GLOSSARY.md"

# %(name)s, %s, %d, %.1f ... and {name}, {0}, {} placeholders.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXor%]|\{[^{}\s]*\}")


@pytest.fixture(scope="module", params=CATALOGS, ids=["portal", "upstream", "upstream-js"])
def po_path(request):
    return request.param


@pytest.fixture(scope="module")
def catalog(po_path):
    return polib.pofile(str(po_path))


def live(catalog):
    return [entry for entry in catalog if not entry.obsolete]


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def label(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_catalog_declares_lao_with_one_plural_form(catalog):
    assert catalog.metadata["Language"] == "lo"
    assert catalog.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]


def test_nothing_untranslated(catalog):
    missing = [label(e) for e in live(catalog) if not all(translations(e))]
    assert missing == [], f"{len(missing)} untranslated: run scripts/catalog.py untranslated"


def test_nothing_fuzzy(catalog):
    fuzzy = [label(e) for e in live(catalog) if "fuzzy" in e.flags]
    assert fuzzy == []


def test_plural_entries_have_the_single_lao_form(catalog):
    for entry in live(catalog):
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], label(entry)


def test_placeholders_are_kept(catalog):
    problems = []
    for entry in live(catalog):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        wanted_plural = sorted(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in translations(entry):
            found = sorted(PLACEHOLDER.findall(text))
            # The single Lao form may follow either English form (e.g. "1 page" / "%d pages").
            if text and found != wanted and (not entry.msgid_plural or found != wanted_plural):
                problems.append((label(entry), wanted, found))
    assert problems == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_msgfmt_accepts_the_catalog(po_path):
    """GNU msgfmt --check: format strings of flagged entries match, header is sound."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_mo_matches_po(catalog, po_path):
    def key(entry):
        return (entry.msgctxt, entry.msgid)

    def value(entry):
        return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))

    compiled = {key(e): value(e) for e in polib.mofile(str(po_path.with_suffix(".mo"))) if e.msgid}
    source = {key(e): value(e) for e in catalog.translated_entries()}
    assert compiled == source, f"{po_path.name}'s .mo is stale: run scripts/catalog.py apply"


def test_lao_spelling_is_modern_and_precomposed(catalog):
    """ຳ is one character (U+0EB3); ໜ/ໝ/ຫຼ rather than ຫນ/ຫມ/ຫລ (see GLOSSARY.md)."""
    old = re.compile("\u0ecd\u0eb2|ຫນ|ຫມ|ຫລ")
    bad = [label(e) for e in live(catalog) if any(old.search(t) for t in translations(e))]
    assert bad == []


@pytest.mark.parametrize(
    "english, lao",
    [
        ("sector working group", "ກຸ່ມວຽກງານຂະແໜງການ"),
        ("round table process", "ຂະບວນການປະຊຸມໂຕະມົນ"),
        ("development partner", "ຄູ່ຮ່ວມພັດທະນາ"),
        ("secretariat", "ກອງເລຂາ"),
        ("co-chair", "ປະທານຮ່ວມ"),
        ("action item", "ວຽກທີ່ຕ້ອງປະຕິບັດ"),
    ],
)
def test_glossary_terms_are_used(catalog, english, lao):
    assert lao in GLOSSARY.read_text(encoding="utf-8")
    term = re.compile(rf"\b{re.escape(english)}s?\b")
    for entry in live(catalog):
        if term.search(entry.msgid.lower()) and not entry.msgctxt:
            for text in translations(entry):
                assert lao in text, (label(entry), text)


@pytest.mark.parametrize(
    "english, lao",
    [
        ("Latest news", "ຂ່າວສານຫຼ້າສຸດ"),
        ("Sign in", "ເຂົ້າສູ່ລະບົບ"),
        ("Sign out", "ອອກຈາກລະບົບ"),
        ("Round Table Process", "ຂະບວນການປະຊຸມໂຕະມົນ"),
        ("November", "ພະຈິກ"),
        ("Friday", "ວັນສຸກ"),
    ],
)
def test_compiled_catalog_is_used_at_run_time(english, lao):
    with translation.override("lo"):
        assert translation.gettext(english) == lao
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_month_names_with_context_are_translated():
    with translation.override("lo"):
        assert translation.pgettext("abbrev. month", "Nov.") == "ພ.ຈ."
        assert translation.pgettext("alt. month", "November") == "ພະຈິກ"
