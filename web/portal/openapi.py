"""The API described for machines: OpenAPI 3.1, written by hand because the API is small
and stable. `tests/web/test_api.py` checks it against what the API answers."""

from django.conf import settings
from django.utils.translation import override

from publications.models import Kind, Topic

TEXT = {"type": "string"}
DAY = {"type": "string", "description": "ISO 8601 日期（YYYY-MM-DD），可为空字符串"}

POLICY_FIELDS = {
    "title": "政策文件字段",
    "type": "object",
    "properties": {
        "number": {**TEXT, "description": "发文字号，如 湛府办〔2018〕22号"},
        "issuing_body": {**TEXT, "description": "发文机关"},
        "doc_type": {**TEXT, "description": "文件类型，如 行政规范性文件"},
        "effective_from": {**DAY, "description": "施行日期"},
        "expires_on": {**DAY, "description": "失效日期"},
        "livelihood": {"type": "boolean", "description": "是否涉及群众切身利益"},
    },
}
INTERPRETATION_FIELDS = {
    "title": "政策解读字段",
    "type": "object",
    "properties": {
        "document_title": {**TEXT, "description": "所解读文件的标题"},
        "number": {**TEXT, "description": "所解读文件的发文字号"},
        "forms": {"type": "array", "items": TEXT, "description": "解读形式"},
        "graphic": {"type": "boolean", "description": "是否有图解"},
        "interpreter": {**TEXT, "description": "解读人"},
        "interpreter_title": {**TEXT, "description": "解读人职务"},
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"heading": TEXT, "text": TEXT},
            },
        },
        "key_figures": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"value": TEXT, "unit": TEXT, "label": TEXT},
            },
        },
        "timeline": {
            "type": "array",
            "items": {"type": "object", "properties": {"date": TEXT, "event": TEXT}},
        },
        "qa": {
            "type": "array",
            "items": {"type": "object", "properties": {"q": TEXT, "a": TEXT}},
        },
        "video_url": {**TEXT, "description": "视频链接，可为空"},
        "audio_url": {**TEXT, "description": "音频链接，可为空"},
    },
}
REPLY_FIELDS = {
    "title": "建议提案办理结果字段",
    "type": "object",
    "properties": {
        "proposal_kind": {"enum": ["建议", "提案"]},
        "proposal_number": {**TEXT, "description": "建议或提案编号"},
        "proposal_title": {**TEXT, "description": "建议或提案标题"},
        "session": {**TEXT, "description": "届次，如 市十五届人大五次会议"},
        "result_class": {**TEXT, "description": "办理结果分类代码，如 A"},
        "result_label": {**TEXT, "description": "办理结果分类名称"},
        "disclosure": {**TEXT, "description": "公开方式：全文公开或部分公开"},
        "round": {"type": "integer", "description": "办理轮次，重新办理时为 2"},
        "sent_on": {**DAY, "description": "答复日期"},
        "letter_number": {**TEXT, "description": "答复函文号"},
    },
}

CATALOGUE = {
    "title": "政府信息公开目录",
    "type": "object",
    "required": [
        "index_number",
        "topic",
        "topic_code",
        "issuing_body",
        "written_on",
        "title",
        "number",
        "published_on",
    ],
    "properties": {
        "index_number": {
            **TEXT,
            "description": "索引号：单位统一社会信用代码/年份-流水号（按本市配置的规则），"
            "首次发布时编定，此后不变，撤回后再发布仍用原号",
            "examples": ["11440800007030519N/2026-00012"],
        },
        "topic": {**TEXT, "description": "主题分类（政府信息公开主题分类），其名称"},
        "topic_code": {"enum": Topic.values, "description": "主题分类代码"},
        "issuing_body": {**TEXT, "description": "发文机关；答复与解读为发布单位"},
        "written_on": {
            "type": ["string", "null"],
            "format": "date",
            "description": "成文日期；答复为答复日期，未填写时为首次发布日期",
        },
        "title": TEXT,
        "number": {**TEXT, "description": "文号；政策解读无自己的文号，为空字符串"},
        "published_on": {
            "type": ["string", "null"],
            "format": "date",
            "description": "发布日期（当前版本，北京时间）",
        },
    },
}


def catalogue():
    """CATALOGUE with the names of the topics, in Chinese whatever the request's language."""
    with override("zh-hans"):
        names = [str(label) for label in Topic.labels]
    topic = {**CATALOGUE["properties"]["topic"], "enum": names}
    return {**CATALOGUE, "properties": {**CATALOGUE["properties"], "topic": topic}}


FILE = {
    "type": "object",
    "required": ["name", "url", "sha256", "size", "content_type"],
    "properties": {
        "name": {
            **TEXT,
            "description": "文件名；图解为 infographic.pdf、infographic-1.png（每页一张）、"
            "long.png、card.png，答复函为 letter.pdf",
        },
        "url": {"type": "string", "format": "uri"},
        "sha256": {**TEXT, "pattern": "^[0-9a-f]{64}$"},
        "size": {"type": "integer", "minimum": 0},
        "content_type": TEXT,
    },
}

PUBLICATION = {
    "type": "object",
    "required": [
        "id",
        "kind",
        "version",
        "unit",
        "title",
        "summary",
        "body",
        "fields",
        "files",
        "url",
        "companion",
        "published_at",
        "content_hash",
        "catalogue",
    ],
    "properties": {
        "id": {
            **TEXT,
            "description": "稳定标识：类别-来源编号，如 policy-12",
            "examples": ["policy-12"],
        },
        "kind": {
            "enum": Kind.values,
            "description": "policy 政策文件；interpretation 政策解读；reply 建议提案办理结果",
        },
        "version": {"type": "integer", "minimum": 1, "description": "版本号，每次更新加一"},
        "unit": {**TEXT, "description": "发布单位名称"},
        "title": TEXT,
        "summary": {**TEXT, "description": "摘要，纯文本"},
        "body": {**TEXT, "description": "正文，纯文本，段落以换行分隔"},
        "fields": {
            "anyOf": [
                {"$ref": "#/components/schemas/PolicyFields"},
                {"$ref": "#/components/schemas/InterpretationFields"},
                {"$ref": "#/components/schemas/ReplyFields"},
            ],
            "description": "随类别而定的字段",
        },
        "files": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
        "url": {"type": "string", "format": "uri", "description": "门户网页地址"},
        "companion": {
            "type": ["string", "null"],
            "description": "同步公开的关联信息的 id（政策文件与其解读互相关联）",
        },
        "published_at": {"type": "string", "format": "date-time"},
        "content_hash": {**TEXT, "pattern": "^[0-9a-f]{64}$"},
        "catalogue": {"$ref": "#/components/schemas/Catalogue"},
    },
}

PAGE = {
    "type": "object",
    "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
    "properties": {
        "count": {"type": "integer", "minimum": 0, "description": "符合条件的总数"},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
        "pages": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "format": "uri"},
        "previous": {"type": ["string", "null"], "format": "uri"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Publication"}},
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {**TEXT, "description": "说明（中文）"},
        "parameter": {**TEXT, "description": "出错的查询参数"},
    },
}


def parameter(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def json_response(description, schema):
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": TEXT},
            "Last-Modified": {"schema": TEXT},
        },
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


NOT_MODIFIED = {"description": "未变化（条件请求 If-None-Match / If-Modified-Since）"}


def description(api):
    """`api` is the path of the list endpoint."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "湛江市政务公开 API",
            "version": "1",
            "description": (
                "已公开的政策文件、政策解读和人大代表建议、政协委员提案办理结果。"
                "撤回的信息不再出现。所有响应带 ETag 与 Last-Modified，支持条件请求。"
            ),
        },
        "servers": [{"url": settings.PUBLIC_BASE_URL.rstrip("/")}],
        "paths": {
            api: {
                "get": {
                    "operationId": "listPublications",
                    "summary": "已公开信息列表，按发布时间从新到旧",
                    "parameters": [
                        parameter(
                            "page",
                            "页码，从 1 开始；超过末页时 results 为空",
                            {"type": "integer", "minimum": 1, "default": 1},
                        ),
                        parameter(
                            "page_size",
                            "每页条数",
                            {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                        ),
                        parameter("kind", "类别", {"enum": Kind.values}),
                        parameter("unit", "发布单位编号", {"type": "integer", "minimum": 1}),
                        parameter(
                            "since",
                            "只列出当前版本发布时间不早于此时刻的信息："
                            "ISO 8601 日期（按北京时间当日零时）或时间",
                            {
                                "type": "string",
                                "examples": ["2026-06-01", "2026-06-01T08:00:00+08:00"],
                            },
                        ),
                    ],
                    "responses": {
                        "200": json_response("一页信息", "Page"),
                        "304": NOT_MODIFIED,
                        "400": json_response("查询参数有误", "Error"),
                    },
                }
            },
            api + "{key}/": {
                "get": {
                    "operationId": "getPublication",
                    "summary": "一条已公开信息的当前版本",
                    "parameters": [
                        {
                            "name": "key",
                            "in": "path",
                            "required": True,
                            "description": "信息 id，如 policy-12、interpretation-12、reply-7",
                            "schema": {
                                "type": "string",
                                "pattern": "^(policy|interpretation|reply)-[0-9]+$",
                            },
                        }
                    ],
                    "responses": {
                        "200": json_response("信息", "Publication"),
                        "304": NOT_MODIFIED,
                        "404": json_response("不存在、未公开或已撤回", "Error"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Page": PAGE,
                "Publication": PUBLICATION,
                "File": FILE,
                "Catalogue": catalogue(),
                "PolicyFields": POLICY_FIELDS,
                "InterpretationFields": INTERPRETATION_FIELDS,
                "ReplyFields": REPLY_FIELDS,
                "Error": ERROR,
            }
        },
    }
