"""The compact search index holds exactly what Material wrote, in fewer bytes."""
import gzip
import json
from pathlib import Path

from macros.search_index import compact_search_index

PLAN = (Path(__file__).resolve().parents[1] / "data" / "plan.yaml").read_text(encoding="utf-8")


def test_compacting_changes_the_encoding_not_the_content():
    text = "\u200b".join(PLAN[i:i + 2] for i in range(0, len(PLAN), 2))  # real Chinese, segmented like jieba's
    docs = [{"location": "plan/", "title": "顾正红\u200b纪念馆", "text": f"<p>{text}</p>"}]
    raw = json.dumps({"config": {"lang": ["en"], "separator": "[\\s\\u200b]+"}, "docs": docs}).encode()
    compact = compact_search_index(raw)
    assert json.loads(compact) == json.loads(raw)
    assert len(compact) < len(raw) and len(gzip.compress(compact)) < len(gzip.compress(raw))  # figures: scripts/bench.py
    assert "顾正红" in compact.decode("utf-8")
