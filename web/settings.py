"""Django settings for Gongkai, read from the environment (see docs/settings.md).

Production mode is DEBUG off: then SECRET_KEY and ALLOWED_HOSTS are required and every
transport-security setting is on, so that `manage.py check --deploy` is clean.
"""

from pathlib import Path

from django.utils.csp import CSP

from web import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.flag("DEBUG", default=False)

SECRET_KEY = env.text("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise env.SettingsError("SECRET_KEY: must be set when DEBUG is off (production mode)")
    SECRET_KEY = env.development_secret(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise env.SettingsError("ALLOWED_HOSTS: must be set when DEBUG is off (production mode)")
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "base.organisation.login_throttle_app.LoginThrottleConfig",  # django-axes
    "django_otp",  # the second factor (web/two_factor.py)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "web",  # before viewflow: its templates override a few of viewflow's
    "viewflow",
    "viewflow.workflow",
    "base.organisation",
    "base.workdays",
    "base.audit",
    "base.rendering",
    "base.privacy",
    "interpretation",
    "proposals",
    "applications",
    "publications",
    "reports",
    "supervision",
    "workflows",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # administrators and the roles TWO_FACTOR_ROLES names give a one-time code too
    "web.two_factor.RequireSecondFactor",
    # Every view needs a login unless it is marked public (@login_not_required): a new
    # staff view cannot be exposed by forgetting a decorator.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "web.middleware.TaskConflictMiddleware",
    # a public page asked too often from one address: the 429 page (web/limits.py)
    "django_ratelimit.middleware.RatelimitMiddleware",
    # last: turns a login refused by the throttle into the 429 login page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "organisation.Person"
LOGIN_URL = "/staff/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Chinese dates come from Django (2026年11月29日); English ones from web/formats/en
FORMAT_MODULE_PATH = ["web.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(VAR_DIR / "media")))
# where an office puts its licensed document fonts (方正小标宋简体, 仿宋_GB2312…):
# base/rendering/fonts.py
FONT_DIR = Path(env.text("FONT_DIR", str(VAR_DIR / "fonts")))
# Where the public portal is reached from outside: the infographics' QR codes point there.
PUBLIC_BASE_URL = env.text("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# The Prefect API the web app and the workers talk to; empty means a local ephemeral Prefect.
PREFECT_API_URL = env.text("PREFECT_API_URL", "")

# Where publications go besides the built-in portal (docs/sync-protocol.md, docs/settings.md).
PUBLICATION_TARGETS = {}
if env.text("SITE_PUSH_URL"):
    if not env.text("SITE_PUSH_SECRET"):
        raise env.SettingsError("SITE_PUSH_SECRET: must be set with SITE_PUSH_URL (signatures)")
    PUBLICATION_TARGETS["site"] = {
        "ENGINE": "publications.targets.http.Push",
        "URL": env.text("SITE_PUSH_URL"),
        "SECRET": env.text("SITE_PUSH_SECRET"),
    }
# The portal as static files (web/portal/export.py), rebuilt by the publish pipeline and
# served by nginx (deploy/nginx.conf). Empty: no static export.
STATIC_EXPORT_ROOT = env.text("STATIC_EXPORT_ROOT", str(VAR_DIR / "export"))
if STATIC_EXPORT_ROOT:
    PUBLICATION_TARGETS["export"] = {
        "ENGINE": "web.portal.export.StaticExport",
        "ROOT": STATIC_EXPORT_ROOT,
        "MAX_PAGES": env.integer("STATIC_EXPORT_MAX_PAGES", 0, minimum=0),
    }
# Deliveries one publish run makes at once (threads, each with its own database connection).
PUBLICATION_WORKERS = env.integer("PUBLICATION_WORKERS", 8, minimum=1)
# Deliveries one publish run claims at most; what is left goes to the next run or worker.
PUBLICATION_CLAIM_LIMIT = env.integer("PUBLICATION_CLAIM_LIMIT", 5000, minimum=1)
# A worker holds a delivery this long; a dead worker's deliveries are taken over after it.
PUBLICATION_LEASE_SECONDS = env.integer("PUBLICATION_LEASE_SECONDS", 600)
# Retries inside one run, with exponential backoff and jitter; the next sweep tries again.
PUBLICATION_RETRIES = env.integer("PUBLICATION_RETRIES", 4)
PUBLICATION_RETRY_SECONDS = float(env.text("PUBLICATION_RETRY_SECONDS", "2"))
# 政府信息公开目录: how 索引号 are made, and the code a unit without one publishes under
CATALOGUE_INDEX_RULE = env.index_rule("CATALOGUE_INDEX_RULE", "{code}/{year}-{serial:05d}")
CATALOGUE_FALLBACK_CODE = env.text("CATALOGUE_FALLBACK_CODE", "").strip().upper()

MAILERS = {"default": env.mailer(DEBUG)}
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Content Security Policy: scripts only from our own static files (no inline script, no eval);
# inline styles stay allowed for viewflow's theme colours and its components' style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "script-src": [CSP.SELF],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (base/organisation/throttle.py, django-axes): LOGIN_FAILURE_LIMIT failed
# logins for one username or from one address within LOGIN_COOLOFF_MINUTES lock both out
# until that many minutes have passed since the last failure; the audit log records it.
LOGIN_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_MINUTES = env.integer("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AUTHENTICATION_BACKENDS = [
    "base.organisation.throttle.LoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
    # signing in with the province's identity; only its callback asks it (no password)
    "web.province_login.ProvinceAccounts",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # axes reads a float as hours
# A name is locked only at the address that failed with it, and an address that fails too
# often is locked whatever names it tries: a stranger cannot keep a clerk locked out from
# elsewhere. What this leaves, slow guessing at one name from many addresses, is why
# administrators also need a second factor (web/two_factor.py). README: Logins.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "base.organisation.throttle.AuditedAttempts"
AXES_LOCKOUT_CALLABLE = "base.organisation.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "base.organisation.throttle.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged; lockouts go to the audit log
AXES_VERBOSE = False

# Signing in with the province's identity (省统一身份认证, OpenID Connect; web/province_login.py,
# docs/settings.md): on when OIDC_ISSUER is set. The endpoints left empty are discovered from
# the issuer; a provider's account signs in only as an existing active person, linked by its
# `sub` (base/organisation/identity.py), the first time by OIDC_LINK_CLAIM if set.
OIDC_ISSUER = env.text("OIDC_ISSUER", "")
OIDC_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = env.text("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.text("OIDC_RP_CLIENT_SECRET", "")
if OIDC_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise env.SettingsError("OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET: needed with OIDC_ISSUER")
OIDC_RP_SIGN_ALGO = env.text("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env.text("OIDC_RP_SCOPES", "openid profile email")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.text("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env.text("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env.text("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env.text("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_TOKEN_USE_BASIC_AUTH = env.flag("OIDC_TOKEN_USE_BASIC_AUTH", default=False)
OIDC_LINK_CLAIM = env.text("OIDC_LINK_CLAIM", "")
OIDC_LINK_FIELD = env.text("OIDC_LINK_FIELD", "username")
if OIDC_LINK_FIELD not in ("username", "email"):
    raise env.SettingsError(f"OIDC_LINK_FIELD: username or email, got {OIDC_LINK_FIELD!r}")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "province_login_callback"

# Behind the TLS proxy (nginx): trust its X-Forwarded-Proto and, for the login throttle, the
# client address it appends to X-Forwarded-For.
BEHIND_TLS_PROXY = env.flag("BEHIND_TLS_PROXY", default=False)

if not DEBUG:
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    # WeasyPrint announces every rendering step at INFO, httpx every request (Prefect's too)
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

# Largest upload accepted anywhere (attachments, imports), in bytes.
UPLOAD_MAX_BYTES = env.integer("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# A second factor at login (web/two_factor.py): for administrators, and for the roles named
# (Role values, e.g. "openness_reviewer,issuing_leader").
TWO_FACTOR_ADMINISTRATORS = env.flag("TWO_FACTOR_ADMINISTRATORS", default=True)
TWO_FACTOR_ROLES = env.listing("TWO_FACTOR_ROLES")
OTP_TOTP_ISSUER = "湛江市政务公开工作平台"

# Per address and minute on the public side (web/limits.py); counted in the "shared" cache.
PUBLIC_RATE_LIMITS = {
    "search": env.text("RATE_LIMIT_SEARCH", "30/m"),
    "api": env.text("RATE_LIMIT_API", "120/m"),
    "feeds": env.text("RATE_LIMIT_FEEDS", "60/m"),
    "feedback": env.text("RATE_LIMIT_FEEDBACK", "10/m"),
    "apply": env.text("RATE_LIMIT_APPLY", "10/m"),
}
RATELIMIT_USE_CACHE = "shared"
RATELIMIT_VIEW = "web.limits.too_many_requests"
# What every process must count together: Redis when CACHE_URL names one (deploy/compose),
# else a table of the database (created by `migrate`'s companion `createcachetable`). The
# database cache's increment is read-then-write, so a burst from one address may pass a few
# requests over the limit; Redis counts exactly.
# The staff statistics are kept there too (reports/cache.py), so every worker reuses them.
# file:///a/directory keeps them in files instead.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": env.cache("CACHE_URL", "db://"),
}
# Rendered public pages kept there, under the state they show (web/portal/page_cache.py);
# the seconds bound how long an entry of a state nobody asks for any more stays. 0: off.
PORTAL_PAGE_CACHE_SECONDS = env.integer("PORTAL_PAGE_CACHE_SECONDS", 600, minimum=0)
if CACHES["shared"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["shared"]["BACKEND"] = "web.portal.page_cache.RedisCache"  # keeps its clients
# rows one import of suggestions or proposals may hold (a congress session brings hundreds)
IMPORT_MAX_ROWS = env.integer("IMPORT_MAX_ROWS", 5000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Policy interpretation (谁起草、谁解读): working days allowed at each step of the review chain,
# and for a form delivered after publication (a video, say).
INTERPRETATION_STEP_WORKING_DAYS = {
    "draft": 5,
    "sign_off": 3,
    "openness_review": 5,
    "legal_review": 5,
    "issue": 3,
}
INTERPRETATION_LATER_FORM_WORKING_DAYS = 3
# The proposal board (办理进度总览) shows a share amber this many working days before its
# reply is due; the reminders themselves follow REMINDER_WORKING_DAYS below.
PROPOSAL_REMINDER_WORKING_DAYS = env.integer("PROPOSAL_REMINDER_WORKING_DAYS", 5)
# Supervision (督办): open work is reminded this many working days before its due date, once
# per threshold, and once more when it is overdue (supervision/reminders.py).
REMINDER_WORKING_DAYS = env.listing("REMINDER_WORKING_DAYS", "5,1")
if not all(days.isdecimal() for days in REMINDER_WORKING_DAYS):
    raise env.SettingsError(
        "REMINDER_WORKING_DAYS: expected whole numbers of working days separated by commas, "
        f"e.g. 5,1; got {env.text('REMINDER_WORKING_DAYS')!r}"
    )
REMINDER_WORKING_DAYS = sorted({int(days) for days in REMINDER_WORKING_DAYS}, reverse=True)

# Event notices (notifications/): the outbox the `notices` deployment sends every minute;
# docs/settings.md and README "通知渠道 / Notice channels".
NOTICE_EMAIL = {
    # printed to the log instead of sent where Django's mail goes to the console
    "CONSOLE": MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"),
    "HOST": env.text("EMAIL_HOST", "localhost"),
    "PORT": env.integer("EMAIL_PORT", 25),
    "USER": env.text("EMAIL_USER", ""),
    "PASSWORD": env.text("EMAIL_PASSWORD", ""),
    # insecure (plain SMTP), starttls or ssl
    "MODE": env.text("NOTICE_EMAIL_MODE", "starttls" if env.flag("EMAIL_USE_TLS") else "insecure"),
    "FROM": DEFAULT_FROM_EMAIL,
}
# The work-chat services' addresses, where not the vendors' own (an intranet relay; 政务微信's
# private deployment, which a robot may also name itself).
NOTICE_ROBOT_BASE_URLS = {
    kind: env.text(f"NOTICE_{kind.upper()}_URL", "")
    for kind in ("wecom", "govwecom", "dingtalk", "feishu")
}
# an hour of the day: 24 would fail only when a digest is queued, and the notice be lost
NOTICE_DIGEST_HOUR = env.integer("NOTICE_DIGEST_HOUR", 8, minimum=0, maximum=23)
NOTICE_MAX_ATTEMPTS = env.integer("NOTICE_MAX_ATTEMPTS", 6, minimum=1)
NOTICE_RETRY_SECONDS = env.integer("NOTICE_RETRY_SECONDS", 60, minimum=0)
NOTICE_LEASE_SECONDS = env.integer("NOTICE_LEASE_SECONDS", 300, minimum=1)
NOTICE_CLAIM_LIMIT = env.integer("NOTICE_CLAIM_LIMIT", 5000, minimum=1)
# The proposers' text messages (notifications/sms.py); empty URL: no SMS.
SMS_GATEWAY = {
    "URL": env.text("SMS_GATEWAY_URL", ""),
    "TOKEN": env.text("SMS_GATEWAY_TOKEN", ""),
    "SIGN": env.text("SMS_GATEWAY_SIGN", ""),
    "TEMPLATE": env.text("SMS_GATEWAY_TEMPLATE", ""),
}
# A proposer who has not answered this many working days after the reply letter went out
# is reminded once, with the same personal link.
FEEDBACK_REMINDER_DAYS = env.integer("FEEDBACK_REMINDER_DAYS", 10, minimum=1)
