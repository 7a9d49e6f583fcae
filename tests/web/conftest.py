import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """A temporary MEDIA_ROOT for the renditions and attachments that tests/web/publishing.py
    writes, and the public base URL the portal's absolute links start with."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.PUBLIC_BASE_URL = "https://gk.zhanjiang.gov.cn"
    return settings.MEDIA_ROOT
