"""The sitemap lists every language's tree, not only the default language's.

Wagtail's `Sitemap` walks the site's root page, which is the Lao home; the English
home is its translation, a sibling in the tree. Pages decide for themselves whether
they belong in a public sitemap (`get_sitemap_urls`, e.g. members-only meetings)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_home = Q()
        for home in homes:
            in_a_home |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(in_a_home)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
