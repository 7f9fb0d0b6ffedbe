"""Contact exports: CSV for spreadsheets, vCard 3.0 for address books."""

import csv
import io

CSV_COLUMNS = [
    "name",
    "title",
    "organisation",
    "acronym",
    "organisation_kind",
    "working_group",
    "role",
    "email",
    "phone",
    "languages",
]


def contacts_csv(roles):
    """CSV (with a UTF-8 byte order mark so spreadsheet programs read Lao) of `roles`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for role in roles:
        person, organisation = role.person, role.person.organisation
        writer.writerow(
            [
                person.name,
                person.title,
                organisation.name_en if organisation else "",
                organisation.acronym if organisation else "",
                organisation.kind if organisation else "",
                role.working_group.slug,
                role.role,
                person.email,
                person.phone,
                person.languages,
            ]
        )
    return buffer.getvalue()


def _escape(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def contacts_vcard(roles):
    """One vCard 3.0 per person (roles of the same person are merged into its note)."""
    people = {}
    for role in roles:
        entry = people.setdefault(role.person.pk, (role.person, []))
        entry[1].append(f"{role.get_role_display()} – {role.working_group.name_en}")
    cards = []
    for person, notes in people.values():
        parts = person.name.rsplit(" ", 1)
        family, given = (parts[1], parts[0]) if len(parts) == 2 else (parts[0], "")
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{_escape(person.name)}",
            f"N:{_escape(family)};{_escape(given)};;;",
        ]
        if person.organisation_id:
            lines.append(f"ORG:{_escape(person.organisation.name_en)}")
        if person.title:
            lines.append(f"TITLE:{_escape(person.title)}")
        if person.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{_escape(person.email)}")
        if person.phone:
            lines.append(f"TEL;TYPE=WORK:{_escape(person.phone)}")
        lines.append(f"NOTE:{_escape('; '.join(notes))}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    return "\r\n".join(cards) + ("\r\n" if cards else "")


def _fold(line):
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
