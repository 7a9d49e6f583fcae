"""The proposer's default words greet them with their title (尊敬的{姓名}{称谓}：, 陈志强代表 or
孙丽萍委员) instead of the bare name. A stored text still as 0002 wrote it takes the new
greeting; one the proposal office has edited is left as they wrote it."""

from django.db import migrations

BARE, TITLED = "尊敬的{姓名}：", "尊敬的{姓名}{称谓}："
OLD = {
    "reply_sent": {
        "sms": "尊敬的{姓名}：您领衔提出的{编号}《{标题}》已由{单位}答复，请通过以下链接查看并"
        "反馈您的意见：{链接}",
        "email_body": "尊敬的{姓名}：\n\n您领衔提出的{编号}《{标题}》已由{单位}办理答复。"
        "请通过以下个人链接查看答复并反馈您的意见：\n{链接}\n\n湛江市人民政府办公室",
    },
    "feedback_reminder": {
        "sms": "尊敬的{姓名}：{单位}对{编号}《{标题}》的答复尚待您反馈意见，"
        "请通过以下链接反馈：{链接}",
        "email_body": "尊敬的{姓名}：\n\n{单位}对您领衔提出的{编号}《{标题}》的答复尚待您的反馈。"
        "请通过以下个人链接反馈意见：\n{链接}\n\n湛江市人民政府办公室",
    },
}


def retitle(apps, forwards):
    ProposerText = apps.get_model("notifications", "ProposerText")
    for kind, fields in OLD.items():
        for field, old in fields.items():
            new = old.replace(BARE, TITLED)
            before, after = (old, new) if forwards else (new, old)
            ProposerText.objects.filter(kind=kind, **{field: before}).update(**{field: after})


def forwards(apps, schema_editor):
    retitle(apps, forwards=True)


def backwards(apps, schema_editor):
    retitle(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_plain_chinese_labels")]

    operations = [migrations.RunPython(forwards, backwards)]
