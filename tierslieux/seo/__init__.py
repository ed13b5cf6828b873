"""What each public page tells search engines and link previews: titles, descriptions, JSON-LD.

It sits in the project, on top of the layers, because it describes pages of every app, as the
sitemaps do; the generic part (canonical addresses, escaping) is `content.seo`.
"""
