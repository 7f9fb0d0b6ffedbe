from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def document_titles(document):
    """`{% document_titles document as titles %}`: the title for this page's language
    first, the other after, each with the `lang` it needs (PortalDocument.titles_for)."""
    return document.titles_for((get_language() or "")[:2])
