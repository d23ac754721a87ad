"""How text becomes search tokens. docs/assets/javascripts/search-worker.js applies the same rules
to queries; tests/search checks both sides against one list of examples.

- NFKC, then lower case (full-width letters and digits become ASCII).
- Chinese (Han) runs become overlapping character pairs: 半马苏河 -> 半马 马苏 苏河. A query is
  cut the same way and must match all its pairs, so 长风 never matches 长辈, and 驿站 is found
  inside 滨河驿站 without a dictionary (no word list to add names to, no compound that swallows
  its parts). A one-character run is kept as itself.
- Runs of ASCII letters and digits are words: m50, 1690, trees.
- Names also index their single characters (a one-character query finds names) and their
  pinyin, full and initials, from every syllable on (so banma, suhe and gzh all find a name).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_RUN = re.compile(f"[{HAN}]+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Pairs of Han characters (or a lone one) and ASCII words, in order, with repeats."""
    found = []
    for run in _RUN.findall(normalise(text)):
        if _HAN_RUN.fullmatch(run) and len(run) > 1:
            found += [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            found.append(run)
    return found


def name_tokens(text: str) -> set[str]:
    """A name's tokens plus each of its Han characters, so that one character finds the name."""
    return set(tokens(text)) | set(re.findall(f"[{HAN}]", normalise(text)))


@cache
def _readings(run: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin of a Han run read as a phrase, then with each character's other readings one at a time.

    The phrase reading is usually right; where the dictionary misses a name (长风 read as zhang feng),
    the variant with 长 as chang is there too.
    """
    from pypinyin import Style, lazy_pinyin, pinyin  # imported when names are indexed, not with the data layer
    best = tuple(s.lower() for s in lazy_pinyin(run, style=Style.NORMAL, v_to_u=False))
    variants = [best]
    if len(best) == len(run):
        for position, choices in enumerate(pinyin(run, style=Style.NORMAL, heteronym=True, v_to_u=False)):
            for choice in choices[:3]:
                if choice.lower() != best[position]:
                    variants.append(best[:position] + (choice.lower(),) + best[position + 1:])
    return tuple(variants)


def name_keys(text: str) -> set[str]:
    """Latin keys a name is found by: its pinyin (whole and initials) from every syllable on, and its ASCII words.

    天安千树 -> tiananqianshu, ananqianshu, …, taqs, aqs, …;  M50创意园 -> m50chuangyiyuan, m50cyy, chuangyiyuan, …
    """
    return set(whole_name_keys(text))


def whole_name_keys(text: str) -> dict[str, bool]:
    """name_keys, each with whether it reads the whole name (from the first syllable on): such a key typed in
    full *is* the name (ranking.py ranks it as the name typed exactly)."""
    readings: list[list[tuple[str, ...]]] = []  # per run: its readings
    for run in _RUN.findall(normalise(text)):
        readings.append(list(_readings(run)) if _HAN_RUN.fullmatch(run) else [(run,)])
    keys: dict[str, bool] = {}
    for index, run_readings in enumerate(readings):
        for reading in run_readings:
            # This run read one way, the others in their best reading.
            syllables = [s for i, r in enumerate(readings) for s in (reading if i == index else r[0])]
            for start in range(len(syllables)):
                rest = syllables[start:]
                for key in ("".join(rest), "".join(s[0] for s in rest)):
                    keys[key] = keys.get(key, False) or start == 0
    return {key: whole for key, whole in keys.items() if len(key) >= 2}


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the browser computes the same to find a token's shard."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value
