import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from base.privacy.detector import MAX_CHARS, NotTextError, find_personal_data

# UTF-8 needs at most 4 bytes a character; a larger file cannot be within MAX_CHARS
MAX_BYTES = 4 * MAX_CHARS


def read_text(path):
    """The UTF-8 text of the file (a byte-order mark is dropped), or a CommandError saying in
    Chinese why not."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CommandError(f"“{path}”不是文件。")
        if size > MAX_BYTES:
            raise CommandError(
                f"文件“{path}”有 {size:,} 字节，超过上限 {MAX_BYTES:,}；请分段检查。"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"找不到文件“{path}”。") from None
    except OSError as error:
        raise CommandError(f"无法读取文件“{path}”：{error.strerror or error}。") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"文件“{path}”不是 UTF-8 编码的文本（第 {error.start + 1} 字节处无法解码）；"
            "若是 GB18030/GBK 编码的文本，请先另存为 UTF-8。"
        ) from None


class Command(BaseCommand):
    help = (
        "检查 UTF-8 文本文件中的个人信息（身份证号、手机号、固定电话、电子邮箱、银行卡号、"
        "车牌、地址、邮编、姓名），每处一行 JSON：kind、start、end（字符位置，从 0 起）、"
        "text、confidence。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 编码的文本文件")
        parser.add_argument(
            "--names",
            default="",
            metavar="姓名,姓名",
            help="另外要找的人名，以逗号或顿号分隔，例如 陈志强,李秀英",
        )

    def handle(self, *args, file, names, **options):
        text = read_text(Path(file))
        wanted = [name for name in re.split(r"[,，、\s]+", names) if name]
        try:
            findings = find_personal_data(text, names=wanted)
        except NotTextError as error:
            raise CommandError(f"文件“{file}”：{error}") from None
        for finding in findings:
            self.stdout.write(json.dumps(finding.as_dict(), ensure_ascii=False))
