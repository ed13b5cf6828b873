"""Every error of the API in French, as JSON: `{"detail": "…"}` or, for filters, by field."""

from django.http import Http404
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


class TooManyRequests(exceptions.Throttled):
    """DRF formats its « Expected available in N seconds » before translating it, so it stays
    in English: the whole sentence is written here instead."""

    def __init__(self, wait=None):
        if wait is None:
            detail = "Trop de requêtes : réessayez plus tard."
        else:
            wait = max(1, int(-(-wait // 1)))  # whole seconds, rounded up
            detail = ngettext(
                "Trop de requêtes : réessayez dans %(wait)d seconde.",
                "Trop de requêtes : réessayez dans %(wait)d secondes.",
                wait,
            ) % {"wait": wait}
        super().__init__(detail=detail)
        self.wait = wait


def exception_handler(exc, context):
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, TooManyRequests):
        exc = TooManyRequests(exc.wait)
    elif isinstance(exc, Http404):
        # Django's « No Place matches the given query. » is neither French nor useful.
        exc = exceptions.NotFound("Aucun contenu publié ne correspond à cette adresse.")
    return drf_exception_handler(exc, context)
