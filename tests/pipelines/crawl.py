"""Walks every public page, feed, API page and the sitemap, as a crawler would, and returns
what it read: {path: text}. PDFs are read as their text."""

import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from pypdf import PdfReader

SEEDS = [
    "/",
    "/policies/",
    "/replies/",
    "/search/?q=湛江",
    "/feeds/all.atom",
    "/feeds/all.rss",
    "/feeds/policy.atom",
    "/feeds/interpretation.rss",
    "/feeds/reply.atom",
    "/sitemap.xml",
    "/api/publications/",
    "/api/openapi.json",
]
NEVER = ("/staff/", "/admin/", "/feedback/", "/i18n/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def links_in(path, content_type, text):
    if "html" in content_type:
        parser = Links()
        parser.feed(text)
        found = parser.found
    elif "xml" in content_type:
        found = re.findall(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"|url=\"([^\"]+)\"", text)
        found = [next(part for part in match if part) for match in found]
    elif "json" in content_type:
        found = re.findall(r"\"(?:url|next|previous)\": \"([^\"]+)\"", text)
    else:
        found = []
    for link in found:
        parts = urlsplit(urljoin(f"http://testserver{path}", link))
        if parts.scheme in ("http", "https") and parts.hostname in ("testserver", "127.0.0.1"):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def as_text(content_type, body):
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if content_type.startswith("image/"):
        return ""
    text = body.decode("utf-8")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def crawl(client, limit=3000):
    seen, queue, read = set(), list(SEEDS), {}
    while queue:
        path = queue.pop(0)
        if path in seen or path.startswith(NEVER):
            continue
        seen.add(path)
        assert len(seen) <= limit, "the portal has more pages than the crawl limit"
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        if response.status_code != 200:
            continue
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = as_text(content_type, body)
        read[path] = text
        queue.extend(links_in(path, content_type, text))
    return read
