from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "dev-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["blog.example.com", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "posts",
    "api",
    "feeds",
]

ROOT_URLCONF = "blog_site.urls"
APPEND_SLASH = True

# Where the comment-spam checker lives (outbound calls only)
SPAMCHECK_URL = "https://spamcheck.example.net/api/v2/check/"

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
LOGIN_URL = "/accounts/login/"
STATIC_URL = "static/"
