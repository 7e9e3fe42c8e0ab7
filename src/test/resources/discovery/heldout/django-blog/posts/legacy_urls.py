"""URL patterns of the pre-2022 blog.

Not included from blog_site/urls.py any more; kept only so that
`manage.py check_redirects` can compute the old -> new mapping.
"""
from django.urls import path

from . import views

urlpatterns = [
    path("entries/<int:pk>/", views.legacy_redirect),
    path("entries/", views.legacy_redirect),
]
