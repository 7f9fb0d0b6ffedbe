"""Upstream gap in Wagtail 8.0.1, closed here: a snippet chooser without a creation form
(the default) still routes its `create/` address, and a POST there answers 500
(`CreateViewMixin.post` calls `is_valid()` on the missing form). Choosers built with
`ChooserViewSet` below answer 405 there instead (a 404 would be turned into a redirect
to /lo/admin/... by the i18n URL handling, which then serves a page's 404). Delete
this module, and the `chooser_viewset_class` lines that name it, when Wagtail's chooser
CreateView checks for a creation form itself."""

from django.http import HttpResponseNotAllowed
from wagtail.snippets.views import chooser


class CreateViewWithoutForm(chooser.SnippetCreateView):
    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            return HttpResponseNotAllowed([])
        return super().dispatch(request, *args, **kwargs)


class ChooserViewSet(chooser.SnippetChooserViewSet):
    create_view_class = CreateViewWithoutForm
