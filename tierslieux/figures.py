"""The site's headline figures, as the home page shows them and the admin's dashboard repeats."""

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Place


def headline_figures():
    """Published places and the departments they are in, published programmes, and the
    national count of tiers-lieux (latest observed, furthest target): four queries."""
    published = Place.objects.published()
    return {
        "place_count": published.count(),
        "department_count": published.values("department").distinct().count(),
        "programme_count": Programme.objects.published().count(),
        **Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))),
    }
