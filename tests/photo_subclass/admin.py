from django.contrib import admin

from content.admin_input import AdminInputMixin
from photos.admin import PhotoAdmin, PhotoInline
from tests.photo_subclass.models import Album, AlbumPhoto


class AlbumPhotoInline(PhotoInline):
    model = AlbumPhoto


@admin.register(Album)
class AlbumAdmin(AdminInputMixin, admin.ModelAdmin):
    search_fields = ["title"]
    inlines = [AlbumPhotoInline]


@admin.register(AlbumPhoto)
class AlbumPhotoAdmin(PhotoAdmin):
    parent_field = "album"
