import json

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt

from posts.models import Post

FIELDS = ("id", "title", "slug", "published")


@csrf_exempt
def post_list(request):
    if request.method == "POST":
        data = json.loads(request.body)
        post = Post.objects.create(**data)
        return JsonResponse({"id": post.pk}, status=201)
    return JsonResponse({"results": list(Post.objects.values(*FIELDS))})


@csrf_exempt
def post_detail(request, pk):
    post = get_object_or_404(Post, pk=pk)
    if request.method == "DELETE":
        post.delete()
        return JsonResponse({}, status=204)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "DELETE"])
    return JsonResponse({f: getattr(post, f) for f in FIELDS}, json_dumps_params={"default": str})


def author_detail(request, author_id):
    posts = Post.objects.filter(author_id=author_id).values(*FIELDS)
    return JsonResponse({"author": str(author_id), "posts": list(posts)}, json_dumps_params={"default": str})
