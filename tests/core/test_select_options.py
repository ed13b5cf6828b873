"""The options of a filter select: escaped, the chosen one selected, and never stale although
their markup is kept between pages."""

from django import forms

from content.templatetags.site_tags import select_options


def options(choices, value=None):
    class Form(forms.Form):
        field = forms.ChoiceField(choices=choices, required=False)

    return str(select_options(Form({"field": value} if value is not None else None)["field"]))


DEPARTMENTS = [("", "Tous"), ("14", "Calvados (14)"), ("2A", "Corse-du-Sud (2A)")]


def test_the_chosen_option_alone_is_selected():
    assert options(DEPARTMENTS, "2A").splitlines() == [
        '<option value="">Tous</option>',
        '<option value="14">Calvados (14)</option>',
        '<option value="2A" selected>Corse-du-Sud (2A)</option>',
    ]


def test_drawing_a_choice_leaves_the_next_page_unselected():
    options(DEPARTMENTS, "14")
    # Without a value, the empty choice is the chosen one, as Django's own select draws it.
    assert options(DEPARTMENTS).count("selected") == 1
    assert options(DEPARTMENTS, "").splitlines()[0] == '<option value="" selected>Tous</option>'


def test_an_unknown_value_selects_nothing():
    assert "selected" not in options(DEPARTMENTS, "99")


def test_values_and_labels_are_escaped():
    markup = options([("a&b", 'Atelier "<b>" & co')], "a&b")
    assert (
        markup == '<option value="a&amp;b" selected>Atelier &quot;&lt;b&gt;&quot; &amp; co</option>'
    )


def test_a_renamed_option_shows_its_new_name():
    options(DEPARTMENTS, "14")
    renamed = [("", "Tous"), ("14", "Calvados (Normandie)"), ("2A", "Corse-du-Sud (2A)")]
    assert '<option value="14" selected>Calvados (Normandie)</option>' in options(renamed, "14")
    assert "Calvados (14)" in options(DEPARTMENTS)
