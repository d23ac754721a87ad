"""QR codes as inline SVG, made at build time (no outside service), as segno makes them, in about a third of its time.

A code is a pure function of its URL: segno (pinned) turns the URL into codewords, error correction included;
what is the same for every code of a version (the function patterns, where each codeword bit goes, the eight data
masks) is worked out once per version; the mask with the lowest penalty (ISO/IEC 18004 7.8.3, counted exactly as
segno counts it) is found with whole-matrix integer operations instead of a loop over every module, and the SVG is
written as segno's `svg_inline(**OPTIONS)` writes it. tests/pages/test_qr.py holds every code to segno's own, byte for
byte, across versions. Nothing is cached on disk: drawing a code costs about as much as reading a cache entry would
save, and nothing read back from a file can reach a page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup
from segno import consts, encoder

OPTIONS = dict(scale=4, border=2, dark="#000", light="#fff", svgclass="hm-qr__code", lineclass=None, omitsize=True)
ERROR = "m"
_N3_PATTERN = re.compile(b"(?=\x01\x00\x01\x01\x01\x00\x01)")  # dark light dark dark dark light dark, overlapping
_DARK_RUNS = re.compile(rb"\x01+")


def qr_svg(url: str) -> Markup:
    # The URL is encoded as modules, never as text: the markup is fixed attributes and path data.
    version, error, modules = _modules(url)
    shape = _shape(version)
    mask = _best_mask(shape, modules, _transposed(shape, modules))
    rows = _rows(shape, modules ^ shape.masks[mask])
    encoder.add_format_info(rows, version, error, mask)
    encoder.add_version_info(rows, version)
    return Markup(_svg(rows))


def _modules(url: str) -> tuple[int, int, int]:
    """(version, error level, the unmasked matrix as an integer of one byte per module, row by row), as segno's
    encoder.encode makes them for make(url, error=ERROR, micro=False)."""
    segments = encoder.prepare_data(url, None, None)
    error = encoder.normalize_errorlevel(ERROR)
    version = encoder.find_version(segments, error, eci=False, micro=False)
    error = encoder.boost_error_level(version, error, segments, False)
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    bits = encoder.make_final_message(version, error, buffer).getbits()
    shape = _shape(version)
    flat = bytearray(shape.base)
    for position, bit in zip(shape.placement, bits, strict=True):
        flat[position] = bit
    return version, error, int.from_bytes(flat, "big")


@dataclass(frozen=True)
class Shape:
    """What every code of one version shares. Matrices are integers with one byte (0 or 1) per module, row by row
    from the top left, so that one shift moves every module a column right (8 bits) or a row down (8 x width)."""

    width: int
    base: bytes  # the function patterns, with the data region and the format and version areas light
    placement: tuple[int, ...]  # where each bit of the final message goes, in order
    masks: tuple[int, ...]  # the eight data masks, on the data region only
    masks_transposed: tuple[int, ...]  # the same, column by column
    ones: int  # every module 1
    from_column_1: int  # 1 on every module but the first column's
    from_row_1: int  # 1 on every module but the first row's


@cache
def _shape(version: int) -> Shape:
    width = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    free = [(i, j) for i in range(width) for j in range(width) if matrix[i][j] == 0x2]  # the data region
    base = bytes(0 if value == 0x2 else value for row in matrix for value in row)
    masks = tuple(int.from_bytes(bytes(_masked_region(width, free, pattern)), "big")
                  for pattern in encoder.get_data_mask_functions(False))
    ones = int.from_bytes(b"\x01" * width * width, "big")
    column_1 = int.from_bytes((b"\x00" + b"\x01" * (width - 1)) * width, "big")
    row_1 = int.from_bytes(b"\x00" * width + b"\x01" * width * (width - 1), "big")
    transposed = tuple(_transposed_bytes(width, mask) for mask in masks)
    return Shape(width, base, _placement(width, {i * width + j for i, j in free}), masks, transposed, ones, column_1,
                 row_1)


def _transposed_bytes(width: int, matrix: int) -> int:
    flat = matrix.to_bytes(width * width, "big")
    return int.from_bytes(b"".join(flat[j::width] for j in range(width)), "big")


def _transposed(shape: Shape, modules: int) -> int:
    return _transposed_bytes(shape.width, modules)


def _masked_region(width: int, free: list[tuple[int, int]], pattern) -> bytearray:
    cells = bytearray(width * width)
    for i, j in free:
        cells[i * width + j] = 1 if pattern(i, j) else 0
    return cells


def _placement(width: int, free: set[int]) -> tuple[int, ...]:
    """The data region's modules in the order codeword bits fill them (ISO/IEC 18004 7.7.3, as segno's
    add_codewords walks them): two-module columns from the right, up and down in turn, skipping the timing
    column."""
    order = []
    for right in range(width - 1, 0, -2):
        if right <= 6:
            right -= 1
        upwards = (right & 2) == 0
        for vertical in range(width):
            for j in (right, right - 1):
                i = (width - 1 - vertical) if (upwards ^ (j < 6)) else vertical
                if i * width + j in free:
                    order.append(i * width + j)
    return tuple(order)


def _best_mask(shape: Shape, modules: int, transposed: int) -> int:
    """The first mask with the lowest penalty (segno's encoder.mask_scores)."""
    scores = [_penalty(shape, modules ^ mask, transposed ^ mask_transposed)
              for mask, mask_transposed in zip(shape.masks, shape.masks_transposed, strict=True)]
    return scores.index(min(scores))


def _penalty(shape: Shape, matrix: int, transposed: int) -> int:
    width = shape.width
    light = matrix ^ shape.ones
    score = 0
    for step, valid in ((8, shape.from_column_1), (8 * width, shape.from_row_1)):  # along rows, then columns
        same = (matrix ^ (matrix >> step) ^ shape.ones) & valid  # a module like the one before it
        five = same & (same >> step) & (same >> 2 * step) & (same >> 3 * step)  # ... and the three before that
        runs = five & ((five >> step) ^ shape.ones)  # where a run of five or more reaches its fifth module
        score += five.bit_count() + 2 * runs.bit_count()  # N1: 3 + (length - 5) per run
    for colour in (matrix, light):  # N2: 3 per 2 x 2 block of one colour
        pairs = colour & (colour >> 8) & shape.from_column_1
        score += 3 * (pairs & (pairs >> 8 * width)).bit_count()
    score += _finder_like(matrix.to_bytes(width * width, "big"), width)
    score += _finder_like(transposed.to_bytes(width * width, "big"), width)
    dark_share = matrix.bit_count() / (width * width)
    return score + 10 * int(abs(dark_share * 100 - 50) / 5)  # N4


def _finder_like(flat: bytes, width: int) -> int:
    """N3 of every row of `flat`: 40 per 1:1:3:1:1 pattern with four light modules (or the edge) on one side, found
    as segno finds them (after one that counts, the next is looked for from its end; else from its fifth module)."""
    count, line, resume = 0, -1, 0
    for match in _N3_PATTERN.finditer(flat):
        found = match.start()
        start = found - found % width
        if found - start > width - 7:
            continue  # runs over into the next row
        if start != line:
            line, resume = start, start
        if found < resume:
            continue
        before, after = flat[max(found - 4, start):found], flat[found + 7:min(found + 11, start + width)]
        if 1 not in before or 1 not in after:
            count += 40
            resume = found + 7
        else:
            resume = found + 4
    return count


def _rows(shape: Shape, matrix: int) -> list[bytearray]:
    flat = matrix.to_bytes(shape.width * shape.width, "big")
    return [bytearray(flat[i:i + shape.width]) for i in range(0, len(flat), shape.width)]


def _svg(rows: list[bytearray]) -> str:
    """What segno's svg_inline(**OPTIONS) writes: a white square, then one path of horizontal dark runs, each
    moved to relative to the end of the one before."""
    border, scale = OPTIONS["border"], OPTIONS["scale"]
    side = len(rows) + 2 * border
    parts, last_x, last_y = [], 0, 0.0
    for number, row in enumerate(rows):
        y = border + number + 0.5
        for run in _DARK_RUNS.finditer(row):
            start = border + run.start()
            if parts:
                parts.append(f"m{start - last_x} {int(y - last_y)}h{run.end() - run.start()}")
            else:
                parts.append(f"M{start} {y}h{run.end() - run.start()}")
            last_x, last_y = border + run.end(), y
    return (f'<svg viewBox="0 0 {side * scale} {side * scale}" class="{OPTIONS["svgclass"]}">'
            f'<g transform="scale({scale})"><path fill="{OPTIONS["light"]}" d="M0 0h{side}v{side}h-{side}z"/>'
            f'<path stroke="{OPTIONS["dark"]}" d="{"".join(parts)}"/></g></svg>')
