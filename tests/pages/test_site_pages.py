"""The accessibility statement and the legal notice: default texts, staff edits, the admin."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from pages import defaults
from pages.models import SitePage
from tests.page_head import read_head

pytestmark = pytest.mark.django_db


def test_accessibility_statement_follows_the_rgaa_layout_by_default(client):
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    for text in [
        "<h1>Déclaration d&#x27;accessibilité</h1>",
        "<h2>État de conformité</h2>",
        "<strong>partiellement conforme</strong>",
        "% des critères du RGAA",
        "<h2>Contenus non accessibles</h2>",
        "<h3>Non-conformités</h3>",
        "<h3>Dérogations pour charge disproportionnée</h3>",
        "<h3>Contenus non soumis à l'obligation d'accessibilité</h3>",
        "<h2>Établissement de cette déclaration d'accessibilité</h2>",
        "axe-core, exécuté par Playwright avec Chromium",
        "Lighthouse",
        "vérifications manuelles au clavier",
        "<li>HTML</li>",
        "<li>JavaScript (carte des lieux)</li>",
        "<h3>Pages du site ayant fait l'objet de la vérification de conformité</h3>",
        '<a href="/lieux/l-atelier-normand/">Fiche d\'un lieu</a>',
        "<h2>Retour d'information et contact</h2>",
        '<a href="/contact/">formulaire de contact</a>',
        "<h2>Voies de recours</h2>",
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>',
        '<a href="https://www.defenseurdesdroits.fr/saisir/delegues">',
        "Libre réponse 71120, 75342 Paris CEDEX 07",
    ]:
        assertContains(response, text)
    # What only the operator knows stays visibly marked until it is filled in.
    assertContains(response, '<mark class="to-complete">[À compléter : taux]</mark>')


def test_legal_notice_names_the_publisher_host_licences_and_photo_policy(client):
    response = client.get("/mentions-legales/")
    for text in [
        "<h2>Éditeur</h2>",
        "<h2>Directeur ou directrice de la publication</h2>",
        "<h2>Hébergement</h2>",
        '<mark class="to-complete">[À compléter : nom de l\'hébergeur]</mark>',
        "Licence Ouverte 2.0",
        "CGET – Mission Coworking, base des tiers-lieux",
        "code officiel géographique de l'INSEE et codes postaux de La Poste",
        "Etalab",
        '<a href="https://www.geonames.org/">GeoNames</a>',
        "CC BY 4.0",
        "Chaque photo publiée affiche son crédit",
        "souhaitez qu'il soit corrigé\nou retiré",
        '<a href="/contact/">formulaire de contact</a>',
    ]:
        assertContains(response, text)


def test_every_page_links_the_three_pages_from_its_footer(client):
    for url in ["/", "/lieux/", "/contact/", "/accessibilite/"]:
        response = client.get(url)
        footer = response.content.decode().split('<footer class="site-footer">')[1]
        assert '<a href="/accessibilite/">Accessibilité : partiellement conforme</a>' in footer
        assert '<a href="/mentions-legales/">Mentions légales</a>' in footer
        assert '<a href="/contact/">Contact</a>' in footer


def test_staff_edits_show_up_and_html_is_never_interpreted(client):
    page = SitePage.objects.get(slug="mentions-legales")
    page.title = "Mentions légales du site"
    page.description = "Qui publie ce site."
    page.body = (
        "## Éditeur\n\nAgence nationale de la cohésion des territoires\n\n"
        "<script>alert('x')</script> <b>gras ?</b> [piège](javascript:alert(1))"
    )
    page.save()
    response = client.get("/mentions-legales/")
    assertContains(response, "<h1>Mentions légales du site</h1>")
    assertContains(response, "<p>Agence nationale de la cohésion des territoires</p>")
    assertContains(response, "&lt;script&gt;alert('x')&lt;/script&gt;")
    assertContains(response, "&lt;b&gt;gras ?&lt;/b&gt;")
    assertNotContains(response, "<script>alert")
    assertNotContains(response, 'href="javascript:')
    head = read_head(response)
    assert head.title.startswith("Mentions légales du site — ")
    assert head.meta["description"] == "Qui publie ce site."


def test_a_level_one_heading_in_the_text_does_not_compete_with_the_page_title(client):
    SitePage.objects.filter(slug="accessibilite").update(body="# Titre\n\nTexte.")
    content = client.get("/accessibilite/").content.decode()
    assert content.count("<h1") == 1
    assert "<h2>Titre</h2>" in content


def test_a_missing_page_answers_with_its_default_text(client):
    SitePage.objects.filter(slug="accessibilite").delete()
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    assertContains(response, "<strong>partiellement conforme</strong>")


@pytest.mark.parametrize("url", ["/accessibilite/", "/mentions-legales/"])
def test_site_page_query_count(client, django_assert_num_queries, url):
    # Pinned: the page's row, nothing else.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200


def test_the_migration_created_the_three_pages_with_their_defaults():
    pages = {page.slug: page for page in SitePage.objects.all()}
    assert set(pages) == {"accessibilite", "mentions-legales", "contact"}
    for slug, values in defaults.PAGES.items():
        assert pages[slug].body == values["body"]


# Admin


def test_editors_edit_the_pages_text_but_never_add_or_delete_pages(editor_client):
    changelist = editor_client.get("/admin/pages/sitepage/")
    assert changelist.status_code == 200
    assertContains(changelist, '<a href="/accessibilite/">Voir la page')
    assertContains(changelist, "9, dont [À compléter : nom de l&#x27;éditeur du site]")
    assertNotContains(changelist, "/admin/pages/sitepage/add/")
    page = SitePage.objects.get(slug="contact")
    change_url = f"/admin/pages/sitepage/{page.pk}/change/"
    assertContains(editor_client.get(change_url), "Voir sur le site")
    response = editor_client.post(
        change_url,
        {"title": "Nous écrire", "description": "Écrire à l'équipe.", "body": "Bonjour."},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.title, page.slug) == ("Nous écrire", "contact")
    assertContains(editor_client.get("/contact/"), "<p>Bonjour.</p>")
    assert editor_client.get(f"/admin/pages/sitepage/{page.pk}/delete/").status_code == 403


def test_restoring_the_default_text(editor_client):
    page = SitePage.objects.get(slug="accessibilite")
    SitePage.objects.filter(pk=page.pk).update(body="Effacé par erreur.")
    response = editor_client.post(
        "/admin/pages/sitepage/",
        {"action": "restore_defaults", "_selected_action": [page.pk]},
        follow=True,
    )
    assertContains(response, "Texte par défaut rétabli.")
    page.refresh_from_db()
    assert page.body == defaults.ACCESSIBILITY["body"]


def test_the_sitemap_lists_the_three_pages(client):
    content = client.get("/sitemap.xml").content.decode()
    for path in ("/accessibilite/", "/mentions-legales/", "/contact/"):
        assert f"<loc>http://testserver{path}</loc>" in content
