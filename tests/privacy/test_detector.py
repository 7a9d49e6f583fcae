"""base.privacy.detector: the labelled corpus (tests/privacy/corpus.jsonl) sets the bar for
recall and precision; focused tests pin the validators, each format, the traps, the time
bound and the management command.

load_corpus() and score() are also used by bench/privacy_detector.py.
"""

import json
import re
import subprocess
import sys
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from base.privacy import detector
from base.privacy.detector import (
    KINDS,
    NotTextError,
    find_personal_data,
    id_check_digit,
    id_number_confidence,
    luhn_valid,
    uscc_valid,
)

CORPUS = Path(__file__).with_name("corpus.jsonl")


def load_corpus(path=CORPUS):
    """The examples: dicts with text, names (maybe empty), tag and findings, each finding a
    dict with kind, start, end (and text). A finding given by kind and text only gets the
    offsets of that text's first occurrence not used yet."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        example = json.loads(line)
        example.setdefault("names", [])
        example["line"] = number
        used = Counter()
        for finding in example["findings"]:
            if "start" not in finding:
                index = -1
                for _ in range(used[finding["text"]] + 1):
                    index = example["text"].index(finding["text"], index + 1)
                used[finding["text"]] += 1
                finding["start"], finding["end"] = index, index + len(finding["text"])
        examples.append(example)
    return examples


def score(examples):
    """Per kind: expected, found, tp, fp, fn (a finding is right when kind, start and end
    are exactly those expected), the misses and false findings, and how long detection took."""
    counts = {kind: Counter() for kind in KINDS}
    misses, false = [], []
    started = time.perf_counter()
    for example in examples:
        expected = {(f["kind"], f["start"], f["end"]) for f in example["findings"]}
        found = {
            (f.kind, f.start, f.end)
            for f in find_personal_data(example["text"], names=example["names"])
        }
        for kind, start, end in expected | found:
            hit = (kind, start, end) in expected and (kind, start, end) in found
            counts[kind]["tp" if hit else "fn" if (kind, start, end) in expected else "fp"] += 1
            if not hit:
                wrong = (example["line"], kind, example["text"][start:end], example["text"])
                (misses if (kind, start, end) in expected else false).append(wrong)
    for count in counts.values():
        count["expected"] = count["tp"] + count["fn"]
        count["found"] = count["tp"] + count["fp"]
    return {
        "counts": counts,
        "misses": misses,
        "false": false,
        "seconds": time.perf_counter() - started,
    }


def ratio(part, whole):
    return part / whole if whole else 1.0


def overall(counts):
    total = sum(counts.values(), Counter())
    return ratio(total["tp"], total["found"]), ratio(total["tp"], total["expected"])


# --------------------------------------------------------------------------------------------
# the corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def scored(corpus):
    return score(corpus)


def test_the_corpus_is_well_formed(corpus):
    assert len(corpus) >= 200
    negatives = [example for example in corpus if not example["findings"]]
    assert len(negatives) >= 60
    kinds = Counter(f["kind"] for example in corpus for f in example["findings"])
    assert set(kinds) == set(KINDS)
    for example in corpus:
        spans = sorted((f["start"], f["end"]) for f in example["findings"])
        for finding in example["findings"]:
            assert finding["kind"] in KINDS, example["line"]
            if "text" in finding:
                piece = example["text"][finding["start"] : finding["end"]]
                assert piece == finding["text"], example["line"]
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"line {example['line']}: expected findings overlap"


def test_recall_is_complete_for_valid_id_numbers_and_mobiles(corpus):
    valid_ids = mobiles = 0
    for example in corpus:
        found = {
            (f.kind, f.start, f.end)
            for f in find_personal_data(example["text"], names=example["names"])
        }
        for f in example["findings"]:
            digits = re.sub(r"[^0-9Xx]", "", example["text"][f["start"] : f["end"]])
            is_valid_id = (
                f["kind"] == "id_number"
                and len(digits) == 18
                and id_check_digit(digits[:17]) == digits[17].upper()
            )
            if is_valid_id or f["kind"] == "mobile":
                valid_ids += is_valid_id
                mobiles += f["kind"] == "mobile"
                assert (f["kind"], f["start"], f["end"]) in found, (
                    f"line {example['line']}: missed {f['kind']} "
                    f"{example['text'][f['start'] : f['end']]!r}"
                )
    assert valid_ids >= 20 and mobiles >= 40


def test_recall_of_every_other_kind_is_at_least_95_percent(scored):
    for kind, count in scored["counts"].items():
        recall = ratio(count["tp"], count["expected"])
        misses = [m for m in scored["misses"] if m[1] == kind]
        assert recall >= 0.95, f"{kind}: recall {recall:.3f}, missed {misses}"


def test_precision_is_at_least_95_percent_overall(scored):
    precision, _ = overall(scored["counts"])
    assert precision >= 0.95, f"precision {precision:.3f}, false findings {scored['false']}"


def test_texts_that_must_not_match_give_no_finding(corpus):
    for example in corpus:
        if not example["findings"]:
            assert find_personal_data(example["text"], names=example["names"]) == [], example


def test_findings_never_overlap_and_point_into_the_original_text(corpus):
    for example in corpus:
        findings = find_personal_data(example["text"], names=example["names"])
        for finding in findings:
            assert example["text"][finding.start : finding.end] == finding.text
            assert 0 < finding.confidence <= 1
        for before, after in zip(findings, findings[1:], strict=False):
            assert before.end <= after.start


# --------------------------------------------------------------------------------------------
# validators


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),  # the example of GB 11643-1999
        ("44080219800101123", "3"),
        ("44088120010715332", "3"),
        ("44080219790312104", "X"),
    ],
)
def test_id_check_digit_is_iso_7064_mod_11_2(first17, check):
    assert id_check_digit(first17) == check


@pytest.mark.parametrize(
    ("number", "confidence"),
    [
        ("440802198001011233", 0.99),
        ("44080219790312104X", 0.99),
        ("44080219790312104x", 0.99),
        ("440802198001011234", 0.4),  # wrong check digit: reported, doubtful
        ("440802198002301233", 0.0),  # 30 February
        ("440802209901011233", 0.0),  # born in the future
        ("990802198001011233", 0.0),  # no province 99
        ("914408001980010112", 0.0),  # 91: a social credit code's prefix, no province
        ("440802800101123", 0.85),  # the 15-digit form, 1980-01-01
        ("440802801301123", 0.0),  # month 13
    ],
)
def test_id_number_confidence(number, confidence):
    assert id_number_confidence(number) == confidence


def test_the_earliest_and_the_latest_birth_dates():
    first17 = "44080219000101123"
    assert id_number_confidence(first17 + id_check_digit(first17)) == 0.99
    from datetime import date

    today = date(2026, 11, 29)
    born_today = "44080220261129123"
    assert id_number_confidence(born_today + id_check_digit(born_today), today) == 0.99
    tomorrow = "44080220261130123"
    assert id_number_confidence(tomorrow + id_check_digit(tomorrow), today) == 0.0


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("79927398713", True),
        ("4111111111111111", True),
        ("6222025260181590832", True),
        ("6222025260181590833", False),
        ("6217000166131860911", True),
        ("1234567812345678", False),
    ],
)
def test_luhn(digits, valid):
    assert luhn_valid(digits) is valid


def test_unified_social_credit_code_check():
    assert uscc_valid("91350100M000100Y43")
    assert not uscc_valid("91350100M000100Y44")
    assert not uscc_valid("91350100M000100Y4")


# --------------------------------------------------------------------------------------------
# formats

ID = "440802198001011233"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (f"身份证号码：{ID}。", "id_number", ID),
        ("身份证44080219790312104X，", "id_number", "44080219790312104X"),
        (
            "身份证４４０８０２１９８００１０１１２３３",
            "id_number",
            "４４０８０２１９８００１０１１２３３",
        ),
        ("证件号 440802 19800101 1233", "id_number", "440802 19800101 1233"),
        ("旧身份证号440802800101123", "id_number", "440802800101123"),
        ("手机13800138001。", "mobile", "13800138001"),
        ("手机 138 0013 8001", "mobile", "138 0013 8001"),
        ("手机138-0013-8001", "mobile", "138-0013-8001"),
        ("手机138－0013－8001", "mobile", "138－0013－8001"),
        ("手机138—0013—8001", "mobile", "138—0013—8001"),
        ("手机+86 138 0013 8001", "mobile", "+86 138 0013 8001"),
        ("手机+86-13800138001", "mobile", "+86-13800138001"),
        ("手机0086 13800138001", "mobile", "0086 13800138001"),
        ("手机（+86）13800138001", "mobile", "（+86）13800138001"),
        ("手机(0086)13800138001", "mobile", "(0086)13800138001"),
        ("手机８６１３８００１３８００１", "mobile", "８６１３８００１３８００１"),
        ("（19912345678）", "mobile", "19912345678"),
        ("电话0759-2231856", "landline", "0759-2231856"),
        ("电话0759 2231856", "landline", "0759 2231856"),
        ("电话（0759）2231856", "landline", "（0759）2231856"),
        ("电话(0759) 2231856", "landline", "(0759) 2231856"),
        ("电话０７５９－２２３１８５６", "landline", "０７５９－２２３１８５６"),
        ("电话07592231856", "landline", "07592231856"),
        ("电话020-87654321", "landline", "020-87654321"),
        ("电话020 8765 4321", "landline", "020 8765 4321"),
        ("电话0759-2231856转801", "landline", "0759-2231856转801"),
        ("电话0759-2231856-801", "landline", "0759-2231856-801"),
        ("电话0759-2231856 分机 802", "landline", "0759-2231856 分机 802"),
        ("电话+86 759 2231856", "landline", "+86 759 2231856"),
        ("电话：2231856", "landline", "2231856"),
        ("邮箱li.xy-1975+a@mail.zj.gov.cn。", "email", "li.xy-1975+a@mail.zj.gov.cn"),
        ("邮箱ＡＢＣ＠１６３．ｃｏｍ", "email", "ＡＢＣ＠１６３．ｃｏｍ"),
        ("卡号6222025260181590832", "bank_card", "6222025260181590832"),
        ("卡号6222 0252 6018 1590 832", "bank_card", "6222 0252 6018 1590 832"),
        ("卡号6222-0252-6018-1590-832", "bank_card", "6222-0252-6018-1590-832"),
        ("转入6230586281948213", "bank_card", "6230586281948213"),
        ("粤G·12345", "plate", "粤G·12345"),
        ("车牌粤G12345违停", "plate", "粤G12345"),
        ("粤GD12345", "plate", "粤GD12345"),
        ("粤G12345D", "plate", "粤G12345D"),
        ("粤B·A1234", "plate", "粤B·A1234"),
        ("住赤坎区中山一路23号。", "address", "赤坎区中山一路23号"),
        ("霞山区人民大道南56号3栋502室", "address", "霞山区人民大道南56号3栋502室"),
        ("家住广东省湛江市赤坎区中山一路23号", "address", "广东省湛江市赤坎区中山一路23号"),
        ("徐闻县徐城街道东方一路21号", "address", "徐闻县徐城街道东方一路21号"),
        ("住在金沙湾花园5栋2单元301房", "address", "金沙湾花园5栋2单元301房"),
        ("吴川市梅录街道中山路3巷5号", "address", "吴川市梅录街道中山路3巷5号"),
        ("赤坎区康宁路17号之3", "address", "赤坎区康宁路17号之3"),
        ("陈先生来电", "name", "陈"),
        ("李秀英女士", "name", "李秀英"),
        ("致陈志强同志", "name", "陈志强"),
        ("黄伟明代表建议", "name", "黄伟明"),
        ("欧阳志远委员", "name", "欧阳志远"),
        ("联系人：张晓明，", "name", "张晓明"),
    ],
)
def test_format(text, kind, expected):
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings if f.kind == kind] == [(kind, expected)]


def test_the_postcode_is_found_only_beside_an_address():
    assert find_personal_data("邮政编码：524033") == []
    assert find_personal_data("湛江市区的邮编有524000、524001。") == []
    findings = find_personal_data("赤坎区中山一路23号，邮编：524033")
    assert [(f.kind, f.text) for f in findings] == [
        ("address", "赤坎区中山一路23号"),
        ("postcode", "524033"),
    ]
    findings = find_personal_data("524031 赤坎区民主路19号")
    assert [f.kind for f in findings] == ["postcode", "address"]


def test_addresses_side_by_side_are_each_found():
    text = "住金沙湾花园5栋2单元301房，原住赤坎区中山一路23号3栋502室，中山一路23号中山一路25号"
    assert [f.text for f in find_personal_data(text)] == [
        "金沙湾花园5栋2单元301房",
        "赤坎区中山一路23号3栋502室",
        "中山一路23号",
        "中山一路25号",
    ]


def test_names_given_are_found_wherever_they_occur():
    text = "陈志强提出，李秀英附议；陈志强再次来电。"
    found = find_personal_data(text, names=["陈志强", "李秀英", " ", "陈"])
    assert [(f.text, f.start) for f in found] == [("陈志强", 0), ("李秀英", 6), ("陈志强", 12)]
    assert find_personal_data(text, names="李秀英")[0].text == "李秀英"
    assert find_personal_data(text) == []


def test_a_checksum_invalid_id_number_is_reported_with_low_confidence():
    (finding,) = find_personal_data("身份证号440802198001011234")
    assert finding.kind == "id_number" and finding.confidence < 0.5


def test_the_more_specific_finding_wins_an_overlap():
    (email,) = find_personal_data("13800138001@139.com")
    assert email.kind == "email"
    (card,) = find_personal_data("卡号6228 4839 0996 0308 244")  # contains 11 mobile-like digits
    assert card.kind == "bank_card"
    # 18 digits, a valid ID number that also passes Luhn: an ID number
    numbers = (f"44080219800101{n:03}" for n in range(1000))
    number = next(n + id_check_digit(n) for n in numbers if luhn_valid(n + id_check_digit(n)))
    (finding,) = find_personal_data(f"卡号{number}")
    assert finding.kind == "id_number"


# --------------------------------------------------------------------------------------------
# traps


@pytest.mark.parametrize(
    "text",
    [
        "湛府办〔2018〕22号",
        "粤府〔2026〕3号",
        "请拨打12345热线",
        "报警110，急救120",
        "投入1200万元，总投资3.5亿元",
        "2026年11月29日",
        "2026-11-29",
        "2026.11.29",
        "统一社会信用代码91440800MA4UJ8XK2B",
        "统一社会信用代码914408007684321234",
        "11440800007012345F",
        "2026年",
        "共有326个小区",
        "邮政编码524033",
        "电话2231",
        "电话22318",
        "增长15.3%",
        "三室两厅，2室1厅",
        "加装电梯120栋",
        "第十二条",
        "第3条第2款",
        "地铁1号线",
        "粤ICP备12345678号",
        "市人大代表、政协委员",
        "各位代表、各位委员",
        "全体代表",
        "双方代表",
        "有关同志",
        "人民代表大会常务委员会",
        "女士们、先生们",
        "中山一路、解放西路",
        "赤坎区",
        "湛江市的区号是0759",
        "订单号202611291234567890",
    ],
)
def test_trap_is_no_finding(text):
    assert find_personal_data(text) == []


# --------------------------------------------------------------------------------------------
# robustness

ADVERSARIAL = {
    "digits": "1" * 1_000_000,
    "digits and dashes": "1-" * 500_000,
    "digit groups": "138 0013 8001-" * 72_000,
    "area codes": "0759-" * 200_000,
    "mobiles": "13800138001 " * 84_000,
    "at signs": "a@b." * 250_000,
    "full-width dashes": "１３８－" * 84_000,
    "street numbers": "中山一路23号" * 60_000,
    "titles": "陈志强先生" * 67_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_a_megabyte_of_adversarial_text_takes_at_most_1_s_per_100_kb(name):
    text = ADVERSARIAL[name]
    size_kb = len(text.encode()) / 1000
    started = time.perf_counter()
    find_personal_data(text)
    elapsed = time.perf_counter() - started
    assert size_kb >= 900
    assert elapsed <= size_kb / 100, f"{elapsed:.2f} s for {size_kb:.0f} KB"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"13800138001", "字节串"),
        (None, "需要文本"),
        ("abc\x00def", "空字符"),
        ("\x01\x02\x03" + "a" * 100, "控制字符"),
    ],
)
def test_input_that_is_not_text_is_refused_in_chinese(value, message):
    with pytest.raises(NotTextError, match=message):
        find_personal_data(value)
    assert issubclass(NotTextError, ValueError)


def test_text_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(detector, "MAX_CHARS", 10)
    with pytest.raises(ValueError, match="文本过长"):
        find_personal_data("13800138001")


def test_ordinary_whitespace_and_a_few_control_characters_are_text():
    text = "手机\t13800138001\r\n\x0c" + "说明" * 100 + "\x1b"
    assert [f.kind for f in find_personal_data(text)] == ["mobile"]


# --------------------------------------------------------------------------------------------
# the command


def scan(*args):
    out = StringIO()
    call_command("scan_personal_data", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_command_prints_one_json_object_per_finding(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("\ufeff陈志强代表：手机13800138001，李秀英附议。\n", encoding="utf-8")
    lines = scan(str(path), "--names", "陈志强,李秀英")
    assert lines == [
        {"kind": "name", "start": 0, "end": 3, "text": "陈志强", "confidence": 0.95},
        {"kind": "mobile", "start": 8, "end": 19, "text": "13800138001", "confidence": 0.95},
        {"kind": "name", "start": 20, "end": 23, "text": "李秀英", "confidence": 0.95},
    ]
    assert scan(str(path))[0]["confidence"] == 0.8  # 陈志强代表 without --names


def test_the_command_prints_nothing_for_a_clean_file(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("根据湛府办〔2018〕22号文件，投入1200万元。", encoding="utf-8")
    assert scan(str(path)) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("陈先生".encode("gb18030"), "不是 UTF-8"),
        (bytes(range(256)) * 4, "不是 UTF-8"),
        (b"abc\x00\x00\x00def", "空字符"),
    ],
)
def test_the_command_refuses_a_file_that_is_not_utf8_text(tmp_path, content, message):
    path = tmp_path / "data.bin"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        scan(str(path))


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        scan(str(tmp_path / "missing.txt"))


def test_exit_codes_from_the_shell(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("手机：13800138001", encoding="utf-8")
    bad.write_bytes("手机".encode("gb18030"))
    env = {"DEBUG": "true", "GONGKAI_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(path):
        return subprocess.run(
            [sys.executable, "manage.py", "scan_personal_data", str(path)],
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            env=env,
        )

    result = run(good)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip())["text"] == "13800138001"
    result = run(bad)
    assert result.returncode != 0
    assert "不是 UTF-8 编码的文本" in result.stderr
