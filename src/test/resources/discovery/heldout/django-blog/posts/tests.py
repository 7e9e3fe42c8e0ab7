from django.test import TestCase


class PostViewsTest(TestCase):
    def test_missing_post_404(self):
        self.assertEqual(self.client.get("/blog/999/").status_code, 404)

    def test_legacy_entries_not_routed(self):
        self.assertEqual(self.client.get("/blog/entries/1/").status_code, 404)

    def test_api_list(self):
        self.assertEqual(self.client.get("/api/v1/posts/").status_code, 200)
