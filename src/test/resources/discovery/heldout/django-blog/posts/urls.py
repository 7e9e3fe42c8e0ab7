from django.urls import path, re_path

from . import views

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("<int:pk>/", views.PostDetailView.as_view(), name="detail"),
    path("<slug:slug>/comments/", views.comments, name="comments"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.archive,
        name="archive",
    ),
    # drafts are previewed by arbitrary nested path, e.g. drafts/2024/spring/launch
    path("drafts/<path:rest>", views.draft_preview, name="draft-preview"),
]
