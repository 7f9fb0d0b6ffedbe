"""Access levels on every page and document Wagtail serves, whatever their model:
a page or document that declares an `access_level` (or `required_access_level()`) is
served only to those the policy lets read it."""

from wagtail import hooks

from swg import policy
from swg.roles.access import deny, may_read_page


@hooks.register("before_serve_page")
def check_page_access_level(page, request, serve_args, serve_kwargs):
    specific = getattr(page, "specific", page)
    if not may_read_page(request.user, specific):
        return deny(request)
    return None


@hooks.register("before_serve_document")
def check_document_access_level(document, request):
    if not policy.can_read_item(request.user, document):
        return deny(request)
    return None
