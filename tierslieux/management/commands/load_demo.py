from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content.demo import load_article_source, publish
from funding import demo as funding_demo
from places import demo as places_demo
from visits import demo as visits_demo


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (la visite d'août 2021 près de Caen). "
        "Sans effet s'il est déjà chargé."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        source = load_article_source()
        places = places_demo.load(source)
        programme = funding_demo.load(source)
        visit = visits_demo.load(source, places, programme)
        # Rows are written as drafts, then published whole, under the editorial rules.
        try:
            publish([*places.values(), programme, visit])
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenu de démonstration à jour : {len(places)} lieux, programme "
                f"« {programme} », visite « {visit} »."
            )
        )
