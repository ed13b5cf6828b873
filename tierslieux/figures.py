"""The site's headline figures, as the home page shows them and the admin's dashboard repeats."""

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Lifecycle, Place


def headline_figures():
    """Published places and the departments they are in, published programmes, and the
    national count of tiers-lieux (latest observed, furthest target): four queries. Closed
    places keep their pages but are not counted among the site's places.

    Places and departments are counted apart: `COUNT(DISTINCT department)` in the same
    aggregate sorts every public place, while the distinct departments alone are found from
    an index (at 100 000 places on SQLite, 23 ms for the one aggregate, 10 ms for both)."""
    places = Place.objects.published().exclude(lifecycle=Lifecycle.CLOSED).order_by()
    return {
        "place_count": places.count(),
        "department_count": places.values("department").distinct().count(),
        "programme_count": Programme.objects.published().count(),
        **Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))),
    }
