from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RenderingConfig(AppConfig):
    name = "base.rendering"
    label = "rendering"
    verbose_name = _("文档渲染")

    def ready(self):
        from base.rendering.fonts import check_cjk_fonts, check_document_faces, use_font_folder

        use_font_folder()
        checks.register(check_cjk_fonts)
        # with the deployment checklist only: an Info printed by every migrate and runserver
        # would be noise, and would break the one-line start-up errors
        checks.register(check_document_faces, deploy=True)
