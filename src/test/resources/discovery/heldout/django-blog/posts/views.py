import requests
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from .models import Comment, Post


def home(request):
    latest = Post.objects.exclude(published=None).order_by("-published")[:5]
    return render(request, "home.html", {"latest": latest})


class PostListView(ListView):
    model = Post
    paginate_by = 10


class PostDetailView(DetailView):
    model = Post


def _is_spam(text):
    try:
        resp = requests.post(settings.SPAMCHECK_URL, json={"text": text}, timeout=2)
        return resp.json().get("spam", False)
    except requests.RequestException:
        return False


def comments(request, slug):
    post = get_object_or_404(Post, slug=slug)
    if request.method == "POST":
        text = request.POST.get("text", "")
        if not _is_spam(text):
            Comment.objects.create(post=post, text=text)
    return JsonResponse({"comments": list(post.comments.values("id", "text"))})


def archive(request, year, month):
    posts = Post.objects.filter(published__year=int(year), published__month=int(month))
    return render(request, "archive.html", {"posts": posts, "year": year, "month": month})


def draft_preview(request, rest):
    if not request.user.is_staff:
        raise Http404
    slug = rest.rstrip("/").split("/")[-1]
    return render(request, "draft.html", {"post": get_object_or_404(Post, slug=slug)})


def legacy_redirect(request, pk=None):
    return HttpResponsePermanentRedirect(f"/blog/{pk}/" if pk else "/blog/")
