"""The unified social credit code (统一社会信用代码, GB 32100-2015) every organ has: 18
characters, the last a check character. A mistyped code would put a wrong 索引号 on every
document of the unit, so the check character is verified rather than the length alone."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from base.text import enumerate_items

# GB 32100-2015 uses the digits and the capital letters without I, O, S, V and Z
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = (value or "").strip().upper()
    if not code:
        return
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，现为%(n)d位。") % {"n": len(code)}, code="length"
        )
    wrong = sorted({c for c in code if c not in ALPHABET})
    if wrong:
        raise ValidationError(
            _("统一社会信用代码不能含有字符：%(chars)s。") % {"chars": enumerate_items(wrong)},
            code="characters",
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码的校验位不对，请核对是否输错。"), code="check")
