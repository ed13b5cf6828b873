"""When content next becomes visible by itself: the first scheduled publication of any model."""

from django.apps import apps

from content.models import Publishable, Status


def next_publication(now):
    """The earliest `published_at` after `now` of a published row of any Publishable model
    (one query for all of them), or None."""
    moments = [
        model.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    if not moments:
        return None
    first = moments[0].union(*moments[1:]).order_by("published_at")[:1]
    return next(iter(first), None)
