"""Settings read from the environment.

With nothing set the portal runs on the embedded default: SQLite, a Celery
broker on the file system (a real worker and beat, no server needed), the
local-memory cache and mail to the console. DATABASE_URL and REDIS_URL switch
to PostgreSQL and Redis; production differs by environment only.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from jongerenwerk import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.read("VAR_DIR") or BASE_DIR / "var")

DEBUG = env.boolean("DEBUG", False)
# With DEBUG on, a missing page shows the portal's own 404 unless a developer asks for Django's.
DEBUG_TECHNICAL_404 = env.boolean("DEBUG_TECHNICAL_404", False)
# HTTPS=true marks a deployment behind TLS: secure cookies, HSTS and a required SECRET_KEY.
HTTPS = env.boolean("HTTPS", False)
SECRET_KEY = env.read("SECRET_KEY") or ""
if not SECRET_KEY:
    if HTTPS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when HTTPS=true.")
    SECRET_KEY = "django-insecure-local-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env.read("SITE_URL") or "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "jongerenwerk.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "signals",
    "contacts",
    "trainings",
    "policy",
    "reports",
]

# Form widgets render through the project's templates, so templates/django/forms/ can render a
# select's options without an include per option (the slowest part of a form page).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    # Compresses HTML for the network; Django's GZip adds random bytes to each response, which
    # with its per-response masked CSRF tokens mitigates BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Serves a page kept for this session when nothing it was made of has changed; it stands
    # in for the middleware below it on such a hit (see its docstring).
    "jongerenwerk.core.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jongerenwerk.core.middleware.SessionTouchMiddleware",
    "jongerenwerk.core.middleware.RequireMfaMiddleware",
    "jongerenwerk.core.middleware.PrivateByDefaultMiddleware",
    "jongerenwerk.core.middleware.PortalNotFoundMiddleware",
]

ROOT_URLCONF = "jongerenwerk.urls"
WSGI_APPLICATION = "jongerenwerk.wsgi.application"
ASGI_APPLICATION = "jongerenwerk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jongerenwerk.core.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) from DATABASE_URL.
DATABASE_URL = env.read("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            "OPTIONS": {
                # The web server, the worker and beat write at the same time.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and shared cache (sign-in and public-form rate limits live in the cache).
# When Redis is unreachable the cache falls back to each process's memory for a while
# (jongerenwerk.core.cache), so signing in keeps working during an outage.
REDIS_URL = env.read("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "jongerenwerk.core.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.read("CACHE_KEY_PREFIX") or "jw",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
    }
    if env.boolean("PAGE_CACHE", True):
        # Rendered pages per session (jongerenwerk.core.pagecache). Plain Redis, never a
        # process's memory: a page must be invalidated by a write in any process, so the page
        # cache only works on a cache every process shares, and is off when Redis fails.
        CACHES["pages"] = {
            "BACKEND": "jongerenwerk.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": (env.read("CACHE_KEY_PREFIX") or "jw") + ":pages",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail as login, verified addresses, no open sign-up.
ACCOUNT_ADAPTER = "jongerenwerk.core.adapters.AccountAdapter"
MFA_ADAPTER = "jongerenwerk.core.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Jongerenwerk] "
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins are limited per account first (5 in 5 minutes), and per address only at
    # a much higher count: youth workers on the street share mobile-network addresses (carrier
    # NAT), so one person's typos must not lock out their colleagues. Sign-in attempts as such
    # are limited per address generously for the same reason.
    "login_failed": "5/300s/key,100/300s/ip",
    "login": "120/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Jongerenwerk"
MFA_RECOVERY_CODE_COUNT = 10

# Sessions end after inactivity (minutes), measured from the last request.
SESSION_IDLE_MINUTES = env.integer("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Saved when it changes, and its expiry moved on at most once a minute (SessionTouchMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
if "pages" in CACHES:
    # In the database, read through a half-minute copy in the page cache's Redis.
    SESSION_ENGINE = "jongerenwerk.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Demo data (invented) load only where this is on; never in production.
DEMO_DATA = env.boolean("DEMO_DATA", DEBUG)

# Invitations to join an organisation.
INVITATION_VALID_DAYS = env.integer("INVITATION_VALID_DAYS", 7)

# Trainings: how long a waiting-list offer holds its seat; no offers this close to the start;
# enrolments are anonymised this many months after their programme's last session.
TRAININGS_OFFER_HOURS = env.integer("TRAININGS_OFFER_HOURS", 48)
TRAININGS_NO_OFFERS_HOURS = env.integer("TRAININGS_NO_OFFERS_HOURS", 24)
TRAININGS_RETENTION_MONTHS = env.integer("TRAININGS_RETENTION_MONTHS", 12)

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Uploads are private: never served under MEDIA_URL, only through permission-checked views.
MEDIA_ROOT = Path(env.read("MEDIA_ROOT") or VAR_DIR / "media")
# Production runs collectstatic and serves hashed, compressed files.
STATIC_MANIFEST = env.boolean("STATIC_MANIFEST", HTTPS)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without a manifest (local runs, tests) WhiteNoise serves straight from static/.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Mail: the console unless an SMTP host is configured (Django 6.1 MAILERS).
EMAIL_HOST = env.read("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env.integer("EMAIL_PORT", 587),
                "username": env.read("EMAIL_HOST_USER") or "",
                "password": env.read("EMAIL_HOST_PASSWORD") or "",
                "use_tls": env.boolean("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env.read("DEFAULT_FROM_EMAIL") or "Jongerenwerk portaal <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: the local default serves plain HTTP; HTTPS=true switches all of this on.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.boolean("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind one reverse proxy every request comes from the proxy's address: allauth's
    # per-IP rate limits must read the client from the proxy's X-Forwarded-For entry,
    # or one visitor's failed logins would lock everyone out.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF token from the cookie: htmx sends the one the page carries.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Celery: Redis when REDIS_URL is set, else kombu's file-system transport.
CELERY_DATA_DIR = Path(env.read("CELERY_DATA_DIR") or VAR_DIR / "celery")
# Bounded waits: a hung Redis must not hold a web request until gunicorn kills it.
REDIS_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 2}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
else:
    for folder in ("in", "processed", "control"):
        (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
    # The host is meaningless for this transport; naming one keeps kombu from warning about it.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # One folder for both directions: the worker reads what the web server writes.
        "data_folder_in": str(CELERY_DATA_DIR / "in"),
        "data_folder_out": str(CELERY_DATA_DIR / "in"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_DATA_DIR / "control"),
    }
CELERY_TASK_DEFAULT_QUEUE = env.read("CELERY_QUEUE") or "portal"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# No task returns a value anyone waits for: outcomes are stored in the database.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.read("LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
ADMINS = [("Beheer", a) for a in env.string_list("ADMIN_EMAILS", [])]
