"""Template side of `content.seo`: what base.html needs to write the head of every page."""

import django_filters
from django import template
from django.templatetags.static import static

from content import seo

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside are found by {% extends %} (it walks `nodelist`), so a child template's
    # {% block title %} fills the capture and base.html can write it in several tags.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """`{% capture page_title %}{% block title %}…{% endblock %}{% endcapture %}`: renders its
    content once into a variable (already escaped) instead of the page."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Usage : {% capture nom %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.filter
def meta_text(text, limit=seo.DESCRIPTION_LENGTH):
    """`{{ page_description|meta_text }}`: one line, cut at 200 characters; `meta_text:0` for
    no cut (titles)."""
    return seo.meta_text(text, int(limit))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute address; a list page (a FilterSet in its context) keeps its filters
    and its page number, nothing else."""
    request = context["request"]
    filterset = context.get("filter")
    keep = list(filterset.filters) if isinstance(filterset, django_filters.FilterSet) else []
    page = context.get("page_obj")
    return seo.canonical_url(request, keep, page.number if page is not None else None)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """A path (or an address already absolute, e.g. a photo on S3) made absolute."""
    return context["request"].build_absolute_uri(url) if url else ""


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))
