"""Pages set the Lao words of headings, cells, labels, menus and pills in spans with
break opportunities between them (portal/lao_lines.py). `unmarked(html)` is the same
HTML without that markup, for tests that look for Lao text in a page."""

import re

_WORD = re.compile(r'<span class="lao-word">([^<]*)</span>')


def unmarked(html):
    """`html` (str or bytes) without the Lao word markup; the text is unchanged."""
    if isinstance(html, bytes):
        html = html.decode()
    return _WORD.sub(r"\1", html).replace("<wbr>", "")
