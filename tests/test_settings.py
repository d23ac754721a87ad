import logging

import pytest

from banma.settings import Settings


def test_defaults_are_local_and_warn(caplog):
    with caplog.at_level(logging.WARNING, logger="banma"):
        settings = Settings.from_environment({})
    assert settings.is_local and settings.site_url == "http://127.0.0.1:8000/"
    assert "SITE_URL" in caplog.text
    assert settings.edit_link("data/x.yaml") is None


def test_environment_is_read_once_into_the_object(caplog):
    with caplog.at_level(logging.WARNING, logger="banma"):
        settings = Settings.from_environment({"SITE_URL": "https://example.org/sub", "SITE_EDIT_URL":
                                              "https://git.example/o/r/edit/main", "SITE_REPORT_URL": " mailto:a@b.c ",
                                              "SITE_ICP_NUMBER": ""})
    assert caplog.text == ""
    assert settings.site_url == "https://example.org/sub/" and settings.absolute("a/") == "https://example.org/sub/a/"
    assert settings.edit_link("data/x.yaml") == "https://git.example/o/r/edit/main/data/x.yaml"
    assert settings.report_url == "mailto:a@b.c" and settings.icp_number == ""


@pytest.mark.parametrize("key", ["SITE_URL", "SITE_EDIT_URL", "SITE_REPORT_URL"])
def test_addresses_with_other_schemes_are_refused(key):
    with pytest.raises(ValueError, match=key.removeprefix("SITE_").lower()):
        Settings.from_environment({key: "javascript:alert(1)"})


def test_how_a_build_runs_is_a_setting_too(caplog):
    with caplog.at_level(logging.WARNING, logger="banma"):
        quiet = Settings.read({"BANMA_WORKERS": " 3 ", "SITE_CARD_FONT": "/fonts/x.ttc"})
    assert caplog.text == ""  # read() does not warn about the local address; from_environment() does, once a build
    assert quiet.worker_count == 3 and quiet.card_font == "/fonts/x.ttc"
    assert Settings.read({}).worker_count is None and Settings.read({"BANMA_WORKERS": "0"}).worker_count == 0
    with pytest.raises(ValueError, match="BANMA_WORKERS"):
        Settings.read({"BANMA_WORKERS": "two"})
