from django.core.management.base import BaseCommand
from django.db import transaction

from content.demo import load_article_source
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenu de démonstration à jour : {len(places)} lieux, programme "
                f"« {programme} », visite « {visit} »."
            )
        )
