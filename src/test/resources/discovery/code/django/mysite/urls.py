from django.contrib import admin
from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("shop/", include("shop.urls")),
    re_path(r"^legacy/(?P<year>[0-9]{4})/$", views.legacy),
]
