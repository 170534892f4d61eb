"""Settings for CJS, every knob read from the environment (see README, "Configuration").

Development defaults are safe to run locally; production (``DEBUG`` off) refuses to start
without a ``SECRET_KEY`` and turns on the HTTPS settings that ``check --deploy`` expects.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (DEBUG off) set SECRET_KEY to a long random "
            "value, for example the output of: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For local development set DEBUG=1 instead."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public address of the site, used in emails (tracking links, first-login links).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so the admin's forms show each translated field in both languages.
    "modeltranslation",
    "cjs.apps.CJSAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cjs",
    "members",
    "services",
    "governance",
    "finance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses the pages (WhiteNoise, above, serves the static files already compressed).
    # Above every middleware that reads or writes the body; Django's GZip adds random padding
    # to each response against BREACH (the CSRF token in the page).
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cjs.middleware.LanguageMiddleware",
    "cjs.middleware.PrivatePagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Which two-factor device, if any, verified this session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "members.middleware.CooperativeMiddleware",
    "members.middleware.LeaderIdleTimeoutMiddleware",
    "members.middleware.PasswordChangeRequiredMiddleware",
    # Who made each change, for the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a lock-out found during a login into the lock-out page (django-axes); last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cjs.urls"
WSGI_APPLICATION = "cjs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "members.context_processors.cooperative",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                # {% icon "name" %} on every page (the SVG sprite, see cjs.icons).
                "cjs.templatetags.icons",
            ],
        },
    }
]

# A connection is kept 10 minutes (its health checked at the start of each request): a new
# one costs its opening and, with prepared statements, the planning of every page query again
# for its first runs (at the long-lived size, the job board 22 ms on a new connection's first
# request and 11-13 ms on the next seven, against 7 ms). Kept 60 seconds (until stop 24), a
# busy worker paid that every minute, and a quiet server at almost every request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # What DATABASE_URL's query string sets (sslmode=require...) is kept, and added to.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Every page sends the same few queries (most compiled once per process, cjs.db): with
        # the parameters sent apart from the SQL (server-side binding), psycopg prepares a
        # query on its connection from its fifth use, and PostgreSQL then no longer parses and
        # plans it at each request (planning was most of the SQL time of the busiest pages).
        # Set DATABASE_PREPARED_STATEMENTS=0 behind a pooler in transaction mode that cannot
        # keep prepared statements (PgBouncer before 1.21).
        _options.update(server_side_binding=True, prepare_threshold=5)
    # A cooperative's database is a few megabytes, read from memory: PostgreSQL's default
    # random_page_cost (4, a spinning disk's) makes fetching a page's ten members by their
    # index look dearer than reading every user of every past season, and the pages' plans
    # then grow with the archive (the approval queue's facts 2.2 -> 1.5 ms with 1.1, at the
    # long-lived size). 1.1 is the usual value for memory and SSDs; set empty to keep the
    # server's own (behind a pooler that refuses the "options" startup parameter: then set
    # it on the database, ALTER DATABASE cjs SET random_page_cost = 1.1).
    _page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        try:
            if not 0 < float(_page_cost) < 1000:  # NaN and infinity compare false
                raise ValueError
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST must be a number above 0 and below 1000 (1.1, 4),"
                f" not {_page_cost!r}."
            ) from None
        _options["options"] = " ".join(
            filter(None, [_options.get("options", ""), f"-c random_page_cost={_page_cost}"])
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the dev server writes; IMMEDIATE takes the write lock at the
    # start of a transaction so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "members.backends.LeaderPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Twelve characters at least: a phrase is easier to remember and harder to guess.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing (django-axes, counted in the database so it holds across processes and
# without Redis): after AXES_FAILURE_LIMIT failures for one username from one address, that
# pair is locked out for AXES_COOLOFF_TIME, or until a leader lifts it (Security page).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "members.security.login_username"
AXES_CLIENT_IP_CALLABLE = "members.security.login_address"
AXES_LOCKOUT_CALLABLE = "members.views.accounts.locked_out"
AXES_RESET_ON_SUCCESS = False
# Failed logins are the security log leaders read; successful ones are not stored.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "code"]

# Two-factor sign-in (django-otp): leaders and delegates who read minors' data may add a
# code from an authenticator app to their password (Account security page). Once they have,
# their pages of minors' data want a session verified by a code; with this setting on, they
# must set it up before seeing those pages at all.
CJS_REQUIRE_2FA_FOR_MINORS_DATA = env_bool("CJS_REQUIRE_2FA_FOR_MINORS_DATA", False)
# After a wrong code, the next one is refused for 1, 2, 4, 8… seconds (per device).
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_TOTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "CJS")
# The password step of a two-step login waits this long for the code.
TWO_FACTOR_LOGIN_MINUTES = env_int("TWO_FACTOR_LOGIN_MINUTES", 5)

# The audit trail (django-simple-history): a change's reason (a refusal's note) may be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# A leader's session ends after this many minutes without a request (their pages show
# minors' personal data); 0 turns it off.
LEADER_IDLE_TIMEOUT_MINUTES = env_int("LEADER_IDLE_TIMEOUT_MINUTES", 30)
# A temporary password (credentials sheet) opens the account for this many days.
TEMPORARY_PASSWORD_DAYS = env_int("TEMPORARY_PASSWORD_DAYS", 7)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# The rate limits fall back to the database cache when Redis fails (cjs.ratelimit); its table
# is made by `manage.py createcachetable` (run by `make migrate` and the deployment steps).
FALLBACK_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cjs_cache"}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "cjs"),
        },
        "fallback": FALLBACK_CACHE,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fallback": FALLBACK_CACHE,
    }

# Email: the console by default; SMTP as soon as EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# A failed send is tried again after 1, 2, 4… minutes (cjs.mail.deliver), this many times in
# all; the message stays in the failed task's arguments after the last attempt.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CJS <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("ADMINS", [])]

# Internationalisation: French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "cjs_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The texts the cooperative writes (committees, roles, skills, home page, agenda items) have a
# French and an English column (django-modeltranslation, registered in each app's
# translation.py). French is the text of record: an empty English text shows the French one,
# and a row created in any language gets its French column filled.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
MODELTRANSLATION_AUTO_POPULATE = "default"
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "fr"


def _verbose_name_in(verbose_name: str, language: str) -> str:
    """The label of a translated column, in forms and the back office: « nom (anglais) »."""
    label = {"fr": _("{field} (French)"), "en": _("{field} (English)")}[language]
    return str(label).format(field=verbose_name)


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _verbose_name_in
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the expenses' receipts). Nothing serves this folder: a receipt is streamed by
# a view that checks who asks (finance.views.ledger.receipt), so there is no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "cjs.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security. Production (DEBUG off) gets HTTPS-only cookies, HSTS and the redirect; each can be
# relaxed by its variable (for instance behind a proxy that already redirects).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The real-server benchmark (`make bench`, bench/serve.py) only: serves the baseline page
# (/bench/baseline/) and trusts X-Forwarded-For for the rate limits, so that each simulated
# client counts as its own address. Never set in production: anyone could pick their address.
BENCH = env_bool("CJS_BENCH", False)

# Django's database sessions, their one query per request compiled once (cjs/sessions.py).
SESSION_ENGINE = "cjs.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Strict Content Security Policy: every script and stylesheet comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failed logins and lock-outs are warnings; axes' routine is info.
        "axes": {"level": "WARNING"},
    },
}

# Background tasks (django-tasks, the backport of Django 6's tasks framework): emails and
# reminders. The database backend needs no other server: `manage.py db_worker` runs them and
# `manage.py run_scheduler` enqueues the reminders on the schedule below (`make run` starts
# both). Tests run each task at once (ImmediateBackend, set in pyproject.toml).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# When each reminder is enqueued (cron syntax, the site's time zone); each can be moved with
# an environment variable REMINDER_CRON_<NAME>, e.g. REMINDER_CRON_HOURS_TO_LOG="0 18 * * *".
# Every reminder records what it sent: running it more often never sends one twice.
_REMINDER_CRON_DEFAULTS = {
    "job_reminders": "5 * * * *",
    "satisfaction_reminders": "10 * * * *",
    "hours_to_log": "15 * * * *",
    "claims_waiting": "0 8-20/4 * * *",
    "jobs_understaffed": "20 * * * *",
    "consultations_closing": "25 * * * *",
    "quotes_lapsing": "0 9 * * *",
    "invoices_overdue": "30 9 * * *",
    # Not a reminder: the retention periods of the privacy page, applied every night.
    "retention": "45 3 * * *",
}
REMINDER_SCHEDULE = {
    name: env_str(f"REMINDER_CRON_{name.upper()}", cron)
    for name, cron in _REMINDER_CRON_DEFAULTS.items()
}

# RGPD retention (members.retention.apply_retention, run daily by the scheduler): a departed
# member's private facts are forgotten at the end of the season after next (2 seasons after
# their last one); a resident's contact data 12 months after their last job. The privacy page
# states these values.
RETENTION_MEMBER_SEASONS = env_int("RETENTION_MEMBER_SEASONS", 2)
RETENTION_RESIDENT_MONTHS = env_int("RETENTION_RESIDENT_MONTHS", 12)
# Failed logins (username typed, address) and lock-out counters are kept this many days.
RETENTION_SECURITY_LOG_DAYS = env_int("RETENTION_SECURITY_LOG_DAYS", 90)
