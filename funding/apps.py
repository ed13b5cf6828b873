from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Financements")

    def ready(self):
        import datetime

        from content.dates import DatePrecision, PartialDate
        from content.models import published_filter
        from content.sections import PageSection, register
        from funding import editorial
        from pagecache import registry

        def awards_of(place):
            # Awards of draft programmes stay off the public page, like the programmes. A join,
            # not `line__programme__in=<published>`, and only what the section shows. Read
            # here, once: the section lists them and the timeline dates them.
            awarded = place.awards.filter(published_filter("line__programme__"))
            awarded = awarded.select_related("line__programme").only(
                *("place_id", "amount", "year", "round"),
                *("line__name", "line__order", "line__programme__name", "line__programme__slug"),
            )
            # A place's few awards are sorted here, in the model's order (the latest year
            # first, undated ones last): ordering across two joins cost the database's query
            # a quarter of its time.
            return {"awards": sorted(awarded.order_by(), key=award_order)}

        def award_order(award):
            year, line = award.year, award.line
            return (year is None, -(year or 0), line.programme.name, line.order, award.pk)

        def awards_received(_place, context):
            # An award is dated by its year only; one without a year has no place in time.
            return [
                (
                    PartialDate(datetime.date(award.year, 1, 1), DatePrecision.YEAR),
                    "award",
                    _("Financement « %(programme)s » (%(line)s)")
                    % {"programme": award.line.programme.name, "line": award.line.name},
                )
                for award in context["awards"]
                if award.year
            ]

        register(
            "place",
            PageSection("funding/_place_awards.html", context=awards_of, timeline=awards_received),
        )

        editorial.register_rules()
        registry.watch_app(self)
        registry.register_pages("funding:list", "funding:detail", "figures")
