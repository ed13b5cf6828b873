"""What staff do in the admin, step by step, as a person does it with the mouse and keys."""

import re

from playwright.sync_api import expect

PASSWORD = "mot-de-passe-solide-42"  # tests/factories.py's


def field(text):
    """The admin's labels end with a (non-breaking) space and a colon."""
    return re.compile(rf"^{re.escape(text)}\W*$")


def log_in_through_the_form(page, username):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    page.get_by_label(re.compile(r"^Nom d.utilisateur")).fill(username)
    page.get_by_label(field("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("#site-name")).to_contain_text("Tiers-lieux")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def pick_in_autocomplete(page, field, typed, choice):
    """Django's admin autocomplete (select2): open it, type, pick the suggestion."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=choice).first.click()
    expect(page.locator(f"#select2-id_{field}-container")).to_contain_text(choice)


def publish_from_the_list(page, name):
    """Tick the place's row in the change list and run the "Publier la sélection" action."""
    page.goto("/admin/places/place/")
    page.get_by_role("row", name=re.compile(re.escape(name))).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Publier la sélection")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
