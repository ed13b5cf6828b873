from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("", views.recent_changes, name="recent_changes"),
    path(
        "restaurer/<str:app_label>/<str:model_name>/<int:history_id>/",
        views.restore_deleted,
        name="restore_deleted",
    ),
]
