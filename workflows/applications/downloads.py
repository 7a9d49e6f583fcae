"""The answer letter and the files given with it, as downloads: for the office on the
application's page and its answer and signature steps (the draft, before it is signed), and
for the applicant through the status page's key once the answer is sent
(web/portal/applications.py).

Both are personal: never stored by a browser or a proxy, never indexed.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from applications import answer_files
from applications.letter import answer_pdf
from base.privacy.attachments import UnreadableFile
from workflows.applications import access


def personal(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def letter_name(application):
    return f"政府信息公开申请答复书（{application.receipt_number}）.pdf"


def letter_response(application):
    """The answer letter as PDF; 404 while no answer category is chosen (nothing to say)."""
    if application.category_id is None:
        raise Http404
    path = answer_pdf(application)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=letter_name(application))
    return personal(response)


def provided_response(answer_file):
    """What the applicant receives of a file: the masked copy where anything was masked."""
    try:
        given = answer_files.provided_copy(answer_file)
    except UnreadableFile:
        raise Http404 from None  # the answer step refuses to send such a file
    response = FileResponse(
        given.file.open("rb"),
        as_attachment=True,
        filename=answer_file.name,
        content_type=given.content_type or "application/octet-stream",
    )
    return personal(response)


def application_file(request, pk, flow_class):
    """The answer letter of application `pk` (or with ?file=N one of the files given with the
    answer) for those who may open the application's page. Registered as the flow's
    attachment view (web/site.py)."""
    application = get_object_or_404(access.applications_of(request.user), pk=pk)
    process = flow_class.process_class._default_manager.filter(
        artifact_object_id=application.pk, flow_class=flow_class
    ).first()
    if process is None or not flow_class.instance.has_view_permission(request.user, process):
        raise PermissionDenied
    wanted = request.GET.get("file")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        return provided_response(get_object_or_404(application.answer_files, pk=int(wanted)))
    return letter_response(application)
