"""Text measures shared by the domains' input checks."""

import unicodedata

from wtforms.validators import ValidationError


def display_width(value: str) -> int:
    """Length where a wide (CJK) character counts twice: 5 Chinese characters say as much as 10 letters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value or "")


class MinWidth:
    """WTForms validator: at least `minimum` display width (a CJK character counts as two)."""

    def __init__(self, minimum: int, message):
        self.minimum, self.message = minimum, message

    def __call__(self, form, field) -> None:
        if field.data and display_width(field.data.strip()) < self.minimum:
            raise ValidationError(str(self.message))
