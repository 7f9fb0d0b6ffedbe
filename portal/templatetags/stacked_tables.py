"""Tables that become one card per row on a phone (`.stacked-table` in portal.css): there
each cell shows its column's header as a label, `{{ header|cell_label }}` at the start
of the cell, hidden on wider screens.

The label is hidden from assistive technology, which has the column header already:
the table stays a table, and its explicit roles (`role="table"`, `"row"`, `"cell"`...)
keep it one where a browser drops table semantics for cells whose CSS display changed.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell_label(header):
    """The visible-on-phones label of a cell: its column's `header`, escaped."""
    return format_html('<span class="cell-label" aria-hidden="true">{}</span>', header)
