"""The DAC sector codelists (IATI Standard, CC BY 4.0) and the Lao sector names.

`Sector.xml` (vocabulary 1, 5-digit purpose codes) and `SectorCategory.xml`
(vocabulary 2, 3-digit categories) are the IATI codelists as published; the Lao names
are the portal's translation (`sector_names_lo.json`), for the sectors the SWGs use.
`load_sectors` takes the model class so that a data migration can pass its historical
model.
"""

import json
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
CODELISTS = {"1": DATA / "Sector.xml", "2": DATA / "SectorCategory.xml"}
LAO_NAMES = DATA / "sector_names_lo.json"


def read_codelist(path: Path):
    """(code, English name, category, withdrawn) for each item of an IATI codelist."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    for item in tree.iter("codelist-item"):
        name = item.find("name/narrative")
        yield (
            (item.findtext("code") or "").strip(),
            " ".join((name.text if name is not None else "").split()),
            (item.findtext("category") or "").strip(),
            item.get("status") == "withdrawn",
        )


def lao_names() -> dict:
    with LAO_NAMES.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_sectors(model) -> int:
    """Create missing sectors and refresh English names; a Lao name edited in the admin
    stays, an empty one is filled from the portal's translation. Returns rows created."""
    names_lo = lao_names()
    existing = {(row.vocabulary, row.code): row for row in model.objects.all()}
    created = []
    for vocabulary, path in CODELISTS.items():
        for code, name_en, category, withdrawn in read_codelist(path):
            if not code:
                continue
            if vocabulary == "1" and not category:
                category = code[:3]
            name_lo = names_lo.get(code, "")
            row = existing.get((vocabulary, code))
            if row is None:
                created.append(
                    model(
                        vocabulary=vocabulary,
                        code=code,
                        category=category if vocabulary == "1" else "",
                        name_en=name_en,
                        name_lo=name_lo,
                        withdrawn=withdrawn,
                    )
                )
                continue
            changed = row.name_en != name_en or row.withdrawn != withdrawn
            row.name_en, row.withdrawn = name_en, withdrawn
            if not row.name_lo and name_lo:
                row.name_lo, changed = name_lo, True
            if changed:
                row.save(update_fields=["name_en", "name_lo", "withdrawn"])
    model.objects.bulk_create(created)
    return len(created)
