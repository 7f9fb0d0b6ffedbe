"""Amounts in US dollars as the active locale writes numbers (1.234.567 in Lao,
1,234,567 in English), and codelist labels of aid records."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def dollars(value):
    """Whole US dollars, grouped for the locale; an en dash when there is none."""
    if value in (None, ""):
        return "–"
    return formats.number_format(
        Decimal(value).quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True
    )


@register.filter
def usd(value):
    """“US$ 1,234,567” (in Lao “1.234.567 ໂດລາສະຫະລັດ”)."""
    if value in (None, ""):
        return "–"
    return _("US$ %(amount)s") % {"amount": dollars(value)}


@register.filter
def amount(value, places=2):
    """A value in its own currency, grouped for the locale."""
    if value in (None, ""):
        return "–"
    return formats.number_format(Decimal(value), int(places), use_l10n=True, force_grouping=True)


@register.filter
def percent(value):
    if value in (None, ""):
        return "–"
    number = Decimal(value).normalize()
    places = 0 if number == number.to_integral_value() else min(-number.as_tuple().exponent, 2)
    return formats.number_format(number, places, use_l10n=True) + " %"


@register.filter
def fraction_percent(value):
    """A share held as a fraction (0.25) as a percentage (25 %)."""
    if value in (None, ""):
        return "–"
    return percent((Decimal(value) * 100).quantize(Decimal("0.01")))
