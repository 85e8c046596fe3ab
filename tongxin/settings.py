"""Settings read from the environment.

`DATABASE_URL` selects PostgreSQL (psycopg 3); without it an embedded SQLite file in WAL mode
lives under `var/`. The secret key is generated on first run and kept in `var/secret_key`,
never committed.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TONGXIN_VAR_DIR", BASE_DIR.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("TONGXIN_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("TONGXIN_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("TONGXIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("TONGXIN_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tongxin.core",
    "tongxin.regions",
    "tongxin.domains",
    "tongxin.orgs",
    "tongxin.programs",
    "tongxin.accounts",
    "tongxin.projects",
    "tongxin.investments",
    "tongxin.pairings",
    "tongxin.matching",
    "tongxin.proposals",
    "tongxin.activities",
    "tongxin.sites",
    "tongxin.indicators",
    "tongxin.ingest",
    "tongxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongxin.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongxin.core.middleware.AuditSourceMiddleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

_sqlite_path = VAR_DIR / "tongxin.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{_sqlite_path}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies held in memory (form fields, JSON; uploaded files are not counted). Above the
# 20 MB text limit of ingest, with room for its encodings (JSON escapes a Chinese character as
# 6 bytes instead of 3), so that ingest refuses an oversized text with a message naming its limit
# instead of Django's bare "400 Bad Request".
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
WHITENOISE_USE_FINDERS = True

# E-mail (督办 reminders): sent only when an SMTP host is configured; without one, `tongxin remind`
# writes in-app notifications only.
EMAIL_HOST = os.environ.get("TONGXIN_EMAIL_HOST", "")
EMAIL_USE_TLS = os.environ.get("TONGXIN_EMAIL_USE_TLS", "1") == "1"
EMAIL_PORT = int(os.environ.get("TONGXIN_EMAIL_PORT") or (587 if EMAIL_USE_TLS else 25))
EMAIL_HOST_USER = os.environ.get("TONGXIN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TONGXIN_EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("TONGXIN_DEFAULT_FROM_EMAIL", "tongxin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# core reads grants through this function, so core never imports `accounts`.
TONGXIN_GRANTS_READER = "tongxin.accounts.grants.grants_for"
TONGXIN_PROGRAM_LINEAGE = "tongxin.programs.selectors.program_lineage"
TONGXIN_DEMO_PASSWORD = "tongxin-demo-2026"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
