"""The index files: tokens land in the shard the worker will look in, postings decode to the documents."""
import json

from banma.search.documents import SearchDoc, page_document
from banma.search.index import CHUNK, FOLDER, build_index
from banma.search.tokens import fnv1a


def decode(postings: str) -> dict[int, int]:
    found, doc = {}, 0
    for entry in postings.split(","):
        delta, _, weight = entry.partition(":")
        doc += int(delta, 36)
        found[doc] = int(weight, 36) if weight else 1
    return found


DOCS = [SearchDoc("a/", "顾正红纪念馆", "地点", ["顾正红纪念馆", "工业初心"], "纪念顾正红。", ["正文提到驿站。"]),
        SearchDoc("b/", "滨河驿站", "地点", ["滨河驿站"], "一座驿站。", ["驿站驿站驿站"]),
        SearchDoc("c/", "隐私声明", "页面", ["隐私声明"], "", ["本站不提到顾正红以外的任何人。"], 0.2)]


def load(files, path):
    return json.loads(files[f"{FOLDER}/{path}"])


def test_every_token_is_in_the_shard_its_hash_names():
    files = build_index(DOCS)
    meta = load(files, "meta.json")
    assert meta["docs"] == 3 and meta["chunk"] == CHUNK
    postings = {}
    for n in range(meta["termShards"]):
        for token, entries in load(files, f"t/{n}.json").items():
            assert fnv1a(token) % meta["termShards"] == n
            postings[token] = decode(entries)
    assert set(postings["驿站"]) == {0, 1}
    assert set(postings["正红"]) == {0, 2}
    # A name outweighs a summary, which outweighs a body; repeats count, up to a cap.
    assert postings["正红"][0] > postings["正红"][2]
    assert postings["驿站"][1] > postings["驿站"][0]


def test_fnv1a_matches_the_published_test_vectors():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_pinyin_keys_are_sharded_by_their_first_two_letters():
    files = build_index(DOCS)
    shard = load(files, "k/gu.json")
    assert decode(shard["guzhenghongjinianguan"]) == {0: 2}  # 2: the key reads the whole name
    assert decode(load(files, "k/zh.json")["zhenghongjinianguan"]) == {0: 1}  # 1: from a later syllable on
    assert "gongyechuxin" in load(files, "k/go.json")  # aliases too
    keys = {key for path, content in files.items() if path.startswith(f"{FOLDER}/k/") for key in json.loads(content)}
    assert "zhengwen" not in keys and "yizuo" not in keys  # a body's or summary's words get no pinyin


def test_documents_carry_what_a_result_shows():
    files = build_index(DOCS)
    url, title, kind, names, snippet, boost = load(files, "d/0.json")[2]
    assert (url, title, kind, boost) == ("c/", "隐私声明", "页面", 0.2)
    assert snippet == "本站不提到顾正红以外的任何人。"


def test_page_text_leaves_out_excluded_parts():
    html = ('<p>看得见的文字</p><nav>导航</nav><div data-search-exclude><p>列表<b>粗</b></p></div>'
            '<svg><text>地图</text></svg><script>var x = "脚本";</script><p>结尾<br>换行</p>')
    doc = page_document("p/", "页", html)
    assert doc.body == ["看得见的文字 结尾 换行"]
