"""The commune list: the commands that rebuild and load it, and the commune filter of /lieux/."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
