"""The site's headline figures, as the home page shows them and the admin's dashboard repeats."""

from django.db.models import Count

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Lifecycle, Place


def headline_figures():
    """Published places and the departments they are in, published programmes, and the
    national count of tiers-lieux (latest observed, furthest target): three queries. Closed
    places keep their pages but are not counted among the site's places."""
    places = (
        Place.objects.published()
        .exclude(lifecycle=Lifecycle.CLOSED)
        .aggregate(places=Count("pk"), departments=Count("department", distinct=True))
    )
    return {
        "place_count": places["places"],
        "department_count": places["departments"],
        "programme_count": Programme.objects.published().count(),
        **Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))),
    }
