"""Files with personal data in them, made the way an office makes them: a PDF printed from
HTML (WeasyPrint), a Word document (python-docx) with a header, a footer, a comment and an
author, a workbook (openpyxl) with a phone number in a cell and a comment."""

import io

from base.privacy.detector import id_check_digit

MOBILE = "13800138000"
ID_FIRST17 = "44080219850312453"
ID_NUMBER = ID_FIRST17 + id_check_digit(ID_FIRST17)
AUTHOR = "王丽娟"


def pdf(pages=2):
    from weasyprint import HTML

    body = [
        f"<p>联系人：陈国强，手机 {MOBILE}，身份证号 {ID_NUMBER}。</p>"
        "<p>本办法自公布之日起施行，有效期五年。</p>"
    ]
    body += [f"<p>第{n}页：补助标准按年度调整。</p>" for n in range(2, pages + 1)]
    html = (
        "<html><head><title>补助发放名单</title>"
        f'<meta name="author" content="{AUTHOR}">'
        "<style>@page{size:A4;margin:25mm} body{font-family:'Noto Serif CJK SC',serif;"
        "font-size:16pt} p{page-break-after:always}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def docx():
    from docx import Document

    document = Document()
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    section = document.sections[0]
    section.header.paragraphs[0].text = f"经办人：陈国强 {MOBILE}"
    section.footer.paragraphs[0].text = "湛江市人民政府办公室"
    paragraph = document.add_paragraph("申请人身份证号：")
    paragraph.add_run(ID_NUMBER[:9])  # a value split over two runs, as Word often stores it
    paragraph.add_run(ID_NUMBER[9:])
    paragraph.add_run("。")
    document.add_paragraph(f"联系电话：{MOBILE}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = f"陈国强 {MOBILE}"
    commented = document.add_paragraph("补助标准每人每月300元。")
    document.add_comment(commented.runs, text=f"请核对，电话{MOBILE}", author=AUTHOR)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx():
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    book.properties.creator = AUTHOR
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "手机", "身份证号", "金额"])
    sheet.append(["陈国强", int(MOBILE), ID_NUMBER, 300])
    sheet.append(["李明", "13912345678", "", 300])
    sheet["F1"] = "制表人：王丽娟"
    sheet["F1"].comment = Comment(f"电话 {MOBILE}", AUTHOR)
    sheet.oddFooter.center.text = "湛江市民政局"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
