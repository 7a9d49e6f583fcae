from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RenderingConfig(AppConfig):
    name = "base.rendering"
    label = "rendering"
    verbose_name = _("文档渲染")

    def ready(self):
        from base.rendering.fonts import check_cjk_fonts

        checks.register(check_cjk_fonts)
