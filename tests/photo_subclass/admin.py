from django.contrib import admin

from tests.photo_subclass.models import Album, AlbumPhoto
from tierslieux.admin import PhotoAdmin, PhotoInline


class AlbumPhotoInline(PhotoInline):
    model = AlbumPhoto


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    search_fields = ["title"]
    inlines = [AlbumPhotoInline]


@admin.register(AlbumPhoto)
class AlbumPhotoAdmin(PhotoAdmin):
    parent_field = "album"
