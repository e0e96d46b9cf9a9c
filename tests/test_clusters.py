"""Citation clusters in pandoc's syntax."""

from __future__ import annotations

import pytest

from citekit.clusters import ClusterSyntaxError, parse_cluster


@pytest.mark.parametrize(("text", "cites"), [
    ("[@doe99]", [{"id": "doe99"}]),
    ("[@doe99, p. 33]", [{"id": "doe99", "locator": "33", "label": "page"}]),
    ("[see @doe99, pp. 33-35, 40; -@smith04, ch. 1]", [
        {"id": "doe99", "prefix": "see ", "locator": "33-35, 40", "label": "page"},
        {"id": "smith04", "suppress-author": True, "locator": "1", "label": "chapter"},
    ]),
    ("[@doe99, 33, with notes]",
     [{"id": "doe99", "locator": "33", "label": "page", "suffix": ", with notes"}]),
    ("[@doe99 and elsewhere]", [{"id": "doe99", "suffix": " and elsewhere"}]),
    ("[@doe99, and elsewhere]", [{"id": "doe99", "suffix": ", and elsewhere"}]),
    ("[@{odd key; with space}, sec. 4]", [{"id": "odd key; with space", "locator": "4", "label": "section"}]),
    ("[@doe99, xiv]", [{"id": "doe99", "locator": "xiv", "label": "page"}]),
    ("[@doe99, did]", [{"id": "doe99", "suffix": ", did"}]),
    ("[@doe99, s.v. gargoyle]", [{"id": "doe99", "locator": "gargoyle", "label": "sub-verbo"}]),
    ("[@doe99, ¶ 4; @roe:2001.b, vol. 2]", [
        {"id": "doe99", "locator": "4", "label": "paragraph"},
        {"id": "roe:2001.b", "locator": "2", "label": "volume"},
    ]),
])
def test_pandoc_clusters_become_cite_items(text, cites):
    assert parse_cluster(text) == cites


@pytest.mark.parametrize(("text", "message"), [
    ("@doe99", "write it in brackets"),
    ("[no key here]", "'no key here' has no @key"),
    ("[]", "no @key in it"),
])
def test_malformed_clusters_say_what_is_wrong(text, message):
    with pytest.raises(ClusterSyntaxError, match=message):
        parse_cluster(text)
