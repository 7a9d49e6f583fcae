"""The words sent to proposers until the proposal office edits them (ProposerText): the
migration stores them, and they stand in for a missing row. No imports: the migration reads
this module."""

DEFAULTS = {
    "reply_sent": {
        "sms": "尊敬的{姓名}{称谓}：您领衔提出的{编号}《{标题}》已由{单位}答复，"
        "请通过以下链接查看并反馈您的意见：{链接}",
        "email_subject": "您领衔提出的{编号}已答复",
        "email_body": "尊敬的{姓名}{称谓}：\n\n您领衔提出的{编号}《{标题}》已由{单位}办理答复。"
        "请通过以下个人链接查看答复并反馈您的意见：\n{链接}\n\n湛江市人民政府办公室",
    },
    "feedback_reminder": {
        "sms": "尊敬的{姓名}{称谓}：{单位}对{编号}《{标题}》的答复尚待您反馈意见，"
        "请通过以下链接反馈：{链接}",
        "email_subject": "请反馈对{编号}答复的意见",
        "email_body": "尊敬的{姓名}{称谓}：\n\n{单位}对您领衔提出的{编号}《{标题}》的答复"
        "尚待您的反馈。请通过以下个人链接反馈意见：\n{链接}\n\n湛江市人民政府办公室",
    },
}
