"""Security headers Django 5.2 does not set itself: Content-Security-Policy and
Permissions-Policy. (Django 6.0 adds CSP support; this module can go when we move.)

Two policies, chosen by path:

- public pages: scripts and styles only from the site itself (no inline script, no
  `<style>` block, no `style=""` attribute: page styles live in portal.css), no eval,
  no plugins, no framing. HTML e-mails keep their inline styles; they are not served
  under this policy;
- the Wagtail admin (`/admin/`): Wagtail's own templates use inline scripts and its
  preview panel frames pages of the same origin, so scripts may be inline and the
  admin may frame itself, but nothing else may frame it.

A page Wagtail renders for the admin (a preview, a revision, a page in moderation)
goes through the middleware as a "dummy" request for the page's public address: it
keeps the public policy, except that the admin, of the same origin, may frame it.

A view that sets its own policy (document downloads sandbox non-PDF files) keeps it.
The policies are settings (`PORTAL_CSP`, `PORTAL_CSP_ADMIN`) so an operator can
tighten or extend them (a CDN, an analytics host) without code.
"""

from django.conf import settings

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Features a document portal never uses; denied to the page and to anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)

# Only responses a browser renders as a document can run script.
RENDERED_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml")


def render_policy(policy: dict) -> str:
    """`{"default-src": ["'self'"]}` -> `"default-src 'self'"`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every rendered response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = render_policy(getattr(settings, "PORTAL_CSP", PUBLIC_POLICY))
        self.admin = render_policy(getattr(settings, "PORTAL_CSP_ADMIN", ADMIN_POLICY))
        self.admin_prefix = getattr(settings, "PORTAL_ADMIN_PATH_PREFIX", "/admin/")
        shown_in_admin = {
            **getattr(settings, "PORTAL_CSP", PUBLIC_POLICY),
            "frame-ancestors": ["'self'"],
        }
        self.shown_in_admin = render_policy(shown_in_admin)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in RENDERED_TYPES and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self._policy_for(request)
        return response

    def _policy_for(self, request):
        if request.path_info.startswith(self.admin_prefix):
            return self.admin
        # Wagtail's flag on the request it makes for a preview (wagtail.models.preview).
        if getattr(request, "is_dummy", False):
            return self.shown_in_admin
        return self.public
