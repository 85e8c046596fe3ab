"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.

Characters 9–17 are the organization code of GB 11714, which has its own check character (the
17th); both are verified, so a mistyped code is caught before it names the wrong organization.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code_error(code: str) -> str | None:
    """None if valid, else the reason in the words a user can act on."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位,收到{len(code)}位"
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”(不使用I、O、Z、S、V)"
    if org_code_check(code[8:16]) != code[16]:
        return f"第9–17位组织机构代码校验位错误,应为“{org_code_check(code[8:16])}”"
    if check_char(code[:17]) != code[17]:
        return f"校验位错误:第18位应为“{check_char(code[:17])}”,而不是“{code[17]}”"
    return None


def make_credit_code(body16: str) -> str:
    """Complete a 16-character body with both check characters (for demo data and tests)."""
    first17 = body16 + org_code_check(body16[8:16])
    return first17 + check_char(first17)
