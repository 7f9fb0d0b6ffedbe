#!/usr/bin/env python
"""The Lao catalogs, for people and for CI.

Two catalogs, both loaded by Django (settings.LOCALE_PATHS, the portal's first so that it
wins where both hold a msgid):

- the portal's own strings: locale/lo/LC_MESSAGES/django.po, extracted from the code;
- the upstream catalog: the strings of Django, Wagtail, wagtail-localize, allauth and
  taggit that the portal's people reach (scope: locale/upstream/scope.toml), in
  locale/upstream/lo/LC_MESSAGES/django.po and djangojs.po (the admin's JavaScript,
  served by Wagtail's and wagtail-localize's jsi18n views). Built from the installed
  packages' English catalogs into locale/upstream/<domain>.pot and merged with msgmerge,
  so that an upgrade shows exactly which strings are new (untranslated) or changed
  (fuzzy, with the previous msgid).

catalog.py check              fail unless every string in the code and every upstream
                              string in scope is in its catalog, translated, not fuzzy, the
                              compiled .mo files match, and no portal msgid overrides an
                              upstream one with another meaning (give the portal's a context)
catalog.py untranslated [--upstream]
                              print the untranslated and fuzzy entries as JSON {key: ""};
                              a key is the msgid, or "context\u0004msgid" with a context
catalog.py apply FILE.json [--upstream]
                              fill translations from {key: msgstr} (plural: a list), clear
                              fuzzy, then compile the .mo files
catalog.py update             re-extract the code's strings (makemessages), rebuild the
                              upstream templates and merge them (msgmerge, translations kept),
                              compile, and print what is untranslated in both
"""

import fnmatch
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
IGNORE = [".venv", "var", "tests", "benchmarks", "node_modules", "scripts"]
UPSTREAM = ROOT / "locale" / "upstream"
UPSTREAM_DOMAINS = ("django", "djangojs")
CONTEXT_SEPARATOR = "\x04"
LAO_HEADER = {
    "Project-Id-Version": "swg-portal-upstream",
    "Report-Msgid-Bugs-To": "",
    "Last-Translator": "SWG Portal localisation",
    "Language-Team": "Lao",
    "Language": "lo",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
    "PO-Revision-Date": "2026-12-04 12:00+0700",
}


def makemessages(locale_root: Path) -> None:
    """Extract the code's strings into `locale_root`/lo/LC_MESSAGES/django.po."""
    args = [sys.executable, "manage.py", "makemessages", "-l", "lo", "--no-location"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    if locale_root != ROOT / "locale":
        # makemessages writes into LOCALE_PATHS: point a throw-away copy there.
        env["PORTAL_LOCALE_DIR"] = str(locale_root)
    subprocess.run(args, cwd=ROOT, check=True, env={**_base_env(), **env}, capture_output=True)


def _base_env():
    import os

    return dict(os.environ)


def compile_mo() -> None:
    polib.pofile(str(PO)).save_as_mofile(str(MO))


def drop_obsolete(path: Path) -> None:
    """Remove the #~ entries msgmerge keeps for strings that are gone (git keeps history)."""
    catalog = polib.pofile(str(path), wrapwidth=78)
    for entry in [e for e in catalog if e.obsolete]:
        catalog.remove(entry)
    catalog.save()


def entries(catalog):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalog if not e.obsolete}


def key_of(entry) -> str:
    """The JSON key of an entry: its msgid, prefixed by "context\\x04" when it has one."""
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


# --- The upstream catalog ---------------------------------------------------------------


def upstream_po(domain: str) -> Path:
    return UPSTREAM / "lo" / "LC_MESSAGES" / f"{domain}.po"


def upstream_pot(domain: str) -> Path:
    return UPSTREAM / f"{domain}.pot"


def load_scope() -> list[dict]:
    """The sources of locale/upstream/scope.toml."""
    return tomllib.loads((UPSTREAM / "scope.toml").read_text(encoding="utf-8"))["source"]


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(
            f"catalog: package {package} (locale/upstream/scope.toml) is not installed"
        )
    return Path(spec.origin).parent


def _in_scope(location: str, source: dict) -> bool:
    return any(fnmatch.fnmatch(location, p) for p in source["include"]) and not any(
        fnmatch.fnmatch(location, p) for p in source["exclude"]
    )


def upstream_template(domain: str) -> polib.POFile:
    """The POT of every in-scope upstream string of `domain`, from the installed packages.

    Each package's English catalog lists every msgid with its source locations; an entry
    is kept when one of its locations is in scope. The same msgid from several packages
    becomes one entry with all their (package-prefixed) locations."""
    template = polib.POFile(wrapwidth=78)
    template.metadata = {
        "Project-Id-Version": "swg-portal-upstream",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    merged: dict[tuple, polib.POEntry] = {}
    for source in load_scope():
        if domain not in source["domains"]:
            continue
        package_dir = _package_dir(source["package"])
        path = package_dir / source.get("locale", "locale") / "en" / "LC_MESSAGES" / f"{domain}.po"
        prefix = source.get("location_prefix", source["package"].replace(".", "/"))
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            kept = [
                (f"{prefix}/{f}", line) for f, line in entry.occurrences if _in_scope(f, source)
            ]
            if not kept and not (entry.occurrences == [] and source["include"] == ["*"]):
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in merged:
                known = merged[key]
                known.occurrences += [o for o in kept if o not in known.occurrences]
                known.flags += [f for f in entry.flags if f not in known.flags]
                continue
            merged[key] = polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr="",
                msgstr_plural={0: ""} if entry.msgid_plural else {},
                occurrences=kept,
                flags=[f for f in entry.flags if f != "fuzzy"],
            )
    for entry in merged.values():
        template.append(entry)
    return template


def _new_lao_catalog(template: polib.POFile) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=78)
    catalog.header = "Lao translation of the upstream strings the SWG Portal's people reach."
    catalog.metadata = dict(LAO_HEADER)
    for entry in template:
        catalog.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr="",
                msgstr_plural={0: ""} if entry.msgid_plural else {},
                occurrences=entry.occurrences,
                flags=list(entry.flags),
            )
        )
    return catalog


def update_upstream() -> None:
    """Rebuild the upstream templates and merge them into the Lao catalogs (msgmerge).

    New strings arrive untranslated, changed ones fuzzy with their previous msgid (#|);
    strings gone upstream are dropped. Translations are kept."""
    for domain in UPSTREAM_DOMAINS:
        template = upstream_template(domain)
        upstream_pot(domain).parent.mkdir(parents=True, exist_ok=True)
        template.save(str(upstream_pot(domain)))
        po = upstream_po(domain)
        if not po.exists():
            po.parent.mkdir(parents=True, exist_ok=True)
            _new_lao_catalog(template).save(str(po))
        else:
            subprocess.run(
                ["msgmerge", "--quiet", "--previous", "--update", "--backup=none"]
                + [str(po), str(upstream_pot(domain))],
                check=True,
            )
        drop_obsolete(po)
        catalog = polib.pofile(str(po), wrapwidth=78)
        for key, value in LAO_HEADER.items():
            catalog.metadata.setdefault(key, value)
        catalog.metadata["Language"] = "lo"
        catalog.metadata["Plural-Forms"] = LAO_HEADER["Plural-Forms"]
        catalog.save()
    compile_upstream()


def compile_upstream() -> None:
    for domain in UPSTREAM_DOMAINS:
        po = upstream_po(domain)
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))


def _compiled_matches(po_path: Path) -> bool:
    def value(e):
        return (e.msgstr, tuple(sorted(e.msgstr_plural.items())))

    catalog = polib.pofile(str(po_path))
    compiled = {
        (e.msgctxt, e.msgid): value(e)
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
        if e.msgid
    }
    source = {(e.msgctxt, e.msgid): value(e) for e in catalog.translated_entries()}
    return compiled == source


def check_upstream(portal: polib.POFile) -> list[str]:
    """Problems of the upstream catalogs: out of step with the installed packages,
    untranslated or fuzzy entries, stale .mo files, portal msgids that override them."""
    problems = []
    for domain in UPSTREAM_DOMAINS:
        po = upstream_po(domain)
        name = f"upstream {domain}.po"
        if not po.exists():
            problems.append(f"{name} is missing: run scripts/catalog.py update")
            continue
        catalog = polib.pofile(str(po))
        wanted = {(e.msgctxt, e.msgid, e.msgid_plural) for e in upstream_template(domain)}
        have = entries(catalog)
        if wanted - have:
            new = sorted(m[1] for m in wanted - have)
            problems.append(f"{len(new)} new upstream strings in scope: {new[:10]} (run update)")
        if have - wanted:
            gone = sorted(m[1] for m in have - wanted)
            problems.append(
                f"{name}: {len(gone)} strings no longer upstream: {gone[:10]} (run update)"
            )
        untranslated = [key_of(e) for e in catalog.untranslated_entries() if not e.obsolete]
        fuzzy = [key_of(e) for e in catalog.fuzzy_entries()]
        if untranslated:
            problems.append(f"{name}: {len(untranslated)} untranslated: {untranslated[:10]}")
        if fuzzy:
            problems.append(f"{name}: {len(fuzzy)} fuzzy: {fuzzy[:10]}")
        if not _compiled_matches(po):
            problems.append(f"{domain}.mo is out of date: run scripts/catalog.py apply or update")
        if domain == "django":
            problems += collisions(portal, catalog)
    return problems


def collisions(portal: polib.POFile, upstream: polib.POFile) -> list[str]:
    """A portal entry wins over the upstream one with the same msgid and context. Where
    the two say different things, the portal's use must carry its own context."""
    theirs = {(e.msgctxt, e.msgid): e.msgstr for e in upstream if e.msgstr and not e.obsolete}
    clashes = [
        key_of(e)
        for e in portal.translated_entries()
        if not e.msgid_plural and theirs.get((e.msgctxt, e.msgid), e.msgstr) != e.msgstr
    ]
    if not clashes:
        return []
    return [
        f"{len(clashes)} portal msgids override an upstream translation with another one "
        f"(give the portal's use a context, or use the same words): {clashes[:10]}"
    ]


# --- Commands ---------------------------------------------------------------------------


def check() -> int:
    problems = []
    catalog = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated: {untranslated[:10]}")
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy: {fuzzy[:10]}")
    if not _compiled_matches(PO):
        problems.append("django.mo is out of date: run scripts/catalog.py apply or update")
    with tempfile.TemporaryDirectory() as tmp:
        fresh_root = Path(tmp) / "locale"
        shutil.copytree(ROOT / "locale", fresh_root)
        makemessages(fresh_root)
        fresh = polib.pofile(str(fresh_root / "lo" / "LC_MESSAGES" / "django.po"))
        missing = entries(fresh) - entries(catalog)
        if missing:
            problems.append(
                f"{len(missing)} strings in the code are not in the catalog: "
                f"{sorted(m[1] for m in missing)[:10]} (run scripts/catalog.py update)"
            )
    problems += check_upstream(catalog)
    for problem in problems:
        print("catalog:", problem)
    if not problems:
        counts = [len(catalog.translated_entries())] + [
            len(polib.pofile(str(upstream_po(d))).translated_entries()) for d in UPSTREAM_DOMAINS
        ]
        print(
            f"catalog: {counts[0]} portal strings and {counts[1]} + {counts[2]} upstream "
            "strings (django + djangojs), all translated, .mo files up to date"
        )
    return 1 if problems else 0


def _catalog_paths(upstream: bool) -> list[Path]:
    return [upstream_po(d) for d in UPSTREAM_DOMAINS] if upstream else [PO]


def untranslated(upstream: bool = False) -> int:
    out = {}
    for path in _catalog_paths(upstream):
        catalog = polib.pofile(str(path))
        for e in catalog.untranslated_entries() + catalog.fuzzy_entries():
            out[key_of(e)] = ["", ""] if e.msgid_plural else ""
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def apply(path: str, upstream: bool = False) -> int:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    applied = 0
    for po_path in _catalog_paths(upstream):
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            value = translations.get(key_of(entry))
            if entry.obsolete or not value:
                continue
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {0: values[0]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            applied += 1
        catalog.save()
    compile_upstream() if upstream else compile_mo()
    print(f"applied {applied} translations")
    return 0


def update() -> int:
    makemessages(ROOT / "locale")
    drop_obsolete(PO)
    compile_mo()
    update_upstream()
    untranslated()
    return untranslated(upstream=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    upstream = "--upstream" in args
    args = [a for a in args if a != "--upstream"]
    command = args[0] if args else "check"
    if command == "apply":
        sys.exit(apply(args[1], upstream=upstream))
    if command == "untranslated":
        sys.exit(untranslated(upstream=upstream))
    sys.exit({"check": check, "update": update}[command]())
