from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path


class RememberLanguageMiddleware:
    """Remember the language a reader last chose by visiting a /lo/ or /en/ page, so
    that the next visit to / lands in it instead of the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if (
            language
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class LanguageFallbackMiddleware:
    """Serve a page that exists in one language only at its place in the other
    language's tree, with a notice, instead of a 404 (see sitetree.fallback).

    Wagtail's serve view routes through `Page.route_for_request`, which keeps its
    answer on the request; when the reader's tree has no page at the path, the
    one-language page found by `sitetree.fallback.resolve` is put there, so Wagtail
    serves it with all its usual checks.

    Upstream gap: neither Wagtail nor wagtail-localize serves an untranslated page in
    another locale's tree (Wagtail answers 404), and this writes Wagtail's private
    `request._wagtail_route_for_request`. Delete it, with `sitetree.fallback.resolve`,
    when Wagtail gets a locale fallback for serving; check the attribute on every
    Wagtail upgrade (tests/portal/test_language_fallback.py fails without it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve" or not view_args:
            return None
        from wagtail.models import Page

        from sitetree import fallback

        path = view_args[0]
        if Page.route_for_request(request, path) is not None:
            return None
        found = fallback.resolve(request, path)
        if found is not None:
            route, request.portal_fallback = found
            # The attribute Page.route_for_request caches its answer in (Wagtail 8).
            request._wagtail_route_for_request = route
        return None


def language_for_unprefixed_path(request) -> str | None:
    """The language a page without a /lo/ or /en/ prefix (sign-in, downloads, the admin)
    is shown in, or None to keep the browser's Accept-Language.

    In order: the language of the page the reader is on the way to (`next=/lo/...`), the
    language the reader last chose by visiting a /lo/ or /en/ page (the cookie), the
    signed-in user's saved language. Most browsers in Laos ask for English, so
    Accept-Language comes last."""
    languages = dict(settings.LANGUAGES)
    next_url = request.GET.get("next") or (
        request.POST.get("next") if request.method == "POST" else None
    )
    if next_url:
        language = get_language_from_path(urlsplit(next_url).path)
        if language in languages:
            return language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in languages:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = getattr(user, "preferred_language", "")
        if saved in languages:
            return saved
    return None


class UnprefixedLanguageMiddleware:
    """Activate `language_for_unprefixed_path` on pages whose URL carries no language.

    Django's LocaleMiddleware knows only the cookie and Accept-Language, and runs before
    the user is known; this one runs after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if get_language_from_path(request.path_info) is None:
            language = language_for_unprefixed_path(request)
            if language and language != translation.get_language():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
