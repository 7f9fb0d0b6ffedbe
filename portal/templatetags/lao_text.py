"""Lao line breaking in templates (portal/lao_lines.py says where and how):

- `{{ page.title|lao_words }}`: one value, escaped, its Lao words marked;
- `{% lao_words_in %}...{% end_lao_words_in %}`: everything rendered inside, whatever
  it comes from (translated labels, data, includes), with the Lao words of its headings,
  table cells, labels, buttons, menus, pills and cards marked (`lao_lines.mark_html`);
  base.html puts the whole page inside, so each of them breaks only between words on a
  phone as on a desktop.

Tests that look for Lao text in a page should read it without this markup
(tests/lao_markup.py).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal.lao_lines import mark_html, mark_words

register = template.Library()


@register.filter(needs_autoescape=True)
def lao_words(text, autoescape=True):
    """`text` with its Lao words in `<span class="lao-word">` joined by `<wbr>`."""
    escape = conditional_escape if autoescape else str
    text = "" if text is None else str(text)
    return mark_safe(mark_words(text, escape))  # noqa: S308 - every piece is escaped


class LaoWordsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The rendered HTML is already escaped; marking adds tags between its words only.
        return mark_safe(mark_html(self.nodelist.render(context)))  # noqa: S308


@register.tag("lao_words_in")
def lao_words_in(parser, token):
    """`{% lao_words_in %}...{% end_lao_words_in %}`: mark the Lao words of a region."""
    nodelist = parser.parse(("end_lao_words_in",))
    parser.delete_first_token()
    return LaoWordsNode(nodelist)
