"""`load_demo`: build a living portal from nothing, or bring an existing demo up to date.

Every step looks up what it would create first, so running it twice changes nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from aid import demo as aid_demo
from documents import demo as documents_demo
from portal.demo import content
from portal.demo.texts import udhr_articles
from portal.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from search import service as search_service
from search.registry import iter_all_records
from sitetree import site_address
from subscriptions import demo as subscriptions_demo
from swg import demo as swg_demo
from swg.models import SWGIndexPage
from swg.services import ensure_working_group

LANGS = ("lo", "en")


def load(*, password, log=print):
    locales = _ensure_locales()
    groups = _ensure_working_groups()
    log(f"Sector Working Groups: {len(groups)}")
    homes = _ensure_site(locales)
    news_index = _ensure_section(homes, locales, NewsIndexPage, "news", content.NEWS_INDEX)
    swg_index = _ensure_section(homes, locales, SWGIndexPage, "swg", content.SWG_INDEX)
    _ensure_about(homes, locales)
    swg_demo.load(homes=homes, swg_index=swg_index, locales=locales, log=log)
    _ensure_news(news_index, locales)
    log(f"News items: {NewsPage.objects.count()}")
    users = _ensure_accounts(password)
    log(f"Demo accounts: {len(users)}")
    documents_demo.load(uploaded_by=users.get("admin@example.org"), log=log)
    aid_demo.load(log=log)
    # Publishing queued index updates for the task worker; rebuilding here makes the
    # demo searchable at once, with or without a worker.
    log(f"Search records: {search_service.rebuild(iter_all_records())}")
    # Wagtail's own (admin) search index too, Lao-segmented (search/backends/admin.py).
    call_command("update_index", verbosity=0)
    # Last, so that building the demo itself notifies nobody.
    subscriptions_demo.load(log=log)
    return users


def _ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGS}


def _ensure_working_groups():
    return [
        ensure_working_group(
            slug,
            name_en=name_en,
            name_lo=name_lo,
            dac_codes=dac,
            sort_order=index,
            mandate_en=content.MANDATE_EN.format(name=name_en),
            mandate_lo=content.MANDATE_LO.format(sector=swg_demo.sector_lo(name_lo)),
        )
        for index, (slug, name_en, name_lo, dac) in enumerate(content.SWGS)
    ]


def _publish(page, **fields):
    """Set `fields` on `page` and publish a revision only when something changed."""
    changed = not page.live or any(getattr(page, k) != v for k, v in fields.items())
    for key, value in fields.items():
        setattr(page, key, value)
    if changed:
        page.save_revision().publish()
    return page


def _translation(source, locale, **fields):
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale)
    return _publish(page.specific, **fields)


@transaction.atomic
def _ensure_site(locales):
    root = Page.get_first_root_node()
    home_lo = HomePage.objects.filter(locale=locales["lo"], depth=2).first()
    if home_lo is None:
        # Wagtail's initial migration leaves a "Welcome" page on slug "home".
        for page in root.get_children().exclude(content_type__model="homepage"):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        home_lo = root.add_child(
            instance=HomePage(title=content.HOME["lo"]["title"], slug="home", locale=locales["lo"])
        )
    _publish(home_lo, **content.HOME["lo"])
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # Links in feeds, calendars and the sitemap go to the address really served.
    (site.hostname, site.port), site.root_page = site_address.host_and_port(), home_lo
    site.site_name = "SWG Portal"
    site.save()
    home_en = _translation(home_lo, locales["en"], **content.HOME["en"])
    return {"lo": home_lo, "en": home_en}


def _ensure_section(homes, locales, model, slug, texts):
    page_lo = model.objects.child_of(homes["lo"]).first()
    if page_lo is None:
        page_lo = homes["lo"].add_child(
            instance=model(title=texts["lo"]["title"], slug=slug, show_in_menus=True)
        )
    _publish(page_lo, slug=slug, show_in_menus=True, **texts["lo"])
    _translation(page_lo, locales["en"], slug=slug, show_in_menus=True, **texts["en"])
    return page_lo


def _paragraph_blocks(paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def _ensure_about(homes, locales):
    texts = content.ABOUT
    page_lo = StandardPage.objects.child_of(homes["lo"]).filter(slug="about").first()
    if page_lo is None:
        page_lo = homes["lo"].add_child(
            instance=StandardPage(title=texts["lo"]["title"], slug="about", show_in_menus=True)
        )
    for code, page in (("lo", page_lo), ("en", None)):
        data = texts[code]
        fields = {
            "title": data["title"],
            "slug": "about",
            "intro": data["intro"],
            "show_in_menus": True,
        }
        if page is None:
            page = page_lo.get_translation_or_none(locales[code]) or page_lo.copy_for_translation(
                locales[code]
            )
            page = page.specific
        page.body = _paragraph_blocks(data["paragraphs"])
        _publish(page, **fields)
    # About comes first in the menu.
    if page_lo.get_prev_sibling() is not None:
        page_lo.move(homes["lo"], pos="first-child")


def _news_image(key, colour):
    Image = get_image_model()
    title = f"demo-news-{key}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(picture)
    for i in range(12):
        shade = tuple(min(255, c + 18 * (i % 4)) for c in colour)
        draw.ellipse(
            (60 * i - 120, 300 - 25 * i, 60 * i + 260, 680 - 25 * i), outline=shade, width=6
        )
    draw.rectangle((0, 500, 960, 540), fill=(206, 17, 38))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"{title}.jpg")
    image.save()
    return image


def _ensure_news(news_index_lo, locales):
    today = timezone.localdate()
    for key, days_ago, colour, texts in content.NEWS:
        image = _news_image(key, colour)
        date = today - timezone.timedelta(days=days_ago)
        page_lo = NewsPage.objects.child_of(news_index_lo).filter(slug=key).first()
        if page_lo is None:
            page_lo = news_index_lo.add_child(
                instance=NewsPage(title=texts["lo"][0], slug=key, date=date)
            )
        for code in LANGS:
            title, intro, paragraph = texts[code]
            page = (
                page_lo
                if code == "lo"
                else (
                    page_lo.get_translation_or_none(locales[code])
                    or page_lo.copy_for_translation(locales[code])
                ).specific
            )
            if paragraph is None:  # Human Rights Day: quote the Declaration itself
                article_title, article_text = udhr_articles(code)[0]
                body = [("heading", article_title), ("paragraph", f"<p>{article_text}</p>")]
            else:
                body = _paragraph_blocks([paragraph])
            page.body = body
            _publish(page, title=title, intro=intro, slug=key, date=date, image=image)


def _ensure_accounts(password):
    User = get_user_model()
    users = {}
    for email, first, last, organisation, _swg, role in content.DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name, user.last_name, user.organisation_name = first, last, organisation
        user.is_active = True
        user.is_staff = user.is_superuser = role == "rt_secretariat"
        user.set_password(password)
        user.save()
        _verify_email(user)
        users[email] = user
    _ensure_memberships(users)
    return users


def _ensure_memberships(users):
    """The demo accounts' real roles (admin is the Round Table secretariat: a superuser)."""
    from swg.models import SectorWorkingGroup
    from swg.roles.models import Membership
    from swg.roles.services import appoint, remove

    for email, _first, _last, _organisation, swg_slug, role in content.DEMO_ACCOUNTS:
        user = users[email]
        wanted = None
        if swg_slug and role and role != "rt_secretariat":
            wanted = appoint(user, SectorWorkingGroup.objects.get(slug=swg_slug), role, note="demo")
        for membership in Membership.objects.filter(user=user).exclude(
            pk=getattr(wanted, "pk", None)
        ):
            remove(membership, note="demo")


def _verify_email(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
