from django.db import models

from photos.models import Photo


class Album(models.Model):
    # Kept in this app: an app without migrations cannot point to a migrated one.
    title = models.CharField(max_length=100)

    class Meta:
        # The admin's autocomplete pages through albums: in a stable order.
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class AlbumPhoto(Photo):
    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = "photo d'album"
        verbose_name_plural = "photos d'album"
