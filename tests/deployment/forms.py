"""What a browser would post back from a page's form: every field with its current value.

Reading the form from the page, rather than listing its fields in the test, keeps the
admin's inlines, hidden management forms and split date widgets exactly as Django drew them.
"""

from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


class FormReader(HTMLParser):
    """The fields of the first form whose id (or action) is given, as (name, value) pairs."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields = []
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and not self.done and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type", "text") not in SKIPPED_TYPES:
            if attributes.get("type") in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value") or "on"))
            else:
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self.option = attributes.get("value")
            self.fields.append((self.select, self.option or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            name, value = self.textarea
            self.fields.append((name, value.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside = False
            self.done = True


def form_fields(html, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    if not reader.done:
        raise AssertionError(f"pas de formulaire #{form_id} dans la page")
    return reader.fields


def with_values(fields, **values):
    """The fields with some replaced (or added): one value each for the names given."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())
