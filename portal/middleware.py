from django.conf import settings
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
    language's tree, with a notice, instead of a 404 (see portal.fallback).

    Wagtail's serve view routes through `Page.route_for_request`, which keeps its
    answer on the request; when the reader's tree has no page at the path, the
    one-language page found by `portal.fallback.resolve` is put there, so Wagtail
    serves it with all its usual checks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve" or not view_args:
            return None
        from wagtail.models import Page

        from portal import fallback

        path = view_args[0]
        if Page.route_for_request(request, path) is not None:
            return None
        found = fallback.resolve(request, path)
        if found is not None:
            route, request.portal_fallback = found
            # The attribute Page.route_for_request caches its answer in (Wagtail 8).
            request._wagtail_route_for_request = route
        return None
