"""Settings shared by every mode. Everything that differs between machines comes from
environment variables (django-environ); see README.md for the list."""

from pathlib import Path

import django.conf.locale
import environ
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The address people reach the portal at: absolute links in feeds, calendars, the
# sitemap and e-mails point there, and `migrate` gives the default Wagtail Site its
# host and port (sitetree/site_address.py). Locally it follows PORTAL_ADDRESS, the
# address scripts/serve serves on; production requires it (settings/production.py).
PORTAL_ADDRESS = env("PORTAL_ADDRESS", default="127.0.0.1:8000")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default=f"http://{PORTAL_ADDRESS}").rstrip("/")

VAR_DIR = Path(env("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "portal.accounts",
    "portal",
    "subscriptions",
    "swg",
    "swg.roles",
    "documents",
    "search",
    "aid",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP and Permissions-Policy (web/security.py); then public-or-private caching,
    # above SessionMiddleware so it sees every cookie set below it (web/caching.py).
    "web.security.SecurityHeadersMiddleware",
    "web.caching.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The request's site and its Wagtail page route from the cached site structure,
    # before anything asks Wagtail for them (sitetree/routing.py).
    "sitetree.routing.PageRoutingMiddleware",
    "portal.middleware.RememberLanguageMiddleware",
    "portal.middleware.LanguageFallbackMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages without /lo/ or /en/: the language of next=, the cookie, the user's own.
    "portal.middleware.UnprefixedLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Signed-in users without admin access get a page instead of Wagtail's login loop.
    "portal.accounts.admin_access.AdminAccessMiddleware",
    # Whoever must use a second factor and has not passed it holds a member's rights only
    # (swg/roles/second_factor.py); the admin asks for it before every page.
    "swg.roles.second_factor.SecondFactorMiddleware",
    "swg.roles.middleware.AdminTwoFactorMiddleware",
    # Unreadable submitted data answers 400, not 500 (portal/malformed_requests.py).
    "portal.malformed_requests.MalformedRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on busy_timeout instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian would otherwise create an "AnonymousUser" row that shows in the admin.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------
# Django ships no Lao locale: teach it the language before anything asks about it.
django.conf.locale.LANG_INFO.setdefault(
    "lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
)
LANGUAGE_CODE = "lo"
LANGUAGES = [("lo", "ລາວ"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The portal's own catalog first (it wins where both hold a msgid), then the Lao catalog of
# the upstream strings (Django, Wagtail, wagtail-localize, allauth: none ships Lao), whose
# djangojs.po also feeds the admin's jsi18n views. See scripts/catalog.py.
_LOCALE_DIR = Path(env("PORTAL_LOCALE_DIR", default=str(BASE_DIR / "locale")))
LOCALE_PATHS = [_LOCALE_DIR, _LOCALE_DIR / "upstream"]
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Vientiane"
# The admin's account settings offer Vientiane time only: the portal's meetings happen
# there, and the browser names the 400 other zones in English whatever the admin's language.
WAGTAIL_USER_TIME_ZONES = ["Asia/Vientiane"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Cache -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default=None)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every process on this machine (gunicorn workers, the task worker, a
    # management command): the cached site structure (sitetree/site_structure.py) and the
    # rate-limit counts must see one another's changes, which local memory would not.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("PORTAL_CACHE_DIR", default=str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- A shared cache in front, purged on publish and unpublish (portal/cache_purge.py) --
# Off by default. FRONTEND_CACHE_PURGE_URL: where PURGE requests go (Varnish, nginx
# with a purge module), e.g. http://127.0.0.1:6081; CLOUDFLARE_API_TOKEN and
# CLOUDFLARE_ZONE_ID for Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_API_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }
# Each language's own addresses are purged; Wagtail's guess (swapping the language
# prefix) would name pages that do not exist (Lao and English slugs differ).
WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Background tasks ------------------------------------------------------------
# Database queue by default (works on SQLite with one worker); RQ on Redis when asked.
TASK_BACKEND = env("TASK_BACKEND", default="database")
if TASK_BACKEND == "rq":
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail ----------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SWG Portal <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) -----------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed sign-ins: 20 in 5 minutes per client address, 5 per account and address
# (the "key", portal/accounts/lockout.py), so no one address can lock an account for
# the others; and 100 an hour per account, which one address alone (at most 60 an
# hour) never reaches, against a guess spread over many addresses.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login_failed_account": "100/h/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,5/h/key",
    "signup": "10/h/ip",
}
ACCOUNT_PREVENT_ENUMERATION = True
# Reverse proxies of our own in front of the portal (nginx, a load balancer, a CDN),
# each adding to X-Forwarded-For: rate limits and sign-in lockouts count the address
# they report (web/ratelimit.py). 0: none, REMOTE_ADDR is the client.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
# Searches (page and JSON API together) one client address may make: "N/s|m|h|d",
# empty for no limit; counted in the cache (Redis when REDIS_URL is set).
PORTAL_SEARCH_RATE_LIMIT = env("PORTAL_SEARCH_RATE_LIMIT", default="60/m")
# Invitations one person may send in an hour (members page; 429 beyond).
PORTAL_INVITATIONS_PER_HOUR = env.int("PORTAL_INVITATIONS_PER_HOUR", default=20)
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SWG Portal"

# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = _("Round Table Process — Sector Working Groups")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=PORTAL_BASE_URL)
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages (Wagtail view restrictions) send readers to the same form.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("lo", "ລາວ")]
WAGTAILDOCS_DOCUMENT_MODEL = "documents.PortalDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.PortalDocumentForm"
# Scans as images too: their text is read by OCR where it is installed (documents/ocr.py).
WAGTAILDOCS_EXTENSIONS = [
    *["pdf", "docx", "xlsx", "pptx", "odt", "txt", "html", "htm"],
    *["png", "jpg", "jpeg", "tif", "tiff"],
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
# Wagtail's own (admin) search: modelsearch's database backend fed by the portal's
# text pipeline, so Lao words are found inside sentences (search/backends/admin.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.admin"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Search (the portal's own service, see search/) -------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default=None)
SEARCH_VISIBILITY_RESOLVER = "swg.policy.search_visibility"
SEARCH_FACET_LABELS = "portal.search_labels.facet_labels"

# --- Security defaults that hold in every mode ------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Shared caches keep signed-out public pages this long (web/caching.py).
PORTAL_PUBLIC_MAX_AGE = env.int("PORTAL_PUBLIC_MAX_AGE", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "web.logging.JsonFormatter"},
    },
    # A refused request (403) is one line with who, what and why; tracebacks are
    # for server errors (web/logging.py).
    "filters": {"client_errors": {"()": "web.logging.ClientErrorsInOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # LOG_FORMAT=json: one JSON object per line (web/logging.py).
            "formatter": env("LOG_FORMAT", default="plain"),
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default handlers would print each error (with its traceback) a
        # second time when DEBUG is on: its records go through the handler above only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Wagtail logs every page action at INFO; the audit log keeps them anyway.
        "wagtail": {"level": "WARNING"},
    },
}
