"""The site's headline figures, as the home page shows them and the admin's dashboard repeats."""

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places import tally


def headline_figures():
    """Published places and the departments they are in, published programmes, and the
    national count of tiers-lieux (latest observed, furthest target): three queries, the same
    at any number of places (places.tally). Closed places keep their pages but are not
    counted among the site's places."""
    place_count, department_count = tally.public_counts()
    return {
        "place_count": place_count,
        "department_count": department_count,
        "programme_count": Programme.objects.published().count(),
        **Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))),
    }
