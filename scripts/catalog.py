#!/usr/bin/env python
"""The Lao interface catalog, for people and for CI.

catalog.py check              fail unless every string in the code is in the catalog,
                              translated, not fuzzy, and the compiled .mo matches the .po
catalog.py untranslated       print the untranslated entries as JSON {msgid: ""}
catalog.py apply FILE.json    fill translations from {msgid: msgstr} (plural: a list),
                              then compile the .mo
catalog.py update             re-extract strings from the code (makemessages) and compile
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
IGNORE = [".venv", "var", "tests", "benchmarks", "node_modules", "scripts"]


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


def entries(catalog):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalog if not e.obsolete}


def check() -> int:
    problems = []
    catalog = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated: {untranslated[:10]}")
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy: {fuzzy[:10]}")
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(MO))
        if e.msgid
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalog.translated_entries()
    }
    if compiled != source:
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
    for problem in problems:
        print("catalog:", problem)
    if not problems:
        print(f"catalog: {len(source)} strings, all translated, .mo up to date")
    return 1 if problems else 0


def untranslated() -> int:
    catalog = polib.pofile(str(PO))
    out = {}
    for e in catalog.untranslated_entries() + catalog.fuzzy_entries():
        out[e.msgid] = ["", ""] if e.msgid_plural else ""
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def apply(path: str) -> int:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalog = polib.pofile(str(PO))
    applied = 0
    for entry in catalog:
        if entry.msgid in translations and translations[entry.msgid]:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {0: values[0]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            applied += 1
    catalog.save()
    compile_mo()
    print(f"applied {applied} translations")
    return 0


def update() -> int:
    makemessages(ROOT / "locale")
    compile_mo()
    return untranslated()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    handlers = {"check": check, "untranslated": untranslated, "update": update}
    if command == "apply":
        sys.exit(apply(sys.argv[2]))
    sys.exit(handlers[command]())
