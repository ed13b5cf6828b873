"""The options of the list filters (regions, departments, kinds, services, funders, years,
offices), read from the cache: a page built again after a change costs no query for them."""

from django import forms
from django.utils.choices import BaseChoiceIterator

from pagecache.fragments import fragment


class CachedChoices(BaseChoiceIterator):
    """A select's options, kept as (value, label) text under the content version and built by
    going through `source` (the widget's own options: a queryset, a function) on a miss.

    Only what is shown is cached: the field still checks a submitted value against the
    database, so a form in error says the same as before. A lazy choice iterator, as Django
    keeps it unread until the select is drawn: checking a form alone (the API, the downloads)
    reads no option.
    """

    def __init__(self, name, source):
        self.name = name
        self.source = source
        self._options = None

    def _build(self):
        return [(str(value), str(label)) for value, label in self.source]

    def __iter__(self):
        if self._options is None:
            self._options = fragment("choices", [self.name], self._build)
        return iter(self._options)


def is_dynamic(filter_, field):
    """Options read from the database, by a queryset, a function or a choice iterator."""
    choices = filter_.extra.get("choices") if hasattr(filter_, "extra") else None
    return (
        isinstance(field, forms.ModelChoiceField)
        or callable(choices)
        or isinstance(choices, BaseChoiceIterator)
    )


class CachedChoicesMixin:
    """For django-filter FilterSets: the options of their select filters come from the cache.

    The options must not depend on the request: they are kept per FilterSet class and filter.
    """

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_pagecache_choices", False):
            form._pagecache_choices = True
            owner = f"{type(self).__module__}.{type(self).__qualname__}"
            for name, field in form.fields.items():
                filter_ = self.filters.get(name)
                if filter_ is not None and is_dynamic(filter_, field):
                    field.widget.choices = CachedChoices(f"{owner}.{name}", field.widget.choices)
        return form
