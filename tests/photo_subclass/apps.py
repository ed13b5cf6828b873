from django.apps import AppConfig


class PhotoSubclassConfig(AppConfig):
    name = "tests.photo_subclass"
    label = "photo_subclass"
    default_auto_field = "django.db.models.BigAutoField"
