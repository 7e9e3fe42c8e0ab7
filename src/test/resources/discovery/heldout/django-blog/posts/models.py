from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    body = models.TextField()
    published = models.DateTimeField(null=True, blank=True)
    author_id = models.UUIDField()

    def get_absolute_url(self):
        return f"/blog/{self.pk}/"


class Comment(models.Model):
    post = models.ForeignKey(Post, related_name="comments", on_delete=models.CASCADE)
    text = models.TextField()
