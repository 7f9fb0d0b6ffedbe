"""Aid flows read from IATI activity files, and the DAC sector names they are shown with.

An `Activity` is one IATI activity (keyed by its `iati-identifier`) with its
`Transaction`s and `Budget`s as published. An `AidFlow` is the part of one commitment,
disbursement or expenditure that falls to Lao PDR and to one sector, after the country
and sector splits (aid/splits.py), with the SWG its sector maps to: every figure on an
SWG's Aid tab and in its downloads is a sum of flows. Like SWGs, these rows have one
state in both languages; pages show them but do not own them.
"""

from django.db import models
from django.db.models import Count, F, Max, Q, Sum
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


def _in_lao():
    return (get_language() or "").startswith("lo")


def language_and_text(texts: dict, fallback: str = "") -> tuple[str, str]:
    """(language, text) from `{language: text}`: the active language, else English,
    else any; `("", fallback)` when there is none."""
    if not texts:
        return "", fallback
    preferred = ["lo", "en"] if _in_lao() else ["en"]
    for language in preferred:
        if texts.get(language):
            return language, texts[language]
    return next(((lang, text) for lang, text in texts.items() if text), ("", fallback))


def pick_language(texts: dict, fallback: str = "") -> str:
    """The text in the active language from `{language: text}`, else English, else any."""
    return language_and_text(texts, fallback)[1]


class TransactionType(models.TextChoices):
    """IATI TransactionType codelist (2.0x codes; 1.0x letters are mapped on import)."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    COMMITMENT = "2", _("Commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST_PAYMENT = "5", _("Interest payment")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of equity")
    SALE_OF_EQUITY = "9", _("Sale of equity")
    CREDIT_GUARANTEE = "10", _("Credit guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing pledge")
    INCOMING_PLEDGE = "13", _("Incoming pledge")


# The money an SWG's partners put into the sector, and the names the downloads use.
FLOW_TYPES = {
    TransactionType.COMMITMENT: "commitment",
    TransactionType.DISBURSEMENT: "disbursement",
    TransactionType.EXPENDITURE: "expenditure",
}


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codelist."""

    PIPELINE = "1", _("Pipeline or identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole codelist (participating organisations)."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class SectorVocabulary(models.TextChoices):
    """The two DAC vocabularies that map to SWGs; others are kept as published."""

    DAC_5 = "1", _("OECD DAC purpose code (5 digits)")
    DAC_3 = "2", _("OECD DAC sector category (3 digits)")


DAC_VOCABULARIES = tuple(SectorVocabulary.values)


class BilingualName:
    """`name` in the active language, from `name_en` and `name_lo` (English while no Lao
    name is recorded)."""

    @property
    def name(self):
        return self.name_lo if _in_lao() and self.name_lo else self.name_en

    @property
    def name_lang(self):
        """The language `name` is in (for a `lang` attribute where it is not the page's)."""
        return "lo" if _in_lao() and self.name_lo else "en"


class DacSector(BilingualName, index.Indexed, models.Model):
    """A DAC purpose code or category, its English name from the IATI codelist and its
    Lao name, which is translation work kept as editable data (like the SWG names)."""

    vocabulary = models.CharField(_("vocabulary"), max_length=2, choices=SectorVocabulary.choices)
    code = models.CharField(_("code"), max_length=10)
    category = models.CharField(
        _("category"), max_length=3, blank=True, help_text=_("The 3-digit DAC category.")
    )
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_lo = models.CharField(_("name (Lao)"), max_length=255, blank=True)
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False, help_text=_("No longer in use in the DAC codelist.")
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("vocabulary", read_only=True), FieldPanel("code", read_only=True)]
        ),
        FieldPanel("name_en"),
        FieldPanel("name_lo"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("name_en"),
        index.SearchField("name_lo"),
        index.AutocompleteField("name_en"),
        index.FilterField("vocabulary"),
    ]

    class Meta:
        ordering = ["vocabulary", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="aid_dac_sector_unique")
        ]
        verbose_name = _("DAC sector")
        verbose_name_plural = _("DAC sectors")

    def __str__(self):
        return f"{self.code} {self.name_en}"


class Partner(BilingualName, index.Indexed, models.Model):
    """A development partner as it reports to IATI (an activity's reporting organisation)."""

    key = models.CharField(
        _("key"),
        max_length=255,
        unique=True,
        help_text=_("The organisation identifier, or its name when it publishes none."),
    )
    ref = models.CharField(_("organisation identifier"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_lo = models.CharField(_("name (Lao)"), max_length=255, blank=True)

    panels = [FieldPanel("ref", read_only=True), FieldPanel("name_en"), FieldPanel("name_lo")]
    search_fields = [
        index.SearchField("name_en"),
        index.SearchField("name_lo"),
        index.AutocompleteField("name_en"),
        index.SearchField("ref"),
    ]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("development partner (IATI publisher)")
        verbose_name_plural = _("development partners (IATI publishers)")

    def __str__(self):
        return self.name_en


class Activity(models.Model):
    """One IATI activity as its reporting organisation last published it."""

    iati_identifier = models.CharField(_("IATI identifier"), max_length=255, unique=True)
    reporting_org = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("reporting organisation"),
    )
    titles = models.JSONField(_("title"), default=dict, help_text=_("By language code."))
    descriptions = models.JSONField(_("description"), default=dict)
    status = models.CharField(_("status"), max_length=2, blank=True, choices=ActivityStatus.choices)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    recipient_countries = models.JSONField(
        _("recipient countries"),
        default=list,
        help_text=_("As published: [{“code”: …, “percentage”: …}]."),
    )
    country_share = models.DecimalField(
        _("share of Lao PDR"),
        max_digits=9,
        decimal_places=8,
        help_text=_("The Lao PDR percentage of the activity, as a fraction (1 = all of it)."),
    )
    last_updated = models.DateTimeField(_("last updated by the publisher"), null=True)
    iati_version = models.CharField(_("IATI version"), max_length=10, blank=True)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, help_text=_("SHA-256 of the activity XML as read.")
    )
    source = models.CharField(_("file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        ordering = ["iati_identifier"]
        verbose_name = _("aid activity")
        verbose_name_plural = _("aid activities")

    def __str__(self):
        return self.iati_identifier

    @property
    def title(self):
        return pick_language(self.titles, self.iati_identifier)

    @property
    def title_lang(self):
        return language_and_text(self.titles)[0]

    @property
    def description(self):
        return pick_language(self.descriptions)

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end


class ParticipatingOrganisation(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=2, blank=True, choices=OrganisationRole.choices)
    ref = models.CharField(_("organisation identifier"), max_length=255, blank=True)
    names = models.JSONField(_("name"), default=dict)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activity", "sort_order"]
        verbose_name = _("participating organisation")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return pick_language(self.names, self.ref)

    @property
    def name_lang(self):
        return language_and_text(self.names)[0]


class ActivitySector(models.Model):
    """A sector of an activity as published, whatever its vocabulary."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(_("vocabulary"), max_length=10)
    code = models.CharField(_("code"), max_length=100)
    percentage = models.DecimalField(
        _("percentage"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    names = models.JSONField(_("name as published"), default=dict)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activity", "sort_order"]
        verbose_name = _("activity sector")

    def __str__(self):
        return f"{self.vocabulary}:{self.code}"


class MoneyFields(models.Model):
    """A value as published and in US dollars (None when the table has no rate for it)."""

    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"), null=True, blank=True)
    value_usd = models.DecimalField(
        _("value (US dollars)"), max_digits=26, decimal_places=6, null=True, blank=True
    )

    class Meta:
        abstract = True


class Transaction(MoneyFields):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    transaction_type = models.CharField(
        _("transaction type"), max_length=2, choices=TransactionType.choices
    )
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    receiver = models.CharField(_("receiver"), max_length=255, blank=True)
    sector_vocabulary = models.CharField(_("sector vocabulary"), max_length=10, blank=True)
    sector_code = models.CharField(_("sector code"), max_length=100, blank=True)
    recipient_country = models.CharField(_("recipient country"), max_length=2, blank=True)
    country_share = models.DecimalField(_("share of Lao PDR"), max_digits=9, decimal_places=8)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["activity", "date", "sort_order"]
        verbose_name = _("transaction")

    def __str__(self):
        return f"{self.get_transaction_type_display()} {self.date} {self.value} {self.currency}"


class Budget(MoneyFields):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    budget_type = models.CharField(
        _("type"),
        max_length=2,
        blank=True,
        choices=[("1", pgettext_lazy("budget", "Original")), ("2", _("Revised"))],
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["activity", "period_start", "sort_order"]
        verbose_name = _("budget")

    def __str__(self):
        return f"{self.period_start}–{self.period_end} {self.value} {self.currency}"


# Largest commitments first; nothing committed (NULL) last on every database.
LARGEST_FIRST = F("commitment").desc(nulls_last=True)


class AidFlowQuerySet(models.QuerySet):
    def of_group(self, working_group):
        return self.filter(working_group=working_group)

    def totals(self):
        """Sums in US dollars of commitments, disbursements and expenditure."""
        return {
            name: Sum("value_usd", filter=Q(transaction_type=code))
            for code, name in FLOW_TYPES.items()
        }

    def by_year(self):
        return self.values("year").annotate(**self.totals()).order_by("year")

    def by_partner(self):
        return (
            self.values("partner_id", "partner__name_en", "partner__name_lo")
            .annotate(**self.totals())
            .order_by(LARGEST_FIRST, "partner__name_en")
        )

    def by_sector(self):
        return (
            self.values("vocabulary", "sector_code")
            .annotate(**self.totals())
            .order_by(LARGEST_FIRST, "sector_code")
        )

    def by_activity(self):
        return self.values("activity_id").annotate(**self.totals())

    def unmapped(self):
        return self.filter(working_group__isnull=True)


class AidFlow(models.Model):
    """The Lao PDR and sector share of one commitment, disbursement or expenditure."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="flows")
    # Copied from the transaction so that every sum on the Aid tab is one grouped query.
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="flows")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="flows")
    transaction_type = models.CharField(max_length=2, choices=TransactionType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    vocabulary = models.CharField(_("sector vocabulary"), max_length=10, blank=True)
    sector_code = models.CharField(_("sector code"), max_length=100, blank=True)
    working_group = models.ForeignKey(
        "swg.SectorWorkingGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aid_flows",
        verbose_name=_("working group"),
    )
    share = models.DecimalField(
        _("share"),
        max_digits=13,
        decimal_places=12,
        help_text=_("Country share times sector share of the transaction."),
    )
    value_usd = models.DecimalField(
        _("value (US dollars)"), max_digits=26, decimal_places=6, null=True, blank=True
    )

    objects = AidFlowQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["working_group", "year"], name="aid_flow_group_year"),
            models.Index(fields=["vocabulary", "sector_code"], name="aid_flow_sector"),
        ]
        verbose_name = _("aid flow")

    def __str__(self):
        return f"{self.activity_id} {self.year} {self.transaction_type} {self.value_usd}"


def data_sources(flows):
    """Who published the data behind `flows` and when: partners and the latest dates."""
    partners = list(Partner.objects.filter(pk__in=flows.values("partner_id")).order_by("name_en"))
    dates = Activity.objects.filter(pk__in=flows.values("activity_id")).aggregate(
        last_updated=Max("last_updated"), imported=Max("imported_at"), count=Count("pk")
    )
    return {
        "partners": partners,
        "publisher_names": ", ".join(partner.name for partner in partners),
        **dates,
    }
