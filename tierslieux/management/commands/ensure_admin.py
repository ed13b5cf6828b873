import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Crée le compte local « admin » s'il n'existe pas, avec DJANGO_SUPERUSER_PASSWORD "
        "ou un mot de passe généré, affiché une seule fois."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Le compte « {USERNAME} » existe déjà.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(USERNAME, email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Compte « {USERNAME} » créé. "
                    f"Mot de passe (affiché une seule fois) : {password}"
                )
            )
        else:
            self.stdout.write(
                f"Compte « {USERNAME} » créé avec le mot de passe de DJANGO_SUPERUSER_PASSWORD."
            )
