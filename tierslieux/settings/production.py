"""Public deployment behind HTTPS: `DJANGO_SETTINGS_MODULE=tierslieux.settings.production`.

Refuses to start without an explicit secret key and host list, and passes
`manage.py check --deploy` with no warning.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from tierslieux.settings import *  # noqa: F403
from tierslieux.settings import env_bool, env_int, env_list

if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY est obligatoire en production.")
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS est obligatoire en production.")

DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", False)

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The load balancer polls each app server's health check over plain HTTP, behind the TLS it
# terminates: a redirect would not tell it the server is up.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# The TLS proxy in front of gunicorn tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
