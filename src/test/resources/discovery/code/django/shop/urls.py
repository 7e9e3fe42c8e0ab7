from django.urls import path

from . import views

app_name = "shop"
urlpatterns = [
    path("products/", views.products),
    path("products/<int:pk>/", views.product),
    path("products/<slug:slug>/reviews/", views.reviews),
]
