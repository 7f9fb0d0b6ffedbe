"""Demo content of the SWG domain: spaces in both languages, a year of meetings with
agenda, minutes, attendance and action items, sub-groups, fictional organisations and
people (@example.org), and Round Table events with recommendations.

Idempotent: records are looked up before they are created, and a space that already
has meetings gets no new ones, so running `load_demo` twice changes nothing."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from swg.models import (
    ActionItem,
    ActionStatus,
    AttendanceStatus,
    ContactRole,
    ContactRoleKind,
    EventIndexPage,
    EventPage,
    EventType,
    MeetingAttendance,
    MeetingPage,
    MeetingType,
    Organisation,
    OrganisationKind,
    Person,
    Recommendation,
    SpacePage,
)
from swg.models.groups import AccessLevel
from swg.services import ensure_working_group

VIENTIANE = zoneinfo.ZoneInfo("Asia/Vientiane")

SUBGROUPS = [
    # (slug, parent slug, English, Lao)
    ("health-financing", "health", "Health Financing", "ການເງິນສາທາລະນະສຸກ"),
    ("teacher-development", "education", "Teacher Development", "ການພັດທະນາຄູ"),
    ("transport", "infrastructure", "Transport", "ການຄົມມະນາຄົມ"),
]

PARTNERS = [
    # (English, Lao, acronym, kind) — all fictional
    ("Nordland Cooperation Agency", "ອົງການຮ່ວມມືນໍດແລນ", "NCA", OrganisationKind.BILATERAL),
    (
        "Eastern Sea Development Agency",
        "ອົງການພັດທະນາທະເລຕາເວັນອອກ",
        "ESDA",
        OrganisationKind.BILATERAL,
    ),
    ("United Example Fund", "ກອງທຶນຕົວຢ່າງສະຫະປະຊາຊາດ", "UEF", OrganisationKind.MULTILATERAL),
    (
        "Mekong Regional Bank (example)",
        "ທະນາຄານພາກພື້ນແມ່ຂອງ (ຕົວຢ່າງ)",
        "MRB",
        OrganisationKind.MULTILATERAL,
    ),
    (
        "Helping Hands International (example)",
        "ອົງການມືຊ່ວຍເຫຼືອສາກົນ (ຕົວຢ່າງ)",
        "HHI",
        OrganisationKind.INGO,
    ),
    ("Village Voices Network (example)", "ເຄືອຂ່າຍສຽງບ້ານ (ຕົວຢ່າງ)", "VVN", OrganisationKind.CSO),
    (
        "Lane Xang Business Association (example)",
        "ສະມາຄົມທຸລະກິດລ້ານຊ້າງ (ຕົວຢ່າງ)",
        "LXBA",
        OrganisationKind.PRIVATE,
    ),
]

FIRST_NAMES = ["Khamla", "Noy", "Vanh", "Somchai", "Dara", "Anna", "Pieter", "Mai", "Bounmy", "Kim"]
FAMILY_NAMES = ["Example", "Sample", "Demo", "Testperson", "Placeholder"]

MEETING_PLAN = [
    # (days from today, type, minutes language: "lo", "en" or "both", minutes access)
    (-320, MeetingType.PLENARY, "both", AccessLevel.PUBLIC),
    (-250, MeetingType.TECHNICAL, "lo", AccessLevel.MEMBERS),
    (-190, MeetingType.RT_PREPARATION, "en", AccessLevel.PUBLIC),
    (-130, MeetingType.PROVINCIAL, "lo", AccessLevel.PUBLIC),
    (-75, MeetingType.RETREAT, "en", AccessLevel.RESTRICTED),
    (-20, MeetingType.PLENARY, "both", AccessLevel.MEMBERS),
    (18, MeetingType.TECHNICAL, None, AccessLevel.MEMBERS),
    (60, MeetingType.PLENARY, None, AccessLevel.PUBLIC),
]

TYPE_TITLES = {
    MeetingType.PLENARY: ("ກອງປະຊຸມຄົບຄະນະ", "Plenary meeting"),
    MeetingType.SUB_GROUP: ("ກອງປະຊຸມກຸ່ມຍ່ອຍ", "Sub-group meeting"),
    MeetingType.TECHNICAL: ("ກອງປະຊຸມວິຊາການ", "Technical meeting"),
    MeetingType.RETREAT: ("ກອງປະຊຸມສຳມະນານອກສະຖານທີ່", "Retreat"),
    MeetingType.RT_PREPARATION: (
        "ການກະກຽມກອງປະຊຸມໂຕະມົນ",
        "Round Table preparation meeting",
    ),
    MeetingType.PROVINCIAL: ("ກອງປະຊຸມປຶກສາຫາລືຂັ້ນແຂວງ", "Provincial consultation"),
}

VENUES = [
    ("ຫ້ອງປະຊຸມກະຊວງ, ນະຄອນຫຼວງວຽງຈັນ", "Ministry meeting room, Vientiane Capital"),
    ("ໂຮງແຮມຕົວຢ່າງ, ນະຄອນຫຼວງວຽງຈັນ", "Example Hotel, Vientiane Capital"),
    ("ຫ້ອງວ່າການແຂວງ, ຫຼວງພະບາງ", "Provincial Hall, Luang Prabang"),
    ("ຫ້ອງປະຊຸມ, ປາກເຊ", "Conference room, Pakse"),
]

AGENDA = [
    ("ເປີດກອງປະຊຸມ ແລະ ຮັບຮອງວາລະ", "Opening and adoption of the agenda", "09:00"),
    ("ທົບທວນການຕິດຕາມຂໍ້ຕົກລົງຂອງກອງປະຊຸມຄັ້ງກ່ອນ", "Follow-up of the last meeting's action items", "09:20"),
    (
        "ລາຍງານຄວາມຄືບໜ້າຂອງແຜນພັດທະນາຂະແໜງການ",
        "Progress report on the sector development plan",
        "10:00",
    ),
    ("ການສະໜັບສະໜູນຂອງຄູ່ຮ່ວມພັດທະນາ", "Development partner support and alignment", "11:00"),
    ("ບັນຫາອື່ນໆ ແລະ ປິດກອງປະຊຸມ", "Any other business and closing", "11:45"),
]

MINUTES = {
    "lo": (
        "<p>ກອງປະຊຸມໄດ້ທົບທວນຄວາມຄືບໜ້າຂອງການຈັດຕັ້ງປະຕິບັດແຜນພັດທະນາຂະແໜງ{name} ແລະ "
        "ຕົກລົງເຫັນດີກ່ຽວກັບບູລິມະສິດສຳລັບໄລຍະຕໍ່ໄປ.</p>"
        "<p>ຄູ່ຮ່ວມພັດທະນາໄດ້ນຳສະເໜີແຜນການສະໜັບສະໜູນ ແລະ ຕົກລົງປະສານງົບປະມານໃຫ້ສອດຄ່ອງກັບແຜນແຫ່ງຊາດ.</p>"
    ),
    "en": (
        "<p>The meeting reviewed progress in implementing the {name} sector development plan "
        "and agreed the priorities for the coming period.</p>"
        "<p>Development partners presented their support plans and agreed to align their "
        "budgets with the national plan.</p>"
    ),
}
DECISIONS = {
    "lo": "<ul><li>ຮັບຮອງບົດລາຍງານຄວາມຄືບໜ້າ.</li><li>ມອບໃຫ້ກອງເລຂາກະກຽມແຜນປະຕິບັດງານ.</li></ul>",
    "en": (
        "<ul><li>The progress report is endorsed.</li>"
        "<li>The secretariat prepares an action plan.</li></ul>"
    ),
}

ACTIONS = [
    ("ກະກຽມບົດລາຍງານປະຈຳປີຂອງກຸ່ມວຽກງານ", "Prepare the working group's annual report"),
    ("ສົ່ງຂໍ້ມູນການສະໜັບສະໜູນໃຫ້ກອງເລຂາ", "Send support data to the secretariat"),
    ("ທົບທວນຂໍ້ກຳນົດໜ້າທີ່ຂອງກຸ່ມຍ່ອຍ", "Review the terms of reference of the sub-groups"),
    ("ຈັດກອງປະຊຸມປຶກສາຫາລືກັບແຂວງ", "Organise a consultation with the provinces"),
    ("ແບ່ງປັນແຜນງົບປະມານ", "Share the budget plan"),
]
# The item (by its number in _add_actions) whose responsible party is free text.
FREE_TEXT_ITEM = 91
FREE_TEXT_RESPONSIBLE = (
    "ບັນດາຄູ່ຮ່ວມພັດທະນາທັງໝົດຂອງກຸ່ມວຽກງານ",
    "All development partners of the working group",
)

EVENTS = [
    (
        "rtim-2026",
        EventType.RTIM,
        -40,
        (
            "ກອງປະຊຸມທົບທວນການຈັດຕັ້ງປະຕິບັດ ກອງປະຊຸມໂຕະມົນ 2026",
            "Round Table Implementation Meeting 2026",
        ),
        ("ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital"),
        [
            (
                (
                    "ເພີ່ມທະວີການລົງທຶນໃສ່ການບໍລິການສາທາລະນະສຸກຂັ້ນພື້ນຖານ",
                    "Increase investment in primary health care",
                ),
                ["health", "health-financing"],
            ),
            (
                (
                    "ປັບປຸງຄຸນນະພາບການສຶກສາ ແລະ ການພັດທະນາຄູ",
                    "Improve the quality of education and teacher development",
                ),
                ["education", "teacher-development"],
            ),
            (
                ("ປະສານງົບປະມານໃຫ້ສອດຄ່ອງກັບແຜນແຫ່ງຊາດ", "Align budgets with the national plan"),
                ["macroeconomics", "governance"],
            ),
        ],
    ),
    (
        "provincial-consultation-luang-prabang",
        EventType.PROVINCIAL,
        -100,
        ("ກອງປະຊຸມປຶກສາຫາລືຂັ້ນແຂວງ ຫຼວງພະບາງ", "Provincial consultation, Luang Prabang"),
        ("ຫຼວງພະບາງ", "Luang Prabang"),
        [
            (
                ("ເສີມສ້າງການເຊື່ອມໂຍງທາງຄົມມະນາຄົມໃນເຂດຊົນນະບົດ", "Strengthen rural transport links"),
                ["infrastructure", "transport", "agriculture-rural-development"],
            ),
            (
                ("ຂະຫຍາຍການເກັບກູ້ລະເບີດໃນເຂດກະສິກຳ", "Expand UXO clearance on farmland"),
                ["mine-action", "agriculture-rural-development"],
            ),
        ],
    ),
    (
        "high-level-rtm",
        EventType.HIGH_LEVEL_RTM,
        -400,
        ("ກອງປະຊຸມໂຕະມົນຂັ້ນສູງ", "High-Level Round Table Meeting"),
        ("ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital"),
        [
            (
                (
                    "ປະຕິບັດແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ໂດຍການຮ່ວມມືຂອງທຸກພາກສ່ວນ",
                    "Implement the national socio-economic development plan together",
                ),
                ["macroeconomics", "trade-private-sector", "governance"],
            ),
            (
                (
                    "ປົກປ້ອງຊັບພະຍາກອນທຳມະຊາດ ແລະ ຫຼຸດຜ່ອນການຄ້າຢາເສບຕິດ",
                    "Protect natural resources and reduce drug trafficking",
                ),
                ["natural-resources-environment", "illicit-drug-control"],
            ),
        ],
    ),
]

EVENT_INDEX = {
    "lo": {
        "title": "ກອງປະຊຸມໂຕະມົນ",
        "intro": "ກອງປະຊຸມໂຕະມົນຂັ້ນສູງ, ກອງປະຊຸມທົບທວນການຈັດຕັ້ງປະຕິບັດ ກອງປະຊຸມໂຕະມົນ "
        "ແລະ ກອງປະຊຸມປຶກສາຫາລືຂັ້ນແຂວງ.",
    },
    "en": {
        "title": "Round Table meetings",
        "intro": (
            "High-Level Round Table Meetings, implementation meetings and provincial consultations."
        ),
    },
}


def load(*, homes, swg_index, locales, log=print):
    """Build the SWG demo under `swg_index` (the Lao SWG index page)."""
    groups = _ensure_subgroups()
    orgs = _ensure_organisations()
    people = {}
    for group in groups:
        people[group.pk] = _ensure_contacts(group, orgs)
    spaces = {group.pk: _ensure_spaces(swg_index, locales, group) for group in groups}
    today = timezone.localdate()
    for index, group in enumerate(groups):
        _ensure_meetings(spaces[group.pk], group, people[group.pk], orgs, index, today)
    _ensure_events(homes, locales, today)
    log(
        f"SWG spaces: {SpacePage.objects.count()}, meetings: {MeetingPage.objects.count()}, "
        f"action items: {ActionItem.objects.count()}, people: {Person.objects.count()}"
    )


def _ensure_subgroups():
    from swg.models import SectorWorkingGroup

    by_slug = {g.slug: g for g in SectorWorkingGroup.objects.filter(parent__isnull=True)}
    for position, (slug, parent_slug, name_en, name_lo) in enumerate(SUBGROUPS):
        parent = by_slug[parent_slug]
        if not SectorWorkingGroup.objects.filter(slug=slug).exists():
            ensure_working_group(
                slug,
                name_en=name_en,
                name_lo=name_lo,
                parent=parent,
                sort_order=100 + position,
                mandate_en=f"The {name_en} sub-sector working group of the {parent.name_en} SWG.",
                mandate_lo=f"ກຸ່ມວຽກງານຂະແໜງການຍ່ອຍ{name_lo} ຂອງກຸ່ມວຽກງານ{sector_lo(parent.name_lo)}.",
            )
    return list(
        SectorWorkingGroup.objects.select_related("parent").order_by("parent_id", "sort_order")
    )


def _ensure_organisations():
    orgs = {}
    for name_en, name_lo, acronym, kind in PARTNERS:
        orgs[acronym], _ = Organisation.objects.get_or_create(
            name_en=name_en, defaults={"name_lo": name_lo, "acronym": acronym, "kind": kind}
        )
    return orgs


# (English, Lao) job titles of the demo contacts, in the order of the contact plan.
JOB_TITLES = [
    ("Vice Minister", "ຮອງລັດຖະມົນຕີ"),
    ("Country Director", "ຫົວໜ້າຫ້ອງການປະຈຳປະເທດ"),
    ("Deputy Director General", "ຮອງຫົວໜ້າກົມ"),
    ("Programme Officer", "ເຈົ້າໜ້າທີ່ແຜນງານ"),
    ("Programme Manager", "ຜູ້ຈັດການແຜນງານ"),
    ("Technical Officer", "ເຈົ້າໜ້າທີ່ວິຊາການ"),
]


def sector_lo(name_lo):
    """ "ຂະແໜງການ" + a sector's Lao name, as the glossary writes it; a name that already
    opens with ການ (ການສຶກສາ) joins ຂະແໜງ directly: ຂະແໜງການສຶກສາ, not ຂະແໜງການການສຶກສາ."""
    return f"ຂະແໜງ{name_lo}" if name_lo.startswith("ການ") else f"ຂະແໜງການ{name_lo}"


def _ministry(group):
    root = group.parent or group
    org, _ = Organisation.objects.get_or_create(
        name_en=f"Ministry responsible for {root.name_en} (example)",
        defaults={
            "name_lo": f"ກະຊວງທີ່ຮັບຜິດຊອບ{sector_lo(root.name_lo)} (ຕົວຢ່າງ)",
            "acronym": "",
            "kind": OrganisationKind.GOVERNMENT,
        },
    )
    return org


def _ensure_contacts(group, orgs):
    partners = list(orgs.values())
    ministry = _ministry(group)
    seed = group.pk
    plan = [
        (ContactRoleKind.CHAIR, ministry, JOB_TITLES[0], True),
        (ContactRoleKind.CO_CHAIR, partners[seed % 4], JOB_TITLES[1], True),
        (ContactRoleKind.SECRETARIAT, ministry, JOB_TITLES[2], True),
        (ContactRoleKind.MEMBER, partners[(seed + 1) % len(partners)], JOB_TITLES[3], False),
        (ContactRoleKind.MEMBER, partners[4 + seed % 3], JOB_TITLES[4], False),
        (ContactRoleKind.MEMBER, ministry, JOB_TITLES[5], False),
    ]
    people = []
    for number, (role, organisation, (title, title_lo), public) in enumerate(plan, start=1):
        email = f"{group.slug}.{role.replace('_', '')}{number}@example.org"
        person = Person.objects.filter(email=email).first()
        if person is not None and not person.title_lo and person.title == title:
            person.title_lo = title_lo  # demo loaded before job titles had a Lao field
            person.save(update_fields=["title_lo"])
        if person is None:
            name = (
                f"{FIRST_NAMES[(seed * 3 + number) % len(FIRST_NAMES)]} "
                f"{FAMILY_NAMES[(seed + number) % len(FAMILY_NAMES)]}"
            )
            person = Person.objects.create(
                name=name,
                title=title,
                title_lo=title_lo,
                organisation=organisation,
                email=email,
                phone=f"+856 21 {200000 + seed * 100 + number}",
                languages="Lao, English" if number % 2 else "Lao",
            )
        ContactRole.objects.get_or_create(
            person=person,
            working_group=group,
            role=role,
            defaults={"details_public": public, "sort_order": number},
        )
        people.append(person)
    return people


def _ensure_spaces(swg_index_lo, locales, group):
    space_lo = SpacePage.objects.filter(working_group=group, locale=locales["lo"]).first()
    if space_lo is None:
        space_lo = swg_index_lo.add_child(
            instance=SpacePage(
                title=group.name_lo,
                slug=group.slug,
                working_group=group,
                intro=group.mandate_lo[:200] if group.parent_id else "",
                locale=locales["lo"],
            )
        )
        space_lo.save_revision().publish()
    space_en = SpacePage.objects.filter(working_group=group, locale=locales["en"]).first()
    if space_en is None:
        space_en = space_lo.copy_for_translation(locales["en"]).specific
        space_en.title = group.name_en
        space_en.slug = group.slug
        space_en.intro = group.mandate_en[:200] if group.parent_id else ""
        space_en.save_revision().publish()
    return {"lo": space_lo, "en": space_en}


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=VIENTIANE)


def _ensure_meetings(spaces, group, people, orgs, seed, today):
    # Page saves would each queue a reference-index task; the index is updated once
    # per meeting at the end instead.
    with transaction.atomic(), disable_reference_index_auto_update():
        _create_meetings(spaces, group, people, orgs, seed, today)


def _create_meetings(spaces, group, people, orgs, seed, today):
    if MeetingPage.objects.child_of(spaces["lo"]).exists():
        return
    partners = list(orgs.values())
    created = {"lo": [], "en": []}
    attendance = []
    plan = MEETING_PLAN if not group.parent_id else MEETING_PLAN[1::2]
    for number, (days, meeting_type, minutes_lang, minutes_access) in enumerate(plan):
        if group.parent_id and meeting_type == MeetingType.PLENARY:
            meeting_type = MeetingType.SUB_GROUP
        day = today + datetime.timedelta(days=days + seed % 5)
        start, end = _at(day, 9), _at(day, 12)
        venue = VENUES[(seed + number) % len(VENUES)]
        if meeting_type == MeetingType.PROVINCIAL:
            venue = VENUES[2]
        type_lo, type_en = TYPE_TITLES[meeting_type]
        slug = slugify(f"{type_en} {day:%Y-%m-%d}")
        past = days < 0
        for code, (type_title, group_name, idx) in {
            "lo": (type_lo, group.name_lo, 0),
            "en": (type_en, group.name_en, 1),
        }.items():
            minutes = decisions = minutes_language = ""
            if past:
                # Minutes taken in one language only stand in both trees, marked as such.
                written_in = code if minutes_lang == "both" else minutes_lang
                minutes = MINUTES[written_in].format(
                    name=group.name_lo if written_in == "lo" else group.name_en
                )
                minutes_language = "" if written_in == code else written_in
                decisions = DECISIONS[code]
            meeting = MeetingPage(
                title=_meeting_title(type_title, group_name, day, code),
                draft_title=_meeting_title(type_title, group_name, day, code),
                slug=slug,
                locale=spaces[code].locale,
                working_group=group,
                meeting_type=meeting_type,
                start=start,
                end=end,
                venue=venue[idx],
                chaired_by=f"{people[0].name}; {people[1].name}",
                summary=(
                    "ກອງປະຊຸມປົກກະຕິຂອງກຸ່ມວຽກງານ."
                    if code == "lo"
                    else "A regular meeting of the working group."
                ),
                agenda=[
                    ("item", {"title": item[idx], "presenter": "", "time": item[2], "notes": ""})
                    for item in AGENDA
                ],
                minutes=minutes,
                minutes_language=minutes_language,
                decisions=decisions,
                access_level=AccessLevel.PUBLIC,
                minutes_access=minutes_access,
                live=True,
            )
            if code == "en":
                meeting.translation_key = created["lo"][-1].translation_key
            if past:
                attendance.append((meeting, _attendance(people, partners, seed, number, code)))
            # Demo data is built valid: skip the per-field checks (one query per key).
            meeting.skip_full_clean = True
            spaces[code].add_child(instance=meeting)
            created[code].append(meeting)
    rows = []
    for meeting, people_rows in attendance:
        for row in people_rows:
            row.meeting = meeting
            rows.append(row)
    MeetingAttendance.objects.bulk_create(rows)
    _add_actions(created, people, partners, plan, seed, today)
    for meeting in created["lo"] + created["en"]:
        ReferenceIndex.create_or_update_for_object(meeting)


def _meeting_title(type_title, group_name, day, code):
    with translation.override(code):
        month = formats.date_format(day, "YEAR_MONTH_FORMAT")  # "ພະຈິກ 2026", "November 2026"
    return f"{type_title} — {group_name}, {month}"


def _attendance(people, partners, seed, number, code):
    rows = [
        MeetingAttendance(
            person=person,
            status=(
                AttendanceStatus.APOLOGIES
                if (position + number) % 5 == 4
                else AttendanceStatus.PRESENT
            ),
            sort_order=position,
        )
        for position, person in enumerate(people[:5])
    ]
    rows.append(
        MeetingAttendance(
            name="Observer (example)" if code == "en" else "ຜູ້ສັງເກດການ (ຕົວຢ່າງ)",
            organisation=partners[(seed + number) % len(partners)],
            status=AttendanceStatus.PRESENT,
            sort_order=9,
        )
    )
    return rows


def _add_actions(created, people, partners, plan, seed, today):
    """Action items of the past meetings, in every status, some overdue; the same
    items (one copy per language) are on both translations of a meeting."""
    past = [i for i, row in enumerate(plan) if row[0] < 0]
    statuses = [
        ActionStatus.DONE,
        ActionStatus.DROPPED,
        ActionStatus.IN_PROGRESS,
        ActionStatus.OPEN,
    ]
    items = []
    for order, meeting_index in enumerate(past):
        for k in range(2):
            n = order * 2 + k
            status = statuses[(n + seed) % 4]
            # Earlier meetings' items fall due in the past: open ones are overdue.
            due = today + datetime.timedelta(days=plan[meeting_index][0] + 45 + 30 * k)
            closed = None
            if status in (ActionStatus.DONE, ActionStatus.DROPPED):
                later = [i for i in past if i > meeting_index]
                closed = later[0] if later else None
            items.append((meeting_index, n, status, due, closed))
    # Make sure every space has an overdue item and one not yet due.
    first_past, last_past = past[0], past[-1]
    items.append((first_past, 90, ActionStatus.OPEN, today - datetime.timedelta(days=30), None))
    items.append(
        (last_past, 91, ActionStatus.IN_PROGRESS, today + datetime.timedelta(days=40), None)
    )
    rows = []
    for code, idx in (("lo", 0), ("en", 1)):
        for meeting_index, n, status, due, closed in items:
            # One item per space is for a party no contact list holds (free text).
            shared = n == FREE_TEXT_ITEM
            rows.append(
                ActionItem(
                    meeting=created[code][meeting_index],
                    description=ACTIONS[n % len(ACTIONS)][idx],
                    responsible_organisation=None
                    if shared
                    else partners[(n + seed) % len(partners)]
                    if n % 3
                    else people[2].organisation,
                    responsible_person=people[2] if n % 3 == 0 and not shared else None,
                    responsible_text=FREE_TEXT_RESPONSIBLE[idx] if shared else "",
                    due_date=due,
                    status=status,
                    closed_in=created[code][closed] if closed is not None else None,
                    sort_order=n,
                )
            )
    ActionItem.objects.bulk_create(rows)


def _ensure_events(homes, locales, today):
    index_lo = EventIndexPage.objects.filter(locale=locales["lo"]).first()
    if index_lo is None:
        index_lo = homes["lo"].add_child(
            instance=EventIndexPage(slug="round-table", show_in_menus=True, **EVENT_INDEX["lo"])
        )
        index_lo.save_revision().publish()
    index_en = index_lo.get_translation_or_none(locales["en"])
    if index_en is None:
        index_en = index_lo.copy_for_translation(locales["en"]).specific
        index_en.title, index_en.intro = EVENT_INDEX["en"]["title"], EVENT_INDEX["en"]["intro"]
        index_en.save_revision().publish()
    indexes = {"lo": index_lo, "en": index_en}
    if EventPage.objects.child_of(index_lo).exists():
        return
    from swg.models import SectorWorkingGroup

    groups = {g.slug: g for g in SectorWorkingGroup.objects.all()}
    for slug, event_type, days, titles, venues, recommendations in EVENTS:
        start = today + datetime.timedelta(days=days)
        source = None
        for code, idx in (("lo", 0), ("en", 1)):
            event = EventPage(
                title=titles[idx],
                slug=slug,
                locale=locales[code],
                event_type=event_type,
                start_date=start,
                end_date=start + datetime.timedelta(days=1),
                venue=venues[idx],
                summary=titles[idx],
                programme=(
                    "<ol><li>ພິທີເປີດ</li><li>ການນຳສະເໜີ</li><li>ການປຶກສາຫາລື</li></ol>"
                    if code == "lo"
                    else "<ol><li>Opening</li><li>Presentations</li><li>Discussion</li></ol>"
                ),
                live=True,
            )
            if source is not None:
                event.translation_key = source.translation_key
            indexes[code].add_child(instance=event)
            source = source or event
            for position, (texts, slugs) in enumerate(recommendations):
                rec = Recommendation(event=event, text=texts[idx], sort_order=position)
                rec.save()
                rec.working_groups.set([groups[s] for s in slugs if s in groups])
                rec.save()
