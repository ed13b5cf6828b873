from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Financements")

    def ready(self):
        import datetime

        from django.db.models import Prefetch

        from content.dates import DatePrecision, PartialDate
        from content.sections import PageSection, register
        from funding import editorial
        from funding.models import Award, Programme
        from pagecache import registry

        def awards():
            # Awards of draft programmes stay off the public page, like the programmes.
            published = Programme.objects.published()
            return Prefetch(
                "awards",
                queryset=Award.objects.filter(line__programme__in=published).select_related(
                    "line__programme"
                ),
            )

        def awards_received(place, _context):
            # An award is dated by its year only; one without a year has no place in time.
            return [
                (
                    PartialDate(datetime.date(award.year, 1, 1), DatePrecision.YEAR),
                    "award",
                    _("Financement « %(programme)s » (%(line)s)")
                    % {"programme": award.line.programme.name, "line": award.line.name},
                )
                for award in place.awards.all()
                if award.year
            ]

        register(
            "place",
            PageSection("funding/_place_awards.html", prefetch=awards, timeline=awards_received),
        )

        editorial.register_rules()
        registry.watch_app(self)
        registry.register_pages("funding:list", "funding:detail", "figures")
