"""Reading IATI activity XML into plain records, with the problems that refuse them.

Versions 2.01-2.03 are read fully (the elements the portal keeps); 1.0x files are read
where the difference is cheap: text directly in elements instead of `<narrative>`,
letter codes for transaction types (C, D, E, ...), `DAC`/`DAC-3` sector vocabularies,
1.0x activity-date and organisation-role words, and the older `type="commitment"`
attribute on transactions. Nothing here touches the database.

A file is first checked for well-formedness as a whole (a truncated or broken file is
refused before any of its activities is stored), then read activity by activity with
`iterparse`, so that large publisher files are never held in memory at once. Entities
and network access are off (no XXE). Each `ParsedActivity` carries `errors`: the
rules the IATI schema enforces that it breaks (a transaction without type or value, a
non-decimal value, a sector without code, ...); an activity with errors is refused
whole.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Values are stored with 20 digits before the decimal point (aid.models.MoneyFields),
# and in US dollars with as many: 17 leave room for currencies worth more than a dollar.
MAX_INTEGER_DIGITS = 17
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")

# IATI 1.0x TransactionType letters, and the words of the earliest drafts' `type` attribute.
TRANSACTION_TYPE_LETTERS = {
    "IF": "1",
    "C": "2",
    "D": "3",
    "E": "4",
    "IR": "5",
    "LR": "6",
    "R": "7",
    "QP": "8",
    "QS": "9",
    "CG": "10",
}
TRANSACTION_TYPE_WORDS = {
    "incoming funds": "1",
    "contribution": "1",
    "commitment": "2",
    "disbursement": "3",
    "disbursment": "3",  # as the World Bank's 2010 sample wrote it
    "expenditure": "4",
}
TRANSACTION_TYPES = {str(number) for number in range(1, 14)}
SECTOR_VOCABULARY_WORDS = {"DAC": "1", "DAC-3": "2"}
ACTIVITY_DATE_TYPES = {
    "1": "planned_start",
    "2": "actual_start",
    "3": "planned_end",
    "4": "actual_end",
    "start-planned": "planned_start",
    "start-actual": "actual_start",
    "end-planned": "planned_end",
    "end-actual": "actual_end",
}
ORGANISATION_ROLE_WORDS = {
    "funding": "1",
    "accountable": "2",
    "extending": "3",
    "implementing": "4",
}


class FileRefused(Exception):
    """The file as a whole cannot be read as IATI activities."""


@dataclass
class Money:
    value: Decimal
    currency: str
    value_date: datetime.date | None


@dataclass
class Sector:
    vocabulary: str
    code: str
    percentage: Decimal | None = None
    names: dict = field(default_factory=dict)


@dataclass
class Organisation:
    ref: str
    names: dict
    role: str = ""


@dataclass
class Country:
    code: str
    percentage: Decimal | None


@dataclass
class Transaction:
    transaction_type: str
    date: datetime.date
    money: Money
    description: str = ""
    provider: str = ""
    receiver: str = ""
    sectors: list[Sector] = field(default_factory=list)
    recipient_country: str = ""


@dataclass
class Budget:
    budget_type: str
    period_start: datetime.date
    period_end: datetime.date
    money: Money


@dataclass
class ParsedActivity:
    """One `<iati-activity>` as read, and what is wrong with it."""

    position: int
    line: int | None
    identifier: str = ""
    version: str = ""
    last_updated: datetime.datetime | None = None
    default_currency: str = ""
    reporting_org: Organisation | None = None
    titles: dict = field(default_factory=dict)
    descriptions: dict = field(default_factory=dict)
    status: str = ""
    dates: dict = field(default_factory=dict)
    participants: list[Organisation] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    region_percentages: list[Decimal | None] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    fingerprint: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self):
        """How messages name the activity: its identifier, else its place in the file."""
        if self.identifier:
            return f"activity “{self.identifier}”"
        where = f", line {self.line}" if self.line else ""
        return f"activity #{self.position}{where} (no iati-identifier)"

    def recipient_codes(self):
        """Every country the activity or one of its transactions names."""
        codes = {country.code for country in self.countries}
        codes.update(t.recipient_country for t in self.transactions if t.recipient_country)
        return codes


@dataclass
class FileHeader:
    root: str
    version: str
    generated: str
    warnings: list[str] = field(default_factory=list)


def _parser_options():
    return {"resolve_entities": False, "no_network": True, "remove_comments": True}


def check_well_formed(path: Path) -> None:
    """Raise FileRefused unless `path` is well-formed XML with an IATI activities root."""
    try:
        root_tag = None
        for event, element in etree.iterparse(
            str(path), events=("start", "end"), **_parser_options()
        ):
            if root_tag is None:
                root_tag = element.tag
                if root_tag not in ("iati-activities", "iati-activity"):
                    raise FileRefused(
                        f"not an IATI activity file (its root element is <{_local(root_tag)}>)"
                    )
            if event == "end" and any(child.tag is etree.Entity for child in element):
                raise FileRefused("uses XML entities, which IATI files do not (not expanded)")
            if event == "end" and element.getparent() is not None:
                # Keep memory flat on large files: nothing is looked at twice here.
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise FileRefused(f"not well-formed XML: {error}") from error
    except OSError as error:
        raise FileRefused(f"cannot be read: {error}") from error


def read_activities(path: Path) -> tuple[FileHeader, Iterator[ParsedActivity]]:
    """The file's header and an iterator over its activities (call check_well_formed first)."""
    events = etree.iterparse(str(path), events=("start", "end"), **_parser_options())
    _event, root = next(events)
    version = (root.get("version") or "").strip()
    header = FileHeader(
        root=root.tag, version=version, generated=root.get("generated-datetime") or ""
    )
    if root.tag == "iati-activity":
        header.warnings.append("the root element is a single <iati-activity>")
    if not version:
        header.warnings.append("no IATI version given: read with the rules of 2.03 and 1.0x")
    elif version not in SUPPORTED_VERSIONS and not version.startswith("1."):
        header.warnings.append(f"unknown IATI version “{version}”: read as 2.03")

    def activities():
        position = 0
        for event, element in events:
            if event != "end" or element.tag != "iati-activity":
                continue
            if element is not root and element.getparent() is not root:
                continue
            position += 1
            yield parse_activity(element, position, version)
            if element is not root:
                element.clear()
                while element.getprevious() is not None:
                    del root[0]

    return header, activities()


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element, name):
    """IATI children called `name` (IATI elements have no namespace; extensions do)."""
    return [child for child in element if child.tag == name]


def _child(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _clean(text) -> str:
    return " ".join((text or "").split())


def _texts(element, default_language) -> dict:
    """{language: text} of an element: its `<narrative>`s (2.0x) or its own text (1.0x)."""
    if element is None:
        return {}
    texts = {}
    narratives = _children(element, "narrative")
    for narrative in narratives:
        text = _clean(narrative.text)
        language = narrative.get(XML_LANG) or default_language
        if text and language not in texts:
            texts[language] = text
    if not narratives:
        text = _clean(element.text)
        if text:
            texts[element.get(XML_LANG) or default_language] = text
    return texts


def _first_text(texts: dict) -> str:
    return texts.get("en") or next(iter(texts.values()), "")


class _Problems:
    """Collects the errors of one activity, each naming where it is."""

    def __init__(self, activity: ParsedActivity):
        self.activity = activity

    def error(self, message, element=None):
        line = f" (line {element.sourceline})" if element is not None and element.sourceline else ""
        self.activity.errors.append(message + line)

    def warn(self, message):
        self.activity.warnings.append(message)


def _decimal(text, what, problems, element, *, percentage=False):
    value = _clean(text)
    if not value:
        return None
    if not DECIMAL.match(value):
        problems.error(f"{what} “{value}” is not a decimal number", element)
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
        problems.error(f"{what} “{value}” is not a decimal number", element)
        return None
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        problems.error(f"{what} “{value}” is too large", element)
        return None
    if percentage and not (0 <= number <= 100):
        problems.error(f"{what} {value} is not between 0 and 100", element)
        return None
    return number


def _date(text, what, problems, element):
    value = _clean(text)
    if not value:
        return None
    match = ISO_DATE.match(value)
    try:
        if not match:
            raise ValueError
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        problems.error(f"{what} “{value}” is not a date (YYYY-MM-DD)", element)
        return None


def _datetime(text, what, problems, element):
    value = _clean(text)
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        problems.error(f"{what} “{value}” is not a date and time", element)
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _money(element, what, default_currency, problems):
    """The one `<value>` of a transaction or budget, or None with an error."""
    values = _children(element, "value")
    if not values:
        problems.error(f"{what} has no value", element)
        return None
    if len(values) > 1:
        problems.error(f"{what} has {len(values)} values (one is allowed)", element)
        return None
    value_element = values[0]
    amount = _decimal(value_element.text, f"{what} value", problems, value_element)
    if amount is None:
        if not _clean(value_element.text):
            problems.error(f"{what} value is empty", value_element)
        return None
    currency = _clean(value_element.get("currency")).upper() or default_currency
    value_date = _date(
        value_element.get("value-date"), f"{what} value-date", problems, value_element
    )
    return Money(amount, currency, value_date)


def _sector(element, language, problems, where):
    vocabulary = _clean(element.get("vocabulary")) or "1"
    vocabulary = SECTOR_VOCABULARY_WORDS.get(vocabulary, vocabulary)
    # 1.0x drafts put the code in `ref`.
    code = _clean(element.get("code")) or _clean(element.get("ref"))
    if not code:
        problems.error(f"{where} has no code", element)
        return None
    percentage = _decimal(
        element.get("percentage"), f"{where} percentage", problems, element, percentage=True
    )
    return Sector(vocabulary, code, percentage, _texts(element, language))


def _organisation(element, language):
    return Organisation(
        ref=_clean(element.get("ref")),
        names=_texts(element, language),
        role=_role(element.get("role")),
    )


def _role(value):
    value = _clean(value)
    return ORGANISATION_ROLE_WORDS.get(value.lower(), value if value in "1234" else "")


def _transaction_type(element, problems, where):
    type_element = _child(element, "transaction-type")
    if type_element is not None:
        code = _clean(type_element.get("code"))
        if not code:
            problems.error(f"{where} has a transaction-type without code", type_element)
            return None
        code = TRANSACTION_TYPE_LETTERS.get(code.upper(), code)
        if code not in TRANSACTION_TYPES:
            problems.error(f"{where} has an unknown transaction type “{code}”", type_element)
            return None
        return code
    legacy = _clean(element.get("type")).lower()
    if legacy in TRANSACTION_TYPE_WORDS:
        return TRANSACTION_TYPE_WORDS[legacy]
    if legacy:
        problems.error(f"{where} has an unknown transaction type “{legacy}”", element)
    else:
        problems.error(f"{where} has no transaction type", element)
    return None


def _transaction(element, number, activity, language, problems):
    where = f"transaction {number}"
    transaction_type = _transaction_type(element, problems, where)
    money = _money(element, where, activity.default_currency, problems)
    date_element = _child(element, "transaction-date")
    date = None
    if date_element is not None:
        date = _date(
            date_element.get("iso-date") or date_element.text,
            f"{where} date",
            problems,
            date_element,
        )
    if date is None and money is not None:
        date = money.value_date
    sectors = []
    for sector_element in _children(element, "sector"):
        sector = _sector(sector_element, language, problems, f"{where} sector")
        if sector:
            sectors.append(sector)
    country_element = _child(element, "recipient-country")
    country = _clean(country_element.get("code")).upper() if country_element is not None else ""
    if country_element is not None and not country:
        problems.error(f"{where} has a recipient-country without code", country_element)
    if transaction_type is None or money is None:
        return None
    if date is None:
        if date_element is None or not _clean(date_element.get("iso-date") or date_element.text):
            problems.error(f"{where} has no date (transaction-date or value-date)", element)
        return None
    provider = _child(element, "provider-org")
    receiver = _child(element, "receiver-org")
    return Transaction(
        transaction_type=transaction_type,
        date=date,
        money=money,
        description=_first_text(_texts(_child(element, "description"), language)),
        provider=_first_text(_texts(provider, language)) if provider is not None else "",
        receiver=_first_text(_texts(receiver, language)) if receiver is not None else "",
        sectors=sectors,
        recipient_country=country,
    )


def _budget(element, number, activity, problems):
    where = f"budget {number}"
    money = _money(element, where, activity.default_currency, problems)
    start_element = _child(element, "period-start")
    end_element = _child(element, "period-end")
    start = end = None
    for label, period in (("period-start", start_element), ("period-end", end_element)):
        if period is None:
            problems.error(f"{where} has no {label}", element)
            continue
        parsed = _date(period.get("iso-date") or period.text, f"{where} {label}", problems, period)
        if label == "period-start":
            start = parsed
        else:
            end = parsed
    if money is None or start is None or end is None:
        return None
    return Budget(_clean(element.get("type")), start, end, money)


def parse_activity(element, position: int, version: str) -> ParsedActivity:
    """Read one `<iati-activity>` element."""
    activity = ParsedActivity(position=position, line=element.sourceline, version=version)
    problems = _Problems(activity)
    language = element.get(XML_LANG) or "en"
    activity.fingerprint = hashlib.sha256(etree.tostring(element)).hexdigest()
    activity.default_currency = _clean(element.get("default-currency")).upper()
    activity.last_updated = _datetime(
        element.get("last-updated-datetime"), "last-updated-datetime", problems, element
    )

    identifier = _child(element, "iati-identifier")
    activity.identifier = _clean(identifier.text) if identifier is not None else ""
    if not activity.identifier:
        problems.error("iati-identifier is missing or empty", identifier)

    reporting = _child(element, "reporting-org")
    if reporting is not None:
        activity.reporting_org = _organisation(reporting, language)
    if activity.reporting_org is None or not (
        activity.reporting_org.ref or activity.reporting_org.names
    ):
        problems.error("reporting-org is missing or has neither ref nor name", reporting)
        activity.reporting_org = None

    for title in _children(element, "title"):
        for key, text in _texts(title, language).items():
            activity.titles.setdefault(key, text)
    for description in _children(element, "description")[:1]:
        activity.descriptions = _texts(description, language)

    status = _child(element, "activity-status")
    if status is not None:
        code = _clean(status.get("code"))
        activity.status = code if code in ("1", "2", "3", "4", "5", "6") else ""

    for date_element in _children(element, "activity-date"):
        kind = ACTIVITY_DATE_TYPES.get(_clean(date_element.get("type")))
        value = _date(
            date_element.get("iso-date"), "activity-date iso-date", problems, date_element
        )
        if kind and value:
            activity.dates[kind] = value

    for org in _children(element, "participating-org"):
        participant = _organisation(org, language)
        if participant.ref or participant.names:
            activity.participants.append(participant)

    for country in _children(element, "recipient-country"):
        code = _clean(country.get("code")).upper()
        percentage = _decimal(
            country.get("percentage"),
            "recipient-country percentage",
            problems,
            country,
            percentage=True,
        )
        if not code:
            problems.error("recipient-country has no code", country)
            continue
        activity.countries.append(Country(code, percentage))
    for region in _children(element, "recipient-region"):
        activity.region_percentages.append(
            _decimal(
                region.get("percentage"),
                "recipient-region percentage",
                problems,
                region,
                percentage=True,
            )
        )

    for sector_element in _children(element, "sector"):
        sector = _sector(sector_element, language, problems, "sector")
        if sector:
            activity.sectors.append(sector)

    for number, budget_element in enumerate(_children(element, "budget"), start=1):
        budget = _budget(budget_element, number, activity, problems)
        if budget:
            activity.budgets.append(budget)

    for number, transaction_element in enumerate(_children(element, "transaction"), start=1):
        transaction = _transaction(transaction_element, number, activity, language, problems)
        if transaction:
            activity.transactions.append(transaction)
    return activity
