"""The filter form folds behind « Filtrer (n) » on phones: its count and when it is open."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def panel(response):
    return re.search(
        r'<details class="filters-panel".*?</summary>', response.content.decode(), re.S
    ).group(0)


def summary_text(response):
    text = re.sub(r"<[^>]+>", "", panel(response).split("<summary", 1)[1].split(">", 1)[1])
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", ["places:list", "funding:list", "visits:list"])
def test_every_list_folds_its_form_behind_a_closed_summary(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert summary_text(response) == "Filtrer"
    assert " open" not in panel(response).split(">", 1)[0]


def test_the_summary_counts_the_active_filters_for_sighted_and_screen_reader_users(client):
    factories.place(commune_name="Caen")
    response = client.get(reverse("places:list"), {"q": "caen", "departement": "14", "type": ""})
    assert summary_text(response) == "Filtrer (2 filtres actifs)"
    assert '(2<span class="visually-hidden"> filtres actifs</span>)' in panel(response)


def test_one_filter_is_singular_and_the_sort_order_is_not_a_filter(client):
    response = client.get(reverse("places:list"), {"region": "28", "tri": "ouverture"})
    assert summary_text(response) == "Filtrer (1 filtre actif)"


def test_a_form_in_error_is_open_to_show_its_message(client):
    response = client.get(reverse("visits:list"), {"annee": "1500"})
    assert response.status_code == 400
    assert panel(response).startswith('<details class="filters-panel" open>')
    assert summary_text(response) == "Filtrer (1 filtre actif)"
