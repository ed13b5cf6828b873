"""Bring every photo's files in line with its row, for every photo model of every app.

- renditions missing from the storage, or not those the current widths call for, are made again
  from the stored master;
- a master never processed (uploaded before the photo pipeline existed) is processed now: made
  upright, stripped of EXIF and GPS, given renditions, and the old file is deleted;
- files under the photo folder that no row points to are listed (and deleted on request).
"""

import datetime
from collections import Counter
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from photos.registry import photo_models
from photos.storage import missing_renditions, rebuild_renditions, stored_files


class Command(BaseCommand):
    help = (
        "Refait les déclinaisons manquantes des photos, traite les fichiers jamais traités "
        "et liste les fichiers orphelins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Ne rien écrire ni supprimer : dire seulement ce qui serait fait.",
        )
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="Supprimer les fichiers orphelins (voir --min-age).",
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help=(
                "Âge minimal, en minutes, d'un fichier orphelin supprimé (60 par défaut) : "
                "un envoi en cours n'est jamais touché."
            ),
        )

    def handle(self, *args, dry_run=False, delete_orphans=False, min_age=60, **options):
        self.dry_run = dry_run
        self.counts = Counter()
        # Replaced files are deleted when their transaction commits: not orphans.
        self.replaced = set()
        storages = {}
        referenced = {}
        for model in photo_models():
            storage = model._meta.get_field("image").storage
            key = id(storage)
            storages[key] = storage
            names = referenced.setdefault(key, set())
            rows = model._default_manager.exclude(image="").order_by("pk")
            for photo in rows.iterator(chunk_size=200):
                self.counts["photos"] += 1
                self.check_photo(photo)
                names.update(photo.stored_file_names())

        orphans = [
            (storage, name)
            for key, storage in storages.items()
            for name in stored_files(storage)
            if name not in referenced[key] and name not in self.replaced
        ]
        self.report_orphans(orphans, delete_orphans and not dry_run, min_age)
        self.stdout.write(
            "Photos vérifiées : {photos}. Déclinaisons refaites : {rebuilt}. "
            "Fichiers traités : {processed}. Fichiers introuvables : {missing}. "
            "Fichiers refusés : {refused}. Fichiers orphelins : {orphans} "
            "(supprimés : {deleted}).".format(
                **{
                    key: self.counts[key]
                    for key in (
                        "photos",
                        "rebuilt",
                        "processed",
                        "missing",
                        "refused",
                        "orphans",
                        "deleted",
                    )
                }
            )
        )

    def describe(self, photo):
        return f"{photo._meta.verbose_name} n° {photo.pk} ({photo.image.name})"

    def check_photo(self, photo):
        storage = photo.image.storage
        if not storage.exists(photo.image.name):
            self.counts["missing"] += 1
            self.stderr.write(f"Fichier introuvable : {self.describe(photo)}.")
            return
        if not photo.sha256:
            self.process_master(photo)
        elif missing_renditions(photo):
            self.counts["rebuilt"] += 1
            self.stdout.write(f"Déclinaisons refaites : {self.describe(photo)}.")
            if not self.dry_run:
                with transaction.atomic():
                    self.replaced.update(rebuild_renditions(photo))

    def process_master(self, photo):
        """A file stored before uploads were processed: process it as if uploaded now."""
        description = self.describe(photo)
        if self.dry_run:
            self.counts["processed"] += 1
            self.stdout.write(f"Fichier à traiter : {description}.")
            return
        previous = photo.stored_file_names()
        with photo.image.storage.open(photo.image.name, "rb") as master:
            data = master.read()
        photo.image = ContentFile(data, name=PurePosixPath(photo.image.name).name)
        try:
            with transaction.atomic():
                photo.save()
        except ValidationError as error:
            photo.refresh_from_db()
            self.counts["refused"] += 1
            self.stderr.write(f"Fichier refusé : {description} : {' '.join(error.messages)}")
            return
        self.replaced.update(previous)
        self.counts["processed"] += 1
        self.stdout.write(f"Fichier traité : {description} → {photo.image.name}.")

    def report_orphans(self, orphans, delete, min_age):
        self.counts["orphans"] = len(orphans)
        if not orphans:
            return
        self.stdout.write(f"Fichiers orphelins ({len(orphans)}) :")
        threshold = timezone.now() - datetime.timedelta(minutes=min_age)
        for storage, name in orphans:
            if delete and storage.get_modified_time(name) <= threshold:
                storage.delete(name)
                self.counts["deleted"] += 1
                self.stdout.write(f"  {name} (supprimé)")
            else:
                self.stdout.write(f"  {name}")
