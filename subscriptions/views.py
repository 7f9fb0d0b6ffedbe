"""Feeds, calendars, the subscriptions page and the one-click unsubscribe: thin views
over `feeds`, `calendars` and `services`; what anybody may see is the policy's call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from subscriptions import calendars, services
from subscriptions.feeds import NewsAtomFeed, NewsFeed, SWGAtomFeed, SWGFeed
from subscriptions.models import CalendarToken, Language, Mode, Subscription, Topic

news_feed = NewsFeed()
news_atom = NewsAtomFeed()
swg_feed = SWGFeed()
swg_atom = SWGAtomFeed()

ICAL_TYPE = "text/calendar; charset=utf-8"


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _swg(slug):
    from swg.models import SectorWorkingGroup

    return get_object_or_404(SectorWorkingGroup, slug=slug)


def _ics(body, filename, *, private=False):
    response = HttpResponse(body, content_type=ICAL_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
    return response


def site_calendar(request):
    """Every meeting the public may see, as iCalendar."""
    return _ics(calendars.calendar_for(None, _locale(), request=request), "meetings.ics")


def swg_calendar(request, slug):
    swg = _swg(slug)
    body = calendars.calendar_for(None, _locale(), swg=swg, request=request)
    return _ics(body, f"{swg.slug}-meetings.ics")


def meeting_calendar(request, page_id):
    """One meeting, for "Add to calendar": readable by the visitor or a 404."""
    from swg.models import MeetingPage

    meeting = get_object_or_404(MeetingPage, pk=page_id)
    body = calendars.meeting_calendar(request.user, meeting, request=request)
    if body is None:
        raise Http404
    private = meeting.access_level != "public"
    return _ics(body, f"{meeting.slug}.ics", private=private)


@never_cache
def private_calendar(request, secret, slug=None):
    """The meetings the token's owner may see; an unknown or revoked token is a 404."""
    user = services.private_calendar_user(secret)
    if user is None:
        raise Http404
    swg = _swg(slug) if slug else None
    body = calendars.calendar_for(user, _locale(), swg=swg, request=request)
    return _ics(body, f"{slug or 'all'}-meetings.ics", private=True)


def _manage_rows(user):
    from swg.models import SectorWorkingGroup

    current = {s.swg_id: s for s in Subscription.objects.filter(user=user, topic=Topic.SWG)}
    rows = []
    for group in SectorWorkingGroup.objects.all():
        rows.append({"swg": group, "subscription": current.get(group.pk)})
    return rows


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """Follow SWGs and the news; choose instant or weekly and the e-mail language;
    make or revoke private calendar addresses."""
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            _save_subscriptions(request)
            messages.success(request, _("Your subscriptions are saved."))
        elif action == "new_calendar":
            services.new_calendar_token(user)
            messages.success(request, _("A new private calendar address is ready."))
        elif action == "revoke_calendar":
            try:
                token_id = int(request.POST.get("token", ""))
            except ValueError:
                token_id = None
            if token_id and services.revoke_calendar_token(user, token_id):
                messages.success(request, _("The calendar address no longer works."))
        return HttpResponseRedirect(reverse("subscriptions_manage"))
    news = Subscription.objects.filter(user=user, topic=Topic.NEWS).first()
    tokens = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-pk")
    return render(
        request,
        "subscriptions/manage.html",
        {
            "rows": _manage_rows(user),
            "news": news,
            "modes": Mode.choices,
            "languages": Language.choices,
            "default_language": getattr(user, "preferred_language", "lo"),
            "calendar_urls": [
                (
                    token,
                    request.build_absolute_uri(
                        reverse("subscriptions_private_calendar", args=[token.secret])
                    ),
                )
                for token in tokens
            ],
        },
    )


def _choice(value, choices, default):
    return value if value in dict(choices) else default


def _save_subscriptions(request):
    from swg.models import SectorWorkingGroup

    user, data = request.user, request.POST
    default_language = getattr(user, "preferred_language", "lo")
    for group in SectorWorkingGroup.objects.all():
        prefix = f"swg-{group.pk}"
        if data.get(f"{prefix}-follow"):
            services.subscribe(
                user,
                swg=group,
                mode=_choice(data.get(f"{prefix}-mode"), Mode.choices, Mode.INSTANT),
                language=_choice(
                    data.get(f"{prefix}-language"), Language.choices, default_language
                ),
            )
        else:
            services.unsubscribe(user, swg=group)
    if data.get("news-follow"):
        services.subscribe(
            user,
            mode=_choice(data.get("news-mode"), Mode.choices, Mode.INSTANT),
            language=_choice(data.get("news-language"), Language.choices, default_language),
        )
    else:
        services.unsubscribe(user)


@never_cache
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session or token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (link scanners must not unsubscribe anybody); POST,
    from that page or from a mail client's one-click button, unsubscribes."""
    found = services.subscriptions_from_token(token)
    if found is None:
        return render(request, "subscriptions/unsubscribe.html", {"invalid": True}, status=404)
    user, subscriptions = found
    if request.method == "POST":
        subscriptions.delete()
        return render(request, "subscriptions/unsubscribe.html", {"done": True})
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {"subscriptions": list(subscriptions.select_related("swg")), "token": token},
    )
