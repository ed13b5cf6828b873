"""Compressed pages for visitors (Django's GZipMiddleware), never for logged-in staff.

BREACH guesses a secret from the size of compressed pages that also reflect the attacker's
text. Pages for anonymous visitors hold no secret but the CSRF token of a form, which Django
masks anew in every response (and its gzip output is padded with random bytes); staff pages
hold what staff alone may read, so they are sent as they are.
"""

from django.middleware.gzip import GZipMiddleware


class VisitorGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
