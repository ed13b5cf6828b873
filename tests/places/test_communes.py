"""The commune list: the commands that rebuild and load it, and the commune filter of /lieux/."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from places.communes import reference
from places.models import Commune, Place
from tests import factories

pytestmark = pytest.mark.django_db


# --- rebuild_communes and load_communes ------------------------------------------------


def entry(code, name, department, region, kind="commune-actuelle", **extra):
    return {
        "code": code,
        "nom": name,
        "departement": department,
        "region": region,
        "type": kind,
        "codesPostaux": extra.pop("postcodes", []),
        **extra,
    }


def tiny_source(tmp_path):
    """Five communes as the npm package publishes them, plus what the site leaves out."""
    entries = [
        entry("14137", "Carpiquet", "14", "28", postcodes=["14650"], population=3500),
        entry(
            "14118",
            "Caen",
            "14",
            "28",
            postcodes=["14000"],
            anciensCodes=["14167"],
            population=108000,
        ),
        entry("14999", "Nouvelle-Commune", "14", "28", postcodes=["14990"], population=12),
        entry("75056", "Paris", "75", "11", postcodes=["75018"], population=2100000),
        entry(
            "75118",
            "Paris 18e Arrondissement",
            "75",
            "11",
            kind="arrondissement-municipal",
            commune="75056",
            postcodes=["75018"],
        ),
        entry("14120", "Cairon", "14", "28", kind="commune-deleguee", chefLieu="14137"),
        # A collectivité d'outre-mer is not a department: left out.
        entry("97502", "Saint-Pierre", "975", "975", postcodes=["97500"]),
    ]
    path = tmp_path / "communes.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def run(*args):
    output = StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


def test_rebuild_writes_the_compact_file_and_loads_the_table(tmp_path):
    colombelles = Commune.objects.get(code="14167", kind="COM")
    place = factories.place(commune=colombelles)
    target = tmp_path / "communes.csv"
    before = Commune.objects.count()

    output = run("rebuild_communes", str(tiny_source(tmp_path)), "--target", str(target), "--force")

    assert "6 communes écrites dans" in output
    assert (
        f"Communes : 2 créées, 4 mises à jour, {before - 4} supprimées ; 1 lieu rangé sous la "
        "commune qui a repris son code." in output
    )
    rows = list(reference.read(target))
    assert [(row["code"], row["type"]) for row in rows] == [
        ("14118", "COM"),
        ("14120", "COMD"),
        ("14137", "COM"),
        ("14999", "COM"),
        ("75056", "COM"),
        ("75118", "ARM"),
    ]
    assert Commune.objects.count() == 6
    assert Commune.objects.get(code="14120").parent.code == "14137"
    assert Commune.objects.get(code="75118").parent.code == "75056"
    assert Commune.objects.get(code="14999").search_text == "nouvelle commune 14990 14999"
    place.refresh_from_db()
    assert (place.commune.code, place.commune_code, place.commune_name) == (
        "14118",
        "14118",
        "Caen",
    )
    assert not (tmp_path / "communes.csv.nouveau").exists()


def test_rebuild_refuses_a_list_much_shorter_than_the_table(tmp_path):
    target = tmp_path / "communes.csv"
    before = Commune.objects.count()
    with pytest.raises(CommandError, match="Rien n'a changé : la source compte 6 communes"):
        run("rebuild_communes", str(tiny_source(tmp_path)), "--target", str(target))
    assert Commune.objects.count() == before
    assert not target.exists()
    assert not (tmp_path / "communes.csv.nouveau").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pas du JSON", "Lecture impossible"),
        ('[{"code": "14137"}]', "n'est pas la liste des communes"),
    ],
)
def test_rebuild_says_in_french_what_is_wrong_with_the_source(tmp_path, content, message):
    source = tmp_path / "communes.json"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("rebuild_communes", str(source), "--target", str(tmp_path / "out.csv"))


def test_load_communes_is_idempotent():
    assert run("load_communes") == (
        "Communes : 0 créée, 0 mise à jour, 0 supprimée ; 0 lieu rangé sous la commune qui a "
        "repris son code.\n"
    )


def test_load_communes_repairs_a_table_edited_by_hand():
    carpiquet = Commune.objects.get(code="14137", kind="COM")
    Commune.objects.filter(pk=carpiquet.pk).update(name="Carpiquette", postcodes="")
    Commune.objects.create(
        code="14998", kind="COM", name="Fantôme", department=carpiquet.department
    )
    output = run("load_communes")
    assert output.startswith("Communes : 0 créée, 1 mise à jour, 1 supprimée")
    carpiquet.refresh_from_db()
    assert (carpiquet.name, carpiquet.postcodes) == ("Carpiquet", "14650")
    assert not Place.objects.exists()


# --- The commune filter of /lieux/ -----------------------------------------------------

LIST_URL = reverse("places:list")


def commune(code):
    return Commune.objects.get(code=code, kind__in=Commune.PLACE_KINDS)


@pytest.fixture
def places_by_commune():
    return {
        code: factories.place(name=name, commune=commune(code))
        for code, name in [
            ("14137", "Le hangar de Carpiquet"),
            ("14118", "Le WIP"),
            ("75118", "La Recyclerie"),
            ("75111", "Anticafé"),
            ("69383", "La Cordée Lyon"),
            ("50129", "Le Cotentin numérique"),
        ]
    }


def names(response):
    return sorted(place.name for place in response.context_data["places"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14137", ["Le hangar de Carpiquet"]),
        ("Carpiquet", ["Le hangar de Carpiquet"]),
        ("CARPIQUET", ["Le hangar de Carpiquet"]),
        ("carpiquet", ["Le hangar de Carpiquet"]),
        ("Carpiquet (14650) — Calvados", ["Le hangar de Carpiquet"]),
        ("75056", ["Anticafé", "La Recyclerie"]),
        ("Paris", ["Anticafé", "La Recyclerie"]),
        ("75118", ["La Recyclerie"]),
        ("75018", ["La Recyclerie"]),
        ("Paris 18e", ["La Recyclerie"]),
        ("paris 75018", ["La Recyclerie"]),
        ("Lyon 3ème", ["La Cordée Lyon"]),
        ("69123", ["La Cordée Lyon"]),
        ("50173", ["Le Cotentin numérique"]),
        ("Cherbourg-Octeville", ["Le Cotentin numérique"]),
        ("st germain en laye", []),
    ],
)
def test_commune_filter(client, places_by_commune, value, expected):
    response = client.get(LIST_URL, {"commune": value})
    assert response.status_code == 200
    assert names(response) == expected


def test_commune_filter_says_which_commune_it_understood(client, places_by_commune):
    response = client.get(LIST_URL, {"commune": "carpiquet"})
    assertContains(response, "Commune : Carpiquet (14650) — Calvados.")
    response = client.get(LIST_URL, {"commune": "50173"})
    assertContains(
        response,
        "50173 est le code d&#x27;une ancienne commune, aujourd&#x27;hui dans la commune "
        "Cherbourg-en-Cotentin.",
    )
    response = client.get(LIST_URL, {"commune": "Cherbourg-Octeville"})
    assertContains(
        response,
        "« Cherbourg-Octeville » fait aujourd&#x27;hui partie de la commune Cherbourg-en-Cotentin.",
    )


def test_an_insee_code_that_is_also_a_postcode_points_to_both(client, places_by_commune):
    # 14650 is the INSEE code of Saint-Pierre-du-Fresne and Carpiquet's postcode.
    response = client.get(LIST_URL, {"commune": "14650"})
    assert names(response) == []
    assertContains(response, "Commune : Saint-Pierre-du-Fresne (14260) — Calvados.")
    assertContains(response, "14650 est aussi le code postal de : Carpiquet (14650) — Calvados.")


def test_homonyms_are_all_listed_until_a_department_narrows_them(client):
    colombes = [
        factories.place(name=f"Lieu {code}", commune=commune(code)) for code in ("17319", "05135")
    ]
    response = client.get(LIST_URL, {"commune": "Sainte-Colombe"})
    assert names(response) == sorted(place.name for place in colombes)
    assertContains(response, "Plusieurs communes s&#x27;appellent ainsi")
    response = client.get(LIST_URL, {"commune": "Sainte-Colombe", "departement": "17"})
    assert names(response) == ["Lieu 17319"]


def test_places_with_a_code_but_no_commune_row_are_found_by_code(client):
    factories.place(name="Sans commune", commune_code="14137", commune_name="Carpiquet")
    assert names(client.get(LIST_URL, {"commune": "14137"})) == ["Sans commune"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Zzzville", "Aucune commune ne correspond à « Zzzville »."),
        ("99999", "Aucune commune n&#x27;a le code INSEE ou le code postal 99999."),
        ("carp", "« carp » désigne plusieurs communes : Carpentras (84200) — Vaucluse"),
        ("!!!", "Tapez le nom d&#x27;une commune, son code postal ou son code INSEE."),
        ("x" * 101, "Assurez-vous que cette valeur comporte au plus 100 caractères"),
    ],
)
def test_unknown_or_invalid_commune_is_a_french_message_not_a_500(
    client, places_by_commune, value, message
):
    response = client.get(LIST_URL, {"commune": value})
    assertContains(response, message, status_code=400)
    assertContains(response, "Les filtres contiennent une erreur", status_code=400)


def test_list_query_count_with_the_commune_filter_is_one_more(
    client, places_by_commune, django_assert_num_queries
):
    # Without it, the pinned count of test_views (the options of the selects, which check the
    # department; the page with its count; no cover photo to read here); with it, the one
    # query that resolves the commune.
    with django_assert_num_queries(2):
        client.get(LIST_URL, {"departement": "14"})
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"departement": "14", "commune": "14137"})
    assert names(response) == ["Le hangar de Carpiquet"]
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"departement": "75", "commune": "Paris"})
    assert len(names(response)) == 2


def test_place_page_links_its_commune_to_the_list(
    client, places_by_commune, django_assert_num_queries
):
    place = places_by_commune["14137"]
    # Place, photos, sources, provenances, awards, visits: as in test_views.
    with django_assert_num_queries(6):
        response = client.get(place.get_absolute_url())
    assertContains(response, f'<a href="{LIST_URL}?commune=14137">14650 Carpiquet</a>')
    listed = client.get(f"{LIST_URL}?commune=14137")
    assert names(listed) == ["Le hangar de Carpiquet"]
