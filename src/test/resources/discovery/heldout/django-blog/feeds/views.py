from django.http import HttpResponse

from posts.models import Post

SITE = "https://blog.example.com"


def feed(request, kind):
    items = Post.objects.exclude(published=None).order_by("-published")[:20]
    content_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    body = "".join(f"<item><link>{SITE}/blog/{p.pk}/</link></item>" for p in items)
    return HttpResponse(f"<feed>{body}</feed>", content_type=content_type)


def sitemap(request):
    urls = "".join(f"<url><loc>{SITE}/blog/{p.pk}/</loc></url>" for p in Post.objects.all())
    return HttpResponse(f"<urlset>{urls}</urlset>", content_type="application/xml")
