"""Settings for the Kent Carers and Wellbeing Portal.

One module, driven by environment variables (see `.env.example` and docs/configuration.md).
Defaults are safe for production: DEBUG is off unless asked for, a SECRET_KEY is
required unless DEBUG is on, and HTTPS protections are on unless DJANGO_HTTPS=false.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    file_path = env.str(f"{name}_FILE", default="")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return str(env.str(name, default=default))


# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = _secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE); DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the portal, used in emails (links must be absolute).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    # Sign-in lockout kept in PostgreSQL, so it holds while Redis is down (AXES_* below).
    "axes",
]
LOCAL_APPS = [
    "carers_portal.core",
    "accounts",
    "services",
    "services.referrals",
    "services.guides",
    "services.outcomes",
    "consultations",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "carers_portal.core.middleware.RequestIdMiddleware",
    # /healthz and /readyz for any Host: containers' health checks call 127.0.0.1 (see the middleware).
    "carers_portal.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuse oversized request bodies before a view reads them (MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES).
    "carers_portal.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With DATABASE_REPLICA_URL, public directory reads go to the replica (carers_portal/core/db_router.py).
    *(["carers_portal.core.db_router.ReplicaReadsMiddleware"] if env.str("DATABASE_REPLICA_URL", default="") else []),
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "carers_portal.core.middleware.StaffSecurityMiddleware",
    "carers_portal.core.middleware.PrivatePagesNeverCachedMiddleware",
    "axes.middleware.AxesMiddleware",
    # A database outage answers 503 "try again shortly", not 500 (handles view exceptions; listed last).
    "carers_portal.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "carers_portal.urls"
WSGI_APPLICATION = "carers_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carers_portal.core.context_processors.portal",
            ],
        },
    },
]

# --- Data stores ------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///carers_portal")}
# A Unix-socket host arrives percent-encoded (postgres://user@%2Fpath%2Fto%2Fdir/db).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL is redis://host:port/db, rediss://..., or unix:///path/to/redis.sock.
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
_redis = urlsplit(REDIS_URL)
# Celery's Redis transport names a Unix socket redis+socket:///path.
CELERY_BROKER_URL = (
    f"redis+socket://{_redis.path}" if _redis.scheme == "unix" else env.str("CELERY_BROKER_URL", default=REDIS_URL)
)

# A Redis outage must not take pages or submissions down: cached data degrades to misses and locks and counters
# to process memory, and it is logged (carers_portal/core/cache.py).
CACHES = {
    "default": {
        "BACKEND": "carers_portal.core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
        "KEY_PREFIX": "kcp",
    }
}

# Sessions live in PostgreSQL so that sign-in survives a Redis outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery -----------------------------------------------------------------

CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Europe/London"
# Late acknowledgement: a task whose worker dies mid-run is delivered again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing must not hang a web request when Redis is down: the outbox row is
# already committed and beat will pick it up later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2, "visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule"))
# Every entry is a crontab (wall-clock times in CELERY_TIMEZONE), never an interval: an interval counts
# from beat's start, so a beat recreated more often than the interval would never run it.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "outbox-flush": {"task": "carers_portal.core.tasks.outbox_flush", "schedule": crontab()},  # every minute
    # Closed referrals are anonymised after REFERRAL_RETENTION_DAYS.
    "referrals-purge-expired": {
        "task": "services.referrals.tasks.referrals_purge_expired",
        "schedule": crontab(hour=3, minute=0),
    },
    # Queue the "now open", "closes in 7 days" and "results published" emails that are due.
    "consultation-notifications": {
        "task": "consultations.tasks.consultation_notifications_send",
        "schedule": crontab(minute=f"*/{env.int('CONSULTATION_NOTIFY_MINUTES', default=15)}"),
    },
    # Delete unsubmitted drafts (and their email addresses) 30 days after a consultation closes.
    "consultation-drafts-purge": {
        "task": "consultations.tasks.consultation_drafts_purge",
        "schedule": crontab(hour=3, minute=15),
    },
    # Carer reminders (draft after 3 and 10 days, yearly review, emergency plan every 6 months). Each reminder has a
    # dedupe key, so running the sweep often never sends one twice.
    "carers-reminders": {"task": "accounts.tasks.reminders_send_due", "schedule": crontab(minute=5)},
    # Carers' reviews (at least yearly): schedule the next ones and remind the carer and the provider, once each.
    "carers-reviews": {"task": "services.referrals.tasks.reviews_sweep", "schedule": crontab(hour=6, minute=30)},
}

# --- Authentication (django-allauth) ----------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Kent Carers and Wellbeing Portal: "
# The confirmation email says how long its link works (templates/account/email/email_confirmation_message.txt).
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Tell people by email when their password, email address or two-step verification changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env.bool("DJANGO_HTTPS", default=not DEBUG) else "http"
ACCOUNT_RATE_LIMITS = {
    # Per address only: a per-email ("key") limit would let anyone lock anyone out from anywhere. Wrong
    # passwords for one email from one address are django-axes' lockout (AXES_LOCKOUT_PARAMETERS below).
    "login_failed": "5/5m/ip",
    "signup": "10/h/ip",
    # Per address, and per (email, address) as sign-in is: a per-email ("key") limit alone would let anyone block
    # anyone's reset from anywhere. The second is our own action, consumed by accounts.allauth_forms with the
    # email and the address as its key.
    "reset_password": "5/h/ip",
    "reset_password_email_address": "3/h/key",
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kent Carers and Wellbeing Portal"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise) and front end --------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files (consultation documents). Never served from MEDIA_URL: a view checks who may see each
# one (consultations.views.public.document_download). Local files under var/media by default (compose puts
# them on a named volume); an S3-compatible bucket when MEDIA_S3_BUCKET is set, for more than one host.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
if env.str("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            # Blank: AWS itself; otherwise any S3-compatible store (MinIO, Ceph, a cloud's S3 API).
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            # Blank keys: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": _secret("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": _secret("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": env.str("MEDIA_S3_PREFIX", default="media"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds 2.0 targets GOV.UK Frontend 5.x; package.json pins the version (docs/tools.md: why not 6).
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

SERVICE_NAME = "Kent Carers and Wellbeing Portal"
# The council's addresses for feedback on this website and for its Data Protection Officer. The reports in
# shared/seeds give neither, so none is made up: until a deployment sets them, the pages say so and give the
# reports' own phone route instead (issue 24.1).
PORTAL_FEEDBACK_EMAIL = env.str("PORTAL_FEEDBACK_EMAIL", default="")
PORTAL_DPO_EMAIL = env.str("PORTAL_DPO_EMAIL", default="")

# --- Email ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kent Carers and Wellbeing Portal <noreply@kent.gov.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Development default: every email is a file a person can read in var/mail/.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# --- Security ---------------------------------------------------------------

HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
# Whether a request came over HTTPS is gunicorn's to say: it believes X-Forwarded-Proto only from
# FORWARDED_ALLOW_IPS (our proxy) and sets the WSGI scheme. No SECURE_PROXY_SSL_HEADER: Django would
# believe the header from anyone who can reach gunicorn, and the proxy strips nothing it does not set.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Request and upload limits: refuse oversized bodies before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Error tracking (Sentry) --------------------------------------------------

# Off unless a DSN is given; every event is redacted like the logs (carers_portal/core/error_tracking.py).
SENTRY_DSN = _secret("SENTRY_DSN")
if SENTRY_DSN:
    from carers_portal.core.error_tracking import error_tracking_init

    error_tracking_init(dsn=SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# --- Logging: structured JSON to stdout in production, plain lines in development ---

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# "json" (one object a line, for a log collector) or "text" (a line a person reads): text by default
# when DEBUG is on, as under `make run`.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "carers_portal.core.logging.RequestIdFilter"},
        # No personal data in logs: emails, postcodes, phone numbers, query strings and link keys are redacted.
        "personal_data": {"()": "carers_portal.core.logging.PersonalDataFilter"},
        "expected_client_errors": {"()": "carers_portal.core.logging.ExpectedClientErrorFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s [request %(request_id)s]"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id", "expected_client_errors", "personal_data"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # django.server logs every request line with the path; keep it at warnings.
        "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "celery": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # fontTools reports every font it subsets for a PDF at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

# --- Portal settings ----------------------------------------------------------

# Staff sessions end after this many seconds without a request.
STAFF_IDLE_TIMEOUT_SECONDS = env.int("STAFF_IDLE_TIMEOUT_SECONDS", default=30 * 60)

# --- Referrals and triage ---------------------------------------------------

# Closed referrals are anonymised this many days after closure (purge_expired_referrals; beat runs it daily).
REFERRAL_RETENTION_DAYS = env.int("REFERRAL_RETENTION_DAYS", default=730)
# Referrals per client (hashed address), and per account when signed in, per window, before a friendly
# "try again later".
REFERRAL_RATE_LIMIT = env.int("REFERRAL_RATE_LIMIT", default=5)
REFERRAL_RATE_LIMIT_WINDOW_SECONDS = env.int("REFERRAL_RATE_LIMIT_WINDOW_SECONDS", default=3600)
# Where new-referral notices go when an organisation has no referrals inbox (blank: nowhere, logged).
REFERRALS_FALLBACK_EMAIL = env.str("REFERRALS_FALLBACK_EMAIL", default="")
# Largest attachment (e.g. a self-assessment snapshot, as JSON) a referral may carry.
REFERRAL_ATTACHMENT_MAX_BYTES = 262_144
# The same daily purge forgets what sent emails said after OUTBOX_RETENTION_DAYS (their bodies hold live reset and
# confirmation links) and deletes sign-in attempt records (django-axes) after SIGN_IN_ATTEMPT_RETENTION_DAYS.
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=7)
SIGN_IN_ATTEMPT_RETENTION_DAYS = env.int("SIGN_IN_ATTEMPT_RETENTION_DAYS", default=30)

# --- Service directory ----------------------------------------------------------

# Seconds a search page's content and the category list stay in the cache. Every committed directory change starts
# a new directory version, so this only bounds memory use, never staleness.
DIRECTORY_SEARCH_CACHE_SECONDS = env.int("DIRECTORY_SEARCH_CACHE_SECONDS", default=600)

# --- Carers (accounts app) ----------------------------------------------------

# Where the self-assessment PDF's fonts are (Debian's fonts-noto-core and fonts-symbola; accounts/pdf.py).
PDF_FONTS_DIR = env.str("PDF_FONTS_DIR", default="/usr/share/fonts/truetype")

# --- Account wording (allauth in GOV.UK style) ----------------------------------

# carers_portal/locale/en_GB/LC_MESSAGES/django.po gives allauth's English text in sentence case and
# plain English; `make setup` and the Dockerfile compile it to django.mo (polib, no GNU gettext).
LOCALE_PATHS = [BASE_DIR / "carers_portal" / "locale"]
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "signup": "accounts.allauth_forms.SignupForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
    "add_email": "accounts.allauth_forms.AddEmailForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
}

# --- Reliability and hardening ----------------------------------------------
# Lockouts that hold without Redis, a cache that survives a Redis outage, request and
# upload limits, personal data kept out of the logs, and an optional read replica.
# How many proxies (load balancers) of ours stand in front of gunicorn; client addresses
# come from X-Forwarded-For only that far (carers_portal.core.security.client_ip).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Sign-in lockout kept in PostgreSQL (django-axes), so it holds while Redis is down:
# 5 wrong passwords for one email from one address pause sign-in for 15 minutes.
# allauth's cache-based limits stay on top (sign-up 10/h per address, password reset).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "carers_portal.core.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "carers_portal.core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "carers_portal.core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful sign-ins beyond the session
AXES_VERBOSE = False

# Request and upload limits: a whole request body (files included) and one uploaded file.
MAX_REQUEST_BYTES = env.int("DJANGO_MAX_REQUEST_BYTES", default=10 * 1024 * 1024)
MAX_UPLOAD_BYTES = env.int("DJANGO_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Behind HTTPS the cookies carry the __Host- prefix: Secure, whole-site, never set by a subdomain.
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Optional read replica: the public's reads of the directory (reference data that tolerates
# replication lag) go to DATABASE_REPLICA_URL; writes, posts, the staff admin, tasks and
# commands stay on the primary (carers_portal/core/db_router.py).
DATABASE_REPLICA_MODELS = env.list(
    "DATABASE_REPLICA_MODELS",
    default=[
        f"services.{name}"
        for name in (
            "Organisation",
            "Taxonomy",
            "TaxonomyTerm",
            "Service",
            "Location",
            "ServiceAtLocation",
            "Contact",
            "Phone",
            "Schedule",
            "CostOption",
            "Language",
            "ServiceArea",
            "Postcode",
            "SearchWord",
        )
    ],
)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["HOST"] = unquote(DATABASES["replica"].get("HOST", ""))
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["carers_portal.core.db_router.ReplicaRouter"]
