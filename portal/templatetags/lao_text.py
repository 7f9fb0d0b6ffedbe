"""Lao line breaking for titles: `{{ page.title|lao_words }}`.

Lao is written without spaces between words. Chromium and Safari break it with ICU's
dictionary, but their dictionaries cut differently from the portal's segmenter (and
from each other: Chromium splits compounds such as ສາທາລະນະ|ສຸກ), and an engine
without a Lao dictionary finds no break at all and, with `overflow-wrap: anywhere`,
cuts a title wherever the line ends, even inside a syllable. So each Lao word of a
title, as the search pipeline splits it (search.text.split_words, ICU's dictionary),
is set in a `<span class="lao-word">` (`white-space: nowrap`: no break inside it), with
a `<wbr>` between words (a break opportunity every engine honours). A word longer than
`LONGEST_KEPT_WHOLE` characters, which might not fit a phone's line, is left to the
browser. Neither the spans nor `<wbr>` add a character or change the accessible name:
copying the title copies it exactly, so pasting it into search finds it (an inline-block
span was tried first: Chromium then reads the words to screen readers with spaces
between them). Measured in tests/browser/test_lao_wrapping.py.
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from search.text import TOKEN_RE, split_words

register = template.Library()

LAO = re.compile("[\u0e80-\u0eff]")
# About half a phone's line of a heading: longer words may break inside.
LONGEST_KEPT_WHOLE = 12


def _word(word, escape):
    if len(word) > LONGEST_KEPT_WHOLE:
        return escape(word)
    return f'<span class="lao-word">{escape(word)}</span>'


@register.filter(needs_autoescape=True)
def lao_words(text, autoescape=True):
    """`text` with its Lao words in `<span class="lao-word">` joined by `<wbr>`."""
    escape = conditional_escape if autoescape else str
    text = "" if text is None else str(text)
    if not LAO.search(text):
        return escape(text)
    pieces, position = [], 0
    for match in TOKEN_RE.finditer(text):
        run = match.group(0)
        words = split_words(run) if LAO.search(run) else None
        if not words:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append("<wbr>".join(_word(word, escape) for word in words))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
