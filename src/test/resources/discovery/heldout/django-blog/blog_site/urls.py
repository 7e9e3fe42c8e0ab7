"""Root URL configuration for blog_site.

    /            -> landing page
    /blog/...    -> posts app
    /api/v1/...  -> JSON API
"""
from django.urls import include, path, re_path

from feeds import views as feed_views
from posts import views as post_views

urlpatterns = [
    path("", post_views.home, name="home"),
    path("blog/", include("posts.urls")),
    path("api/v1/", include("api.urls")),
    re_path(r"^feeds/(?P<kind>rss|atom)/$", feed_views.feed, name="feed"),
    path("sitemap.xml", feed_views.sitemap, name="sitemap"),
]
