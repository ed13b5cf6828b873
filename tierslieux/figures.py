"""The site's headline figures, as the home page shows them and the admin's dashboard repeats."""

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Lifecycle, Place


def headline_figures():
    """Published places and the departments they are in, published programmes, and the
    national count of tiers-lieux (latest observed, furthest target): four queries. Closed
    places keep their pages but are not counted among the site's places."""
    published = Place.objects.published().exclude(lifecycle=Lifecycle.CLOSED)
    return {
        "place_count": published.count(),
        "department_count": published.values("department").distinct().count(),
        "programme_count": Programme.objects.published().count(),
        **Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))),
    }
