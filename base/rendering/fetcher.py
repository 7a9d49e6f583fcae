"""What WeasyPrint may fetch while it renders: our own static files and inline data, nothing
else.

A PDF is made from text people typed. If any of it ever reached the HTML as markup, a
`file:///etc/passwd` image, an `http://127.0.0.1` stylesheet or a `<link rel=attachment>`
would make the renderer read the server's files or network. Templates escape user text;
this fetcher is the second wall: every URL that is not `data:` or `static:<path of one of
our static files>` is refused, and WeasyPrint leaves the resource out.
"""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC = "static:"


def static_url(path):
    """The URL a render template uses for one of our static files."""
    return f"{STATIC}{path}"


class OwnFilesOnly(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        if url.startswith(STATIC):
            return self.static(url.removeprefix(STATIC))
        return super().fetch(url, headers)  # data: only; any other scheme raises

    @staticmethod
    def static(path):
        path = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        found = None if ".." in Path(path).parts else finders.find(path)
        if not found:
            raise ValueError(f"not one of our static files: {path}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(
            STATIC + path, Path(found).read_bytes(), {"Content-Type": content_type}
        )
