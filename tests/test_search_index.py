"""The UTF-8 search index holds exactly what Material wrote, in fewer bytes."""
import gzip
import re
import json
from pathlib import Path

from macros.material import compact_search_index

PLAN = (Path(__file__).resolve().parents[1] / "data" / "plan.yaml").read_text(encoding="utf-8")


def roundtrip(data) -> bytes:
    raw = json.dumps(data).encode()  # as Material writes it: ASCII with \\uXXXX escapes
    compact = compact_search_index(raw)
    assert json.loads(compact) == json.loads(raw)
    return compact


def test_chinese_text_becomes_utf8_and_smaller():
    text = "\u200b".join(PLAN[i:i + 2] for i in range(0, len(PLAN), 2))  # real Chinese, segmented like jieba's
    data = {"config": {"separator": "[\\s\\u200b\\u3000\\-、。]+"}, "docs": [{"location": "plan/", "text": text}]}
    raw = json.dumps(data).encode()
    compact = roundtrip(data)
    assert not re.search(r"\\u[4-9][0-9a-f]{3}", compact.decode())  # no Chinese character left escaped
    assert len(compact) < len(raw) and len(gzip.compress(compact)) < len(gzip.compress(raw))


def test_escapes_that_must_stay_escaped():
    data = {"separator": "[\\s\\u200b]+", "quote": "\"引号\" \\ 反斜杠", "control": "a\u0001b\tc\nd",
            "lines": "x\u2028y\u2029z", "emoji": "河🌊", "escaped_text": "\\u4e2d literally"}
    compact = roundtrip(data).decode("utf-8")
    assert "\\\\s\\\\u200b" in compact  # the regex in the config is text, not an escape
    assert "\\u0001" in compact and "\\u2028" in compact and "🌊" in compact


def test_streaming_over_many_documents_in_small_chunks(tmp_path, monkeypatch):
    import macros.material as search_index
    monkeypatch.setattr(search_index, "CHUNK", 64)  # cut everywhere the boundary allows
    docs = [{"location": f"stories/s{i}/", "title": f"故事{i}", "text": "河\u200b岸 \\u4e2d \"},{\"location\": 🌊" * 3}
            for i in range(200)]
    raw = json.dumps({"config": {"separator": "[\\s\\u200b]+"}, "docs": docs}).encode()
    path = tmp_path / "search_index.json"
    path.write_bytes(raw)
    search_index.compact_search_index_file(path)
    assert json.loads(path.read_bytes()) == json.loads(raw)
    assert len(path.read_bytes()) < len(raw)


def test_our_streaming_writer_writes_what_material_would(tmp_path):
    from material.plugins.search.plugin import SearchIndex

    from macros.material import write_search_index
    config = {"lang": ["en"], "separator": "[\\s\\u200b]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}}}
    index = SearchIndex(**config)
    index.entries = [{"location": f"stories/s{i}/", "title": f"故事{i} \"引号\" </script>",
                      "text": "河\u200b岸\u0001\u2028 🌊 \\u4e2d" * (i + 1), "tags": []} for i in range(50)]
    path = tmp_path / "search_index.json"
    write_search_index(path, config, index.entries)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(index.generate_search_index(None))
