from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Financements")

    def ready(self):
        from django.db.models import Prefetch

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

        register("place", PageSection("funding/_place_awards.html", prefetch=awards))

        editorial.register_rules()
        registry.watch_app(self)
        registry.register_pages("funding:list", "funding:detail", "figures")
