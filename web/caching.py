"""Cache-Control for every dynamic response: shared caches may keep a page only when
nobody could see anything else at that URL.

A response is *public* when all of these hold: the request is a GET or HEAD, the
answer is a 200, the reader is signed out, the path is not the admin or the account
pages, the view did not mark it private or uncacheable, and it sets no cookie other
than the language cookie (whose value the URL already fixes). Public responses get
`public, max-age=PORTAL_PUBLIC_MAX_AGE` (short: a publish shows within a minute or
two even without a purge; portal/cache_purge.py purges a configured shared cache),
`Vary: Cookie` (signed-in readers see more at the same URL), `Vary: Accept-Language`
where the path carries no language prefix, and an ETag so a cache or browser
revalidates with a cheap 304.

Everything else - a signed-in reader, the admin, a page that set a session or CSRF
cookie, a redirect, an error - is `private, no-store`, whatever the view said.
Static files never get here: WhiteNoise answers them first, with far-future
lifetimes for fingerprinted names.
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_path

PRIVATE = "private, no-store"
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


def _directives(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.strip().split("=")[0].lower() for part in value.split(",") if part.strip()}


class CacheControlMiddleware:
    """Decides public or private for each response; place it above SessionMiddleware
    so it sees every cookie the inner middleware set."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = getattr(settings, "PORTAL_PUBLIC_MAX_AGE", 120)
        self.private_prefixes = tuple(
            getattr(settings, "PORTAL_PRIVATE_PATH_PREFIXES", ("/admin/", "/accounts/"))
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_public(request, response):
            return self.make_public(request, response)
        response["Cache-Control"] = PRIVATE
        response.headers.pop("Expires", None)
        return response

    def is_public(self, request, response) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if request.path_info.startswith(self.private_prefixes):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if _directives(response) & set(UNCACHEABLE_DIRECTIVES):
            return False
        language_cookie = settings.LANGUAGE_COOKIE_NAME
        return all(name == language_cookie for name in response.cookies)

    def make_public(self, request, response):
        if "Cache-Control" not in response or "public" not in _directives(response):
            response["Cache-Control"] = f"public, max-age={self.max_age}"
        vary = ["Cookie"]
        if get_language_from_path(request.path_info) is None:
            vary.append("Accept-Language")
        patch_vary_headers(response, vary)
        if response.streaming:
            return response
        set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
