"""The editing page asks GitHub for no more than it needs (issue 35): `public_repo` for a public repository.

Decap's GitHub backend asks for the full `repo` scope by default: a token that reaches every private repository of
the editor, kept in localStorage on the site's origin. SITE_CMS_PUBLIC_REPO (default true) narrows it.
"""
import pytest
import yaml
from helpers import FIXTURE

from banma.pages.editor_form import backend, config_yaml
from banma.records.loader import load_site
from banma.settings import Settings

GITHUB = {"SITE_CMS_BACKEND": "github", "SITE_CMS_REPO": "putuo/banma-suhe",
          "SITE_CMS_BASE_URL": "https://oauth.example.org", "SITE_URL": "https://banma.example.org/"}


def test_a_public_repository_asks_for_public_repo_only():
    assert backend(Settings.from_environment(GITHUB))["auth_scope"] == "public_repo"


def test_a_private_repository_needs_the_full_scope():
    settings = Settings.from_environment({**GITHUB, "SITE_CMS_PUBLIC_REPO": "false"})
    assert "auth_scope" not in backend(settings)  # Decap's default: repo


@pytest.mark.parametrize("name", ["forgejo", "gitea"])
def test_other_hosts_get_no_github_scope(name):
    settings = Settings.from_environment({**GITHUB, "SITE_CMS_BACKEND": name, "SITE_CMS_APP_ID": "abc"})
    assert "auth_scope" not in backend(settings)


def test_the_local_form_server_gets_no_scope():
    assert "auth_scope" not in backend(Settings())


def test_a_value_that_is_neither_true_nor_false_is_refused():
    with pytest.raises(ValueError, match="SITE_CMS_PUBLIC_REPO.*true.*false"):
        Settings.from_environment({**GITHUB, "SITE_CMS_PUBLIC_REPO": "yes please"})


def test_the_written_config_carries_it():
    config = yaml.safe_load(config_yaml(load_site(FIXTURE), Settings.from_environment(GITHUB)))
    assert config["backend"]["auth_scope"] == "public_repo" and config["backend"]["name"] == "github"
