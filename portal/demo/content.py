"""Demo content in both languages: the seed list of SWGs, the site skeleton and news.

Lao prose here is original or taken from the Universal Declaration of Human Rights;
people and e-mail addresses are fictional (@example.org)."""

SWGS = [
    ("health", "Health", "ສາທາລະນະສຸກ", "121, 122, 123"),
    ("education", "Education", "ການສຶກສາ", "111, 112, 113, 114"),
    (
        "infrastructure",
        "Infrastructure",
        "ພື້ນຖານໂຄງລ່າງ",
        "210, 220, 230, 231, 232, 233, 234, 235, 236",
    ),
    (
        "agriculture-rural-development",
        "Agriculture and Rural Development",
        "ກະສິກຳ ແລະ ພັດທະນາຊົນນະບົດ",
        "311, 43040, 43041, 43042",
    ),
    (
        "natural-resources-environment",
        "Natural Resource Management and Environment",
        "ການຄຸ້ມຄອງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
        "410, 312",
    ),
    ("governance", "Governance", "ການປົກຄອງ", "151"),
    ("macroeconomics", "Macroeconomics", "ເສດຖະກິດມະຫາພາກ", "150, 15142, 240, 510"),
    (
        "trade-private-sector",
        "Trade and Private Sector Development",
        "ການຄ້າ ແລະ ພັດທະນາພາກເອກະຊົນ",
        "250, 331",
    ),
    ("mine-action", "Mine Action (UXO)", "ການເກັບກູ້ລະເບີດບໍ່ທັນແຕກ (UXO)", "15250"),
    ("illicit-drug-control", "Illicit Drug Control", "ການຄວບຄຸມຢາເສບຕິດ", "16063, 31165, 43050"),
]

MANDATE_EN = (
    "The {name} Sector Working Group brings together the Government, development partners "
    "and civil society to agree priorities, align support with the National Socio-Economic "
    "Development Plan and follow up the recommendations of the Round Table Meetings."
)
MANDATE_LO = (
    "ກຸ່ມວຽກງານ{sector} ເປັນເວທີປຶກສາຫາລືລະຫວ່າງ ລັດຖະບານ, ຄູ່ຮ່ວມພັດທະນາ ແລະ ອົງການຈັດຕັ້ງ"
    "ພາກປະຊາສັງຄົມ ເພື່ອຕົກລົງບູລິມະສິດ, ປະສານການສະໜັບສະໜູນໃຫ້ສອດຄ່ອງກັບແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ"
    "ແຫ່ງຊາດ ແລະ ຕິດຕາມການຈັດຕັ້ງປະຕິບັດຂໍ້ສະເໜີແນະຂອງກອງປະຊຸມໂຕະມົນ."
)

HOME = {
    "lo": {
        "title": "ຂະບວນການປະຊຸມໂຕະມົນ ແລະ ກຸ່ມວຽກງານຂະແໜງການ",
        "intro": (
            "ຂະບວນການປະຊຸມໂຕະມົນ ແມ່ນກົນໄກແຫ່ງຊາດ ເພື່ອການປຶກສາຫາລື ແລະ ການປະສານງານ "
            "ລະຫວ່າງ ລັດຖະບານ ສປປ ລາວ ແລະ ຄູ່ຮ່ວມພັດທະນາ."
        ),
        "body": (
            "<p>ນັບແຕ່ປີ 1983 ເປັນຕົ້ນມາ, ຂະບວນການປະຊຸມໂຕະມົນ ໄດ້ກາຍເປັນເວທີສົນທະນາທີ່ມີປະສິດທິຜົນ "
            "ເພື່ອສ້າງຄວາມເຂົ້າໃຈຮ່ວມກັນກ່ຽວກັບບູລິມະສິດການພັດທະນາຂອງປະເທດ.</p>"
            "<p>ກຸ່ມວຽກງານຂະແໜງການທັງສິບກຸ່ມ ໄດ້ສ້າງຕັ້ງຂຶ້ນໃນປີ 2005 ແລະ ເປັນສູນກາງຂອງການປະສານງານ "
            "ລະຫວ່າງລັດຖະບານ ແລະ ຄູ່ຮ່ວມພັດທະນາ ລວມທັງອົງການຈັດຕັ້ງພາກປະຊາສັງຄົມ.</p>"
        ),
    },
    "en": {
        "title": "Round Table Process and Sector Working Groups",
        "intro": (
            "The Round Table Process is the national mechanism for dialogue and coordination "
            "between the Government of the Lao PDR and its development partners."
        ),
        "body": (
            "<p>Since 1983 the Round Table Process has become an effective platform for "
            "substantive dialogue, building a common understanding of the country's "
            "development priorities.</p>"
            "<p>The ten Sector Working Groups, formed in 2005, are the main place where the "
            "Government and development partners, including civil society, coordinate their "
            "work in each sector.</p>"
        ),
    },
}

ABOUT = {
    "lo": {
        "title": "ກ່ຽວກັບຂະບວນການປະຊຸມໂຕະມົນ",
        "slug": "about",
        "intro": "ກົນໄກແຫ່ງຊາດເພື່ອການປະສານງານການຊ່ວຍເຫຼືອເພື່ອການພັດທະນາ.",
        "paragraphs": [
            "ກອງປະຊຸມໂຕະມົນຂັ້ນສູງ ຈັດຂຶ້ນທຸກໆຫ້າປີ ເພື່ອນຳສະເໜີແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ "
            "ແລະ ລະດົມການສະໜັບສະໜູນຈາກຄູ່ຮ່ວມພັດທະນາ.",
            "ກອງປະຊຸມທົບທວນການຈັດຕັ້ງປະຕິບັດ ກອງປະຊຸມໂຕະມົນ ຈັດຂຶ້ນທຸກປີ ເພື່ອທົບທວນຄວາມຄືບໜ້າ "
            "ແລະ ຖອດຖອນບົດຮຽນ. ກອງປະຊຸມປຶກສາຫາລືຂັ້ນແຂວງ ເຊື່ອມໂຍງການສົນທະນາລະດັບຊາດ ແລະ ທ້ອງຖິ່ນ.",
        ],
    },
    "en": {
        "title": "About the Round Table Process",
        "slug": "about",
        "intro": "The national mechanism for coordinating development assistance.",
        "paragraphs": [
            "High-Level Round Table Meetings are held every five years to present the National "
            "Socio-Economic Development Plan and mobilise the support of development partners.",
            "Round Table Implementation Meetings are held every year to review progress and draw "
            "lessons. Provincial consultations link the national dialogue with local challenges.",
        ],
    },
}

SWG_INDEX = {
    "lo": {
        "title": "ກຸ່ມວຽກງານຂະແໜງການ",
        "intro": "ກຸ່ມວຽກງານຂະແໜງການທັງສິບກຸ່ມ ແລະ ກຸ່ມວຽກງານຂະແໜງການຍ່ອຍ.",
    },
    "en": {
        "title": "Sector Working Groups",
        "intro": "The ten Sector Working Groups and their sub-sector working groups.",
    },
}

NEWS_INDEX = {
    "lo": {"title": "ຂ່າວສານ", "intro": "ຂ່າວຄາວຈາກຂະບວນການປະຊຸມໂຕະມົນ ແລະ ກຸ່ມວຽກງານຂະແໜງການ."},
    "en": {"title": "News", "intro": "News from the Round Table Process and its working groups."},
}

# (key, days ago, colour, {lang: (title, intro, paragraph)})
NEWS = [
    (
        "health-reform-review",
        6,
        (0, 40, 104),
        {
            "lo": (
                "ກຸ່ມວຽກງານຂະແໜງການສາທາລະນະສຸກ ທົບທວນຄວາມຄືບໜ້າຂອງການປະຕິຮູບຂະແໜງສາທາລະນະສຸກ",
                "ກອງປະຊຸມຄົບຄະນະປະຈຳປີ ໄດ້ທົບທວນຜົນການຈັດຕັ້ງປະຕິບັດຍຸດທະສາດປະຕິຮູບ.",
                "ຜູ້ເຂົ້າຮ່ວມໄດ້ປຶກສາຫາລືກ່ຽວກັບການບໍລິການສາທາລະນະສຸກຂັ້ນພື້ນຖານ, ການສັກຢາກັນພະຍາດ "
                "ແລະ ງົບປະມານສຳລັບໂຮງໝໍເມືອງ.",
            ),
            "en": (
                "Health Sector Working Group reviews progress on health sector reform",
                "The annual plenary reviewed how the reform strategy is being implemented.",
                "Participants discussed primary health care, immunisation coverage and the "
                "budget for district hospitals.",
            ),
        },
    ),
    (
        "rtim-announced",
        14,
        (206, 17, 38),
        {
            "lo": (
                "ກອງປະຊຸມທົບທວນການຈັດຕັ້ງປະຕິບັດ ກອງປະຊຸມໂຕະມົນ ຈະຈັດຂຶ້ນຢູ່ນະຄອນຫຼວງວຽງຈັນ",
                "ລັດຖະບານ ແລະ ຄູ່ຮ່ວມພັດທະນາ ຈະທົບທວນຄວາມຄືບໜ້າຂອງແຜນພັດທະນາແຫ່ງຊາດ.",
                "ກຸ່ມວຽກງານຂະແໜງການທຸກກຸ່ມ ໄດ້ຮັບການເຊື້ອເຊີນໃຫ້ສົ່ງບົດລາຍງານປະຈຳປີ ກ່ອນກອງປະຊຸມ.",
            ),
            "en": (
                "Round Table Implementation Meeting to be held in Vientiane",
                "The Government and development partners will review progress on the national plan.",
                "Every Sector Working Group is invited to submit its annual report before the "
                "meeting.",
            ),
        },
    ),
    (
        "teacher-development-subgroup",
        23,
        (11, 74, 156),
        {
            "lo": (
                "ກຸ່ມວຽກງານຂະແໜງການສຶກສາ ສ້າງຕັ້ງກຸ່ມຍ່ອຍໃໝ່ກ່ຽວກັບການພັດທະນາຄູ",
                "ກຸ່ມຍ່ອຍຈະປະສານການຝຶກອົບຮົມຄູ ໃນທົ່ວປະເທດ.",
                "ກຸ່ມຍ່ອຍໃໝ່ນີ້ ຈະກະກຽມແຜນປະຕິບັດງານ ແລະ ລາຍງານຕໍ່ກອງປະຊຸມຄົບຄະນະຂອງກຸ່ມວຽກງານ.",
            ),
            "en": (
                "Education Sector Working Group sets up a sub-group on teacher development",
                "The sub-group will coordinate teacher training across the country.",
                "The new sub-group will prepare an action plan and report to the working group's "
                "plenary.",
            ),
        },
    ),
    (
        "provincial-consultation",
        35,
        (0, 105, 92),
        {
            "lo": (
                "ກອງປະຊຸມປຶກສາຫາລືຂັ້ນແຂວງ ຢູ່ແຂວງຫຼວງພະບາງ",
                "ອຳນາດການປົກຄອງແຂວງ ແລະ ຄູ່ຮ່ວມພັດທະນາ ໄດ້ປຶກສາຫາລືກ່ຽວກັບບັນຫາຂອງທ້ອງຖິ່ນ.",
                "ຂໍ້ສະເໜີແນະຈາກກອງປະຊຸມ ຈະຖືກສົ່ງໃຫ້ກຸ່ມວຽກງານຂະແໜງການທີ່ກ່ຽວຂ້ອງ.",
            ),
            "en": (
                "Provincial consultation in Luang Prabang",
                "Provincial authorities and development partners discussed local challenges.",
                "The consultation's recommendations will be sent to the working groups concerned.",
            ),
        },
    ),
    (
        "portal-guide",
        48,
        (90, 60, 140),
        {
            "lo": (
                "ຄູ່ມືໃໝ່ສຳລັບກອງເລຂາຂອງກຸ່ມວຽກງານຂະແໜງການ",
                "ວິທີເຜີຍແຜ່ບົດບັນທຶກກອງປະຊຸມ ແລະ ເອກະສານ ຢູ່ໃນເວັບໄຊນີ້.",
                "ຄູ່ມືອະທິບາຍວິທີສ້າງກອງປະຊຸມ, ບັນທຶກຜູ້ເຂົ້າຮ່ວມ ແລະ ຕິດຕາມວຽກທີ່ຕ້ອງປະຕິບັດ.",
            ),
            "en": (
                "A new guide for working group secretariats",
                "How to publish minutes and documents on this portal.",
                "The guide explains how to create a meeting, record attendance and follow up "
                "action items.",
            ),
        },
    ),
    (
        "human-rights-day",
        60,
        (150, 90, 20),
        {
            "lo": (
                "ວັນສິດທິມະນຸດສາກົນ: ປະກາດສາກົນກ່ຽວກັບສິດຂອງມະນຸດ",
                "ມາດຕາທຳອິດຂອງປະກາດສາກົນ ເປັນພາສາລາວ.",
                None,
            ),
            "en": (
                "Human Rights Day: the Universal Declaration of Human Rights",
                "The first article of the Declaration, in English.",
                None,
            ),
        },
    ),
]

# (e-mail, first name, last name, organisation, SWG slug, role) — all fictional.
DEMO_ACCOUNTS = [
    (
        "admin@example.org",
        "Admin",
        "Secretariat",
        "Round Table Secretariat",
        None,
        "rt_secretariat",
    ),
    ("health.chair@example.org", "Khamla", "Example", "Ministry of Health", "health", "chair"),
    (
        "health.cochair@example.org",
        "Jane",
        "Example",
        "Example Health Partner",
        "health",
        "co_chair",
    ),
    (
        "health.secretariat@example.org",
        "Noy",
        "Example",
        "Ministry of Health",
        "health",
        "secretariat",
    ),
    ("health.member@example.org", "Sam", "Example", "Example CSO Network", "health", "member"),
    (
        "education.member@example.org",
        "Vong",
        "Example",
        "Example Education NGO",
        "education",
        "member",
    ),
    ("registered@example.org", "Pat", "Example", "", None, None),
]
