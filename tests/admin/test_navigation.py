"""The admin's models grouped by task, each role seeing only the groups it may work in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
# tests/photo_subclass is an app of the tests only: no group names it, so it lands in « Autres ».
TEST_ONLY = {"Autres": ["Albums", "Photos d'album"]}


def groups(client, url=INDEX):
    response = client.get(url)
    assert response.status_code == 200
    return {
        app["name"]: [str(model["name"]) for model in app["models"]]
        for app in response.context["available_apps"]
    }


def test_the_superuser_sees_every_group_in_task_order(admin_client):
    assert groups(admin_client) == {
        "Lieux": ["Lieux", "Photos du lieu", "Imports de lieux", "Jeux de données"],
        "Financements": [
            "Programmes de financement",
            "Lignes budgétaires",
            "Subventions",
            "Financeurs",
            "Indicateurs",
        ],
        "Visites": ["Visites", "Photos de la visite"],
        "Pages du site": ["Pages du site", "Messages reçus"],
        "Référentiels": [
            "Régions",
            "Départements",
            "Communes",
            "Types de lieux",
            "Services",
            "Labels",
            "Personnes",
        ],
        "Sources": ["Sources"],
        "Comptes": [
            "Utilisateurs",
            "Groupes",
            "Tentatives de connexion",
            "Échecs de connexion",
            "Connexions",
            "Journal des exports",
        ],
        **TEST_ONLY,
    }


def test_editors_see_the_content_groups_and_no_accounts(editor_client, editor):
    seen = groups(editor_client)
    assert "Comptes" not in seen
    assert list(seen) == [
        "Lieux",
        "Financements",
        "Visites",
        "Pages du site",
        "Référentiels",
        "Sources",
    ]
    assert seen["Lieux"][0] == "Lieux"
    # Each model shown is one the group's permissions open.
    for app in editor_client.get(INDEX).context["available_apps"]:
        for model in app["models"]:
            opts = model["model"]._meta
            assert editor.has_perm(f"{opts.app_label}.view_{opts.model_name}") or editor.has_perm(
                f"{opts.app_label}.change_{opts.model_name}"
            )


def test_the_groups_are_in_the_side_menu_of_every_page(admin_client):
    seen = groups(admin_client, reverse("admin:places_place_changelist"))
    assert list(seen)[:3] == ["Lieux", "Financements", "Visites"]


def test_an_application_page_still_lists_its_own_models(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["places"]))
    assert response.status_code == 200
    names = [str(model["name"]) for model in response.context["app_list"][0]["models"]]
    assert "Régions" in names and "Lieux" in names
