"""A mixin for review pages (Django FormViews) whose texts will be published: the page shows
`privacy/panel.html` and takes the panel's actions at its own URL, so that a review step
needs no URL of its own. It knows no flow: the page says which texts it publishes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from base.privacy import review


class RedactionMixin:
    def privacy_texts(self):
        """The PublishedTexts this page reviews."""
        raise NotImplementedError

    def privacy_enabled(self):
        return True

    def privacy_notices(self):
        """What of the page's files the detector could not read (`file_review.Notice`s)."""
        return []

    def get_context_data(self, **kwargs):
        if self.privacy_enabled() and "privacy" not in kwargs:
            kwargs["privacy"] = review.panel(self.privacy_texts(), notices=self.privacy_notices())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.privacy_enabled() and review.is_action(request.POST):
            return self.privacy_action(request)
        return super().post(request, *args, **kwargs)

    def privacy_action(self, request):
        texts = self.privacy_texts()
        try:
            message = review.handle(request.user, texts, request.POST)
        except ValidationError as error:
            privacy = review.panel(
                texts, getattr(error, "form", None), error.messages, self.privacy_notices()
            )
            return self.render_to_response(self.get_context_data(privacy=privacy))
        messages.success(request, message)
        return HttpResponseRedirect(request.get_full_path() + "#pd")
