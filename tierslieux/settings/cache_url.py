"""`CACHE_URL` → Django's `CACHES["default"]`, for the four kinds of cache the site is run with.

- `file:///chemin/absolu` — files in a folder, shared by the worker processes of one machine;
- `redis://hôte:6379/0` (or `rediss://`, `redis://:mot-de-passe@hôte:6379/0`) — Django's own
  Redis backend, shared by several machines; the URL goes to redis-py as it is;
- `locmem://` — each process its own memory: for one process only (tests, `runserver`);
- `dummy://` — nothing is kept: every page is built again, the page cache is off.

`?max_entries=N` and `?cull_frequency=N` set the options of the file and memory caches.
Hand-written rather than django-cache-url: that package rebuilds Redis URLs without their user
name and passes query options through as text, where Django's backends take the URL as it is.
"""

from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
INTEGER_OPTIONS = {"max_entries": "MAX_ENTRIES", "cull_frequency": "CULL_FREQUENCY"}
EXAMPLES = "file:///chemin, redis://hôte:6379/0, locmem:// ou dummy://"


def parse(url):
    """The CACHES entry `url` describes, or ImproperlyConfigured in French."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL : type de cache inconnu {scheme or url!r} (attendu : {EXAMPLES})."
        )
    config = {"BACKEND": BACKENDS[scheme]}
    if scheme in {"redis", "rediss"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"CACHE_URL : il manque l'hôte Redis dans {url!r}.")
        config["LOCATION"] = url.strip()
        return config
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise ImproperlyConfigured(
                f"CACHE_URL : un cache en fichiers prend un chemin absolu, file:///… ({url!r})."
            )
        config["LOCATION"] = parts.path
    elif scheme == "locmem":
        config["LOCATION"] = parts.netloc + parts.path
    options = {}
    for name, value in parse_qsl(parts.query):
        if name not in INTEGER_OPTIONS:
            raise ImproperlyConfigured(f"CACHE_URL : option inconnue {name!r} dans {url!r}.")
        try:
            options[INTEGER_OPTIONS[name]] = int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"CACHE_URL : {name} doit être un nombre entier, reçu {value!r}."
            ) from exc
    if options and scheme != "dummy":
        config["OPTIONS"] = options
    return config


def from_environment(environ, default_folder):
    """`CACHE_URL`, else the former DJANGO_CACHE_BACKEND and DJANGO_CACHE_LOCATION, else files in
    `default_folder`: worker processes share them, where each would have its own memory."""
    url = (environ.get("CACHE_URL") or "").strip()
    if url:
        return parse(url)
    backend = (environ.get("DJANGO_CACHE_BACKEND") or "").strip()
    location = (environ.get("DJANGO_CACHE_LOCATION") or "").strip()
    if backend or location:
        return {
            "BACKEND": backend or BACKENDS["file"],
            "LOCATION": location or str(default_folder),
        }
    # A page of the site takes some 30 KB: at most about 150 MB of files.
    return {
        "BACKEND": BACKENDS["file"],
        "LOCATION": str(default_folder),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
