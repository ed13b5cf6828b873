import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from content import search
from pagecache.choices import CachedChoicesMixin

SEARCH_MAX_LENGTH = 200


class SearchFilterSet(CachedChoicesMixin, django_filters.FilterSet):
    """The `q` text search every public list offers: every word must match, as a prefix, case,
    accents and elided articles ignored, results by relevance (see content.search); longer than
    200 characters is a form error. The
    options of the select filters come from the page cache (pagecache.choices)."""

    search_placeholder = ""
    # Filters that order the list rather than narrow it: not counted among the active filters.
    ordering_filters = ()

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_text",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.search_placeholder:
            self.filters["q"].field.widget.attrs["placeholder"] = self.search_placeholder

    def filter_text(self, queryset, name, value):
        # By relevance: an ordering filter of the FilterSet may sort the rows otherwise after.
        return search.search(queryset, value)

    @property
    def searching(self):
        """Whether the visitor's query has words to search (the rows are then by relevance)."""
        if not self.is_bound:
            return False
        return search.parse(self.data.get("q", "")) is not None

    @property
    def active_count(self):
        """How many filters the visitor set, for the folded form's « Filtrer (2) ». Read from the
        request rather than the cleaned data, so that a value in error counts too."""
        if not self.is_bound:
            return 0
        return sum(
            1
            for name in self.filters
            if name not in self.ordering_filters and str(self.data.get(name) or "").strip()
        )
