"""Figure extraction from Chinese articles: pure Python, no Django."""

from .extract import Fact, extract_file, extract_text
from .normalize import Normalized, UnsupportedInput, decode_bytes, normalize

__all__ = [
    "Fact",
    "Normalized",
    "UnsupportedInput",
    "decode_bytes",
    "extract_file",
    "extract_text",
    "normalize",
]
