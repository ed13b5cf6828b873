from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visites officielles")

    def ready(self):
        from content.sections import PageSection, register
        from pagecache import registry
        from visits import editorial
        from visits.models import Visit

        def visits_received(place):
            visits = Visit.objects.published().filter(stops__place=place).distinct()
            # Read here, once: the section lists them and the timeline dates them, by their
            # title, address and date only.
            visits = visits.only("title", "slug", "date", "date_precision").order_by("-date")
            return {"visits": list(visits)}

        def visits_dated(place, context):
            return [
                (visit.when, "visit", _("Visite officielle : %s") % visit.title)
                for visit in context["visits"]
            ]

        def announced_during(programme):
            visits = Visit.objects.published().filter(announcements__programme=programme)
            return {"visits": visits.distinct().order_by("-date")}

        register(
            "place",
            PageSection(
                "visits/_place_visits.html", context=visits_received, timeline=visits_dated
            ),
        )
        register(
            "programme", PageSection("visits/_programme_visits.html", context=announced_during)
        )

        editorial.register_rules()
        registry.watch_app(self)
        registry.register_pages("visits:list", "visits:detail", "visits:feed", "visits:calendar")
