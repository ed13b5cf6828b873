"""Settings for one machine, read from environment variables with safe defaults.

`tierslieux.settings.production` hardens these for a public deployment behind HTTPS.
"""

import os
import secrets
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tierslieux.settings import cache_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, reçu {value!r}.") from exc


def local_secret_key():
    """A key generated once per checkout, kept out of git, so nothing secret is committed."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "tierslieux.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    # Shared concerns first, then the content apps that use them, then the project on top.
    "pagecache",
    "history",
    "content",
    "photos",
    "exports",
    "places",
    "funding",
    "visits",
    "pages",
    "api",
    "tierslieux",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what every middleware below wrote, cached pages too (whitenoise serves static
    # files compressed already); not for staff (BREACH, tierslieux/compression.py).
    "tierslieux.compression.VisitorGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The history's "who": the user of the request that saves.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Above the page cache, so that the pages it serves carry these headers too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Turns a refused login (too many failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last: it needs the user, and everything above still processes the pages it serves.
    "pagecache.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "tierslieux.urls"
WSGI_APPLICATION = "tierslieux.wsgi.application"

TEMPLATES = [
    # The public pages (templates/, tierslieux/jinja2.py); the admin and the packages' own pages
    # keep Django's engine (templates/django/).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "tierslieux.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each gunicorn worker keeps its connection between requests: opening one took a
        # PostgreSQL page 6.8 ms here, more than its queries. Checked before each reuse, so
        # that a restarted database costs one failed check, not a failed request.
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writing transaction takes SQLite's write lock when it begins, so that two of them (two
    # confirmations of one import, say) wait for each other instead of failing half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff log in through the admin: after a login whose `next` is missing or points elsewhere
# (another site), they land on its index, never on Django's /accounts/profile/ (no such page).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))


def media_storage(environ):
    """Where uploads go: the local disk, or S3-compatible object storage through django-storages.

    Code only uses Django's storage API, so this switch is the whole change. Credentials are
    not read here: boto3 finds AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role)
    itself, so they never sit in the settings.
    """
    kind = (environ.get("DJANGO_MEDIA_STORAGE") or "").strip().lower()
    if not kind:
        kind = "s3" if environ.get("AWS_STORAGE_BUCKET_NAME") else "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE vaut « local » ou « s3 », reçu {kind!r}.")
    bucket = (environ.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if not bucket:
        raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE=s3 demande AWS_STORAGE_BUCKET_NAME.")
    if find_spec("storages") is None or find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "DJANGO_MEDIA_STORAGE=s3 demande django-storages et boto3 : "
            "pip install -r requirements-s3.txt"
        )
    querystring_auth = (environ.get("AWS_QUERYSTRING_AUTH") or "").strip().lower()
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": environ.get("AWS_LOCATION", "media"),
            # Photos are public: plain URLs can be cached, signed ones expire.
            "querystring_auth": querystring_auth in {"1", "true", "yes", "on", "oui"},
            # Names are generated and never reused, so a stored file never changes.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# On one machine Django serves uploaded media itself (whitenoise only serves static files).
SERVE_MEDIA = env_bool(
    "DJANGO_SERVE_MEDIA",
    STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage",
)

# Sessions live in the database by default: every app server shares it, so a login made through
# one is valid on all of them, and a session survives a cache flush. DJANGO_SESSION_ENGINE may
# name another of Django's engines (e.g. django.contrib.sessions.backends.cached_db).
SESSION_ENGINE = (
    os.environ.get("DJANGO_SESSION_ENGINE") or "django.contrib.sessions.backends.db"
).strip()

# Uploaded photos over these limits are refused before being decoded (photos/checks.py).
PHOTO_MAX_UPLOAD_BYTES = env_int("DJANGO_PHOTO_MAX_UPLOAD_MB", 15) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("DJANGO_PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000
if PHOTO_MAX_UPLOAD_BYTES < 1 or PHOTO_MAX_PIXELS < 1:
    raise ImproperlyConfigured(
        "DJANGO_PHOTO_MAX_UPLOAD_MB et DJANGO_PHOTO_MAX_MEGAPIXELS doivent être positifs."
    )

# Cached data (the map's) is invalidated through the cache itself, so every worker process must
# share it: CACHE_URL (tierslieux/settings/cache_url.py), files in
# .django-cache/ on one machine by default, redis://host:6379/0 for several machines, dummy://
# to turn caching off. The former DJANGO_CACHE_BACKEND and DJANGO_CACHE_LOCATION still work.
CACHES = {"default": cache_url.from_environment(os.environ, BASE_DIR / ".django-cache")}

# The map's background tiles (static/js/map.js): any XYZ tile server. Its origin is the one
# third-party address public pages load; its terms may require naming it in the attribution
# (HTML, a link allowed).
MAP_TILES_URL = (
    os.environ.get("DJANGO_MAP_TILES_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILES_ATTRIBUTION = os.environ.get("DJANGO_MAP_TILES_ATTRIBUTION") or (
    '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d\'OpenStreetMap</a>'
)

# Up to this many places, the map loads them all at once and clusters them in the browser;
# above, it starts from one point per department and loads a department's places when the view
# reaches it (places/maps.py).
MAP_PLACES_AT_ONCE = int(os.environ.get("DJANGO_MAP_PLACES_AT_ONCE") or 5000)
# What the map loads of one department (or zone) at a time: above this many places, their
# zones instead (places/map_zones.py), whose places it loads as the view comes closer.
MAP_PLACES_PER_ZONE = int(os.environ.get("DJANGO_MAP_PLACES_PER_ZONE") or 500)

# Behind a reverse proxy every request comes from the proxy's address: name the header it puts
# the client's address in (e.g. X-Real-IP) for the contact form's limit per address.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()

# The public API (api/): read-only JSON for everyone, no session, so no CSRF and no
# browsable pages (JSON only, which suits a strict CSP). Anonymous clients are throttled per
# address in the shared cache; DJANGO_API_RATE changes the rate ("60/min", "1000/hour").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_RATE") or "60/min"},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.DocumentedSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API des tiers-lieux en France",
    "DESCRIPTION": (
        "Les lieux, les programmes de financement et les visites officielles publiés sur le "
        "site, en lecture seule, sous Licence Ouverte 2.0. Voir /donnees/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
}

# The history of content (history/): "how" a change was made can be long (an import names
# its dataset), and uploaded files are recorded by their path only.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_FILEFIELD_TO_CHARFIELD = True
# Restoring a version goes through the admin form, with its checks (editorial rules).
SIMPLE_HISTORY_REVERT_DISABLED = False

# Security headers that cost nothing on plain HTTP; HTTPS-only settings live in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# One line per record on stderr (gunicorn passes it to the journal or the container's log);
# 4xx answers without their traceback (tierslieux/log_filters.py), 500s with theirs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "tierslieux.log_filters.ClientErrorsWithoutTraceback"
        },
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["client_errors_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Failed logins (django-axes) ---------------------------------------------------------------
# After AXES_FAILURE_LIMIT failed logins for one account from one address, that pair is refused
# for the cool-off period (a French page, templates/axes/lockout.html); staff allowed to delete
# « tentatives d'accès » unlock it earlier in the admin. Locking per account and address (never
# per account alone) keeps an attacker from locking the real editor out from elsewhere.
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_COOLOFF_MESSAGE = "Trop de tentatives de connexion : réessayez plus tard."
AXES_PERMALOCK_MESSAGE = (
    "Trop de tentatives de connexion : demandez à un administrateur de débloquer le compte."
)
# The client's address behind a reverse proxy (django-ipware), by the site's one rule (as the
# contact form's and the API's limits): the header the proxy writes it in, DJANGO_CLIENT_IP_HEADER
# (none: REMOTE_ADDR), and of an X-Forwarded-For list the right-most address, the one our proxy
# added; the addresses before it are the client's to choose.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_"), "REMOTE_ADDR")
    if CLIENT_IP_HEADER
    else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_ORDER = "right-most"


# --- Content-Security-Policy (django-csp) and Permissions-Policy ---------------------------------
# Nothing inline and nothing from elsewhere but the map's tiles (and uploaded photos when another
# origin serves them): every script and style is a static file. data: and blob: images are
# Leaflet's and Swagger UI's icons; the map clusters its markers in a Web Worker of our own. One
# policy for every page, never a per-view relaxation: the page cache keeps headers, not the
# attributes a decorator leaves on a response.
def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def image_origins():
    """Where images may come from besides the site: the tiles, the media bucket or its CDN,
    and DJANGO_CSP_IMG_SRC (comma-separated origins) for anything else."""
    # A tile server's {s} subdomains ({s}.tile.example.org) are any of its subdomains.
    origins = [origin_of(MAP_TILES_URL.replace("{s}", "*"))]
    if STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        options = STORAGES["default"]["OPTIONS"]
        if options.get("custom_domain"):
            origins.append(f"https://{options['custom_domain']}")
        elif options.get("endpoint_url"):
            origins.append(origin_of(options["endpoint_url"]))
    origins += env_list("DJANGO_CSP_IMG_SRC", [])
    return sorted({origin for origin in origins if origin})


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *image_origins()],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# What the pages never use, refused to them and to anything they might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# --- Backups (manage.py backup / restore, make backup / make restore) ----------------------------
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR") or BASE_DIR / "backups")
