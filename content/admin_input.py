"""What staff type in a changelist's or an autocomplete's address never causes a server error.

Django's changelist already sends a filter it cannot apply back to the list with « ?e=1 », but
only for errors raised while the filters are applied. Two kinds of values get through and fail
later, when the rows are read: a NUL character (PostgreSQL refuses it in any text) and a year
outside 1–9999 in a `__year` lookup (`?updated_at__year=99999`, allowed on any date field of
the model), whose bounds Python cannot compute. Every ModelAdmin of the site inherits this
mixin, the auth ones included (tierslieux/admin.py).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models.constants import LOOKUP_SEP

from content.models import Searchable

NUL = "\x00"
# What the search reads, kept up to date by save(): nothing staff filter on (an exact lookup on
# the full-text vector is even invalid SQL on SQLite).
SEARCH_COLUMNS = {*Searchable.SEARCH_FIELDS, "search_vector"}


def has_nul(query):
    return any(NUL in text for key, values in query.lists() for text in (key, *values))


class AdminInputMixin:
    def get_changelist_instance(self, request):
        if has_nul(request.GET):
            raise IncorrectLookupParameters("NUL character in the query string")
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            # Raised while the count and the page's rows are read (the lookups compile to SQL
            # only then): the same answer Django gives a filter that fails earlier.
            raise IncorrectLookupParameters(error) from error

    def lookup_allowed(self, lookup, value, request):
        if lookup.split(LOOKUP_SEP)[0] in SEARCH_COLUMNS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of every form that points at this model searches here too.
        return super().get_search_results(request, queryset, search_term.replace(NUL, ""))
