"""A test-only app with its own Photo subclass, standing in for visits.VisitPhoto.

It proves that a subclass of photos.models.Photo in any app gets the whole photo pipeline
(checks, processing, renditions, clean-up, the management command, admin thumbnails) with no
code beyond its foreign key.
"""
