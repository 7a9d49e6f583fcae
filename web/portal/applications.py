"""依申请公开 on the portal: the application form (`/apply/`) and the applicant's personal
status page (`/apply/status/<key>/`), which the form redirects to with `?new=1` to show the
receipt once.

Unlike the rest of the portal nothing here is the same for every reader: the form carries a
CSRF token, the receipt and the status page a person's application. None of these views is
validated by `conditional`, so none is kept by the page cache (web/portal/page_cache.py);
the crawl behind the static export does not follow /apply/ (crawl.NOT_FOLLOWED), and the
sitemap lists none of them. The personal pages are never stored by a browser or a proxy, not
indexed, and send no Referer onwards: the key in their address is the applicant's credential.
"""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from applications import answer_files, deadlines, receiving
from applications.forms import ApplicationForm
from applications.models import Application
from base.forms import problems
from base.organisation.models import Unit, UnitKind
from web.portal.pages import not_found
from workflows.applications import downloads, services

ANSWER_DAYS = deadlines.ANSWER_DAYS
ACTOR = "portal:apply"
NEW = "new"  # the status page's flag for the redirect after submitting


def organ():
    """The organ the portal's applications go to: the city government's office (its
    政府信息公开工作机构 receives them), None while it is not set up."""
    offices = Unit.objects.filter(kind=UnitKind.GOVERNMENT_OFFICE, is_active=True)
    return offices.filter(parent_unit=None).order_by("rank", "pk").first()


def private(response):
    """A page holding what one person typed: not stored by a browser or a proxy, not indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def personal(response):
    """A page whose address holds the applicant's key: private, and no Referer onwards. (Not
    for the form: under no-referrer a browser posts it with `Origin: null`, which the CSRF
    check refuses, and the applicant correcting a mistake would be shown a 403.)"""
    private(response)["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    to = organ()
    if to is None:
        return not_found(request)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        with transaction.atomic():  # saved with its process, or not at all
            application, key = receiving.receive(form, to, actor=ACTOR)
            services.start(application)
        # Post/Redirect/Get: a refresh of what follows reloads the status page, not the POST
        response = HttpResponseRedirect(f"{status_path(key)}?{NEW}=1", status=303)
        return personal(response)
    context = {"form": form, "organ": to, "problems": problems(form), "days": ANSWER_DAYS}
    response = render(request, "portal/apply.html", context)
    return private(response) if form.is_bound else response


def status_path(key):
    return reverse("portal:apply-status", args=[key])


@login_not_required
@require_safe
def status(request, key):
    application = receiving.find(key)
    if application is None:
        return personal(not_found(request))
    context = {"application": application, **progress(application, key)}
    if request.GET.get(NEW):  # just submitted: the receipt, with the link to keep
        context["link"] = request.build_absolute_uri(status_path(key))
    return personal(render(request, "portal/apply_status.html", context))


def progress(application, key):
    """Where the application stands, in the applicant's words: the stage, the due date of
    the answer (暂定 while the calendar is provisional) and, once answered, how."""
    due = deadlines.answer_due(application)
    if application.answered_on:
        stage = _("已答复")
    elif application.received_on is None:
        stage = _("已提交，待本机关确认收到")
    elif due.waiting_for:
        stage = due.waiting_for
    else:
        stage = _("办理中")
    answer = None
    if application.answered_on and application.category_id:
        answer = application.category.plain
    if application.answered_on:
        due_text = ""
    elif application.received_on is None:
        due_text = _("自收到申请之日起%(days)d个工作日") % {"days": ANSWER_DAYS}
    elif due.due is None:
        due_text = _("暂停计算")  # the stage says what is awaited
    else:
        due_text = due.label
    correction = getattr(application, "correction", None)
    if application.answered_on or (correction and correction.received_on):
        correction = None  # only what is still asked of the applicant is shown
    return {
        "stage": stage,
        "correction": correction,
        "due": due_text,
        "extended": due.extended,
        "answer": answer,
        "letter_url": answer_letter_url(application, key),
        "files": given_files(application, key),
    }


def answer_letter_url(application: Application, key):
    """The answer letter (政府信息公开申请答复书) for the applicant to download once the
    answer is sent, or None."""
    if not application.answered_on:
        return None
    return reverse("portal:apply-letter", args=[key])


def given_files(application, key):
    """The files provided with a sent answer, each with its download address."""
    if not application.answered_on:
        return []
    return [
        (answer_file, reverse("portal:apply-file", args=[key, answer_file.pk]))
        for answer_file in answer_files.files_of(application)
    ]


def sent(key):
    """The application `key` opens, once its answer is sent; else 404."""
    application = receiving.find(key)
    if application is None or not application.answered_on:
        raise Http404
    return application


@login_not_required
@require_safe
def letter(request, key):
    return downloads.letter_response(sent(key))


@login_not_required
@require_safe
def given_file(request, key, pk):
    application = sent(key)
    return downloads.provided_response(get_object_or_404(application.answer_files, pk=pk))
