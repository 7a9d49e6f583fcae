"""我的期限 in a calendar app (`supervision.calendar_feed`): the feed at its secret address,
public like the proposer's feedback link (the key is the credential), and the 我的待办 card's
actions that make, replace or stop the address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from supervision import calendar_feed
from web.limits import limited

LANGUAGES = dict(settings.LANGUAGES)


@login_not_required
@never_cache
@require_safe
@limited("feeds")
def feed(request, key, language):
    person = calendar_feed.person_for(key)
    if person is None or language not in LANGUAGES:
        raise Http404
    text = calendar_feed.calendar_in(person, language, settings.PUBLIC_BASE_URL)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gongkai.ics"'
    return response


@require_POST
def subscription(request):
    """`action` new: a fresh address (the old one stops), said once; stop: no address."""
    person = request.user
    if request.POST.get("action") == "stop":
        calendar_feed.revoke(person)
        messages.info(request, _("日历订阅地址已停用，原地址不再返回任何内容。"))
    else:
        key = calendar_feed.new_key(person)
        path = reverse("calendar_feed", args=[key, get_language()])
        address = settings.PUBLIC_BASE_URL.rstrip("/") + path
        messages.info(
            request,
            _("新的日历订阅地址（只显示这一次，请复制到日历应用中订阅；原地址已停用）：%(address)s")
            % {"address": address},
        )
    return redirect("staff:index")
