import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import group_for

# a one-page PDF with nothing on the page: a file the upload check and the attachments'
# reader both accept (the personal-data review has no text to read in it)
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    last_name = "张"
    first_name = "三"
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(group_for(role))


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interpretation.PolicyDocument"

    title = factory.Sequence(lambda n: f"关于做好第{n}项民生工作的通知")
    number = factory.Sequence(lambda n: f"湛府办〔2026〕{n + 1}号")
    issuing_body = "湛江市人民政府办公室"
    doc_type = "other"
    drafting_unit = factory.SubFactory(UnitFactory)
    drafter = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..drafting_unit"))
    summary = "摘要"
    body = "正文"


class InterpretationFactory(factory.django.DjangoModelFactory):
    """A complete interpretation: a package built with it can be submitted."""

    class Meta:
        model = "interpretation.Interpretation"

    document = factory.SubFactory(PolicyDocumentFactory)
    forms = ["text", "qa"]
    channel = "湛江市人民政府网站"
    timing = "与文件同步发布"
    interpreter = "王强"
    interpreter_title = "市府办公室主任"
    contact = "李明 0759-3100000"
    background = "依据国务院办公厅有关要求。"
    main_content = "主要内容。"
    qa = [{"question": "何时施行？", "answer": "自印发之日起施行。"}]
    key_figures = [{"value": "24", "unit": "小时", "label": "新闻发布时限"}]


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A small file attached to a policy document (a blank one-page PDF), as uploaded by
    the document's drafter unless `uploaded_by` is given."""

    class Meta:
        model = "interpretation.Attachment"

    document = factory.SubFactory(PolicyDocumentFactory)
    name = "a.pdf"
    file = factory.LazyAttribute(lambda attachment: SimpleUploadedFile(attachment.name, PDF_BYTES))
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("document.drafter")
