import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import (
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def favicon(request):
    return HttpResponsePermanentRedirect(static("portal/img/emblem.svg"))


def login_redirect(request, default_next=None):
    """Send Wagtail's own password forms (/admin/login/, /<lang>/_util/login/) to the one
    login form (allauth, with its two factors and rate limits), keeping a safe `next`."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(default_next) if default_next else "/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def _check_search():
    from search import service

    info = service.status()
    if "error" in info:
        # The backend's own message can carry a server address: keep it for the log.
        logger.warning("healthz: search backend %s: %s", info.get("backend"), info["error"])
        return {"status": "error", "backend": info.get("backend")}
    return {"status": "ok", "backend": info.get("backend"), "records": info.get("records")}


def _check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        waiting = round((timezone.now() - oldest).total_seconds()) if oldest else 0
        # A long wait means no worker is running: reported, not fatal - the site
        # still serves pages; extraction and e-mail wait.
        return {"status": "ok", "backend": "database", "ready": ready.count(), "oldest_s": waiting}
    if backend.startswith("django_tasks_rq."):
        import redis

        redis.Redis.from_url(settings.RQ_QUEUES["default"]["URL"], socket_timeout=2).ping()
        return {"status": "ok", "backend": "rq"}
    return {"status": "ok", "backend": backend.rsplit(".", 1)[-1]}


HEALTH_CHECKS = {"database": _check_database, "search": _check_search, "tasks": _check_tasks}


@never_cache
def healthz(request):
    """Database, search backend and task queue: 200 when all answer, 503 when one
    does not; never a 500. Error details go to the log, not to the world."""
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
            logger.warning("healthz: %s check failed: %r", name, exc)
            checks[name] = {"status": "error", "error": exc.__class__.__name__}
    healthy = all(result["status"] == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        # The site's layout asks for the request's host, which is what was refused.
        return HttpResponseBadRequest(_("Bad request."), content_type="text/plain")
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def too_many_requests(request, exception=None):
    return render(request, "429.html", status=429)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
