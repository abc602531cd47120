"""The two ways this repository runs Neo4j (docker-compose.yml and the local launcher) run the
same version and confine LOAD CSV file URLs to an import folder."""

from __future__ import annotations

import posixpath

import yaml

from tests.conftest import ROOT, load_launcher

launcher = load_launcher()


def _compose_service():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return compose["services"]["neo4j"]


def test_compose_image_is_exactly_the_launchers_lts_version():
    image = _compose_service()["image"]
    assert image == f"neo4j:{launcher.LTS_VERSION}-community", \
        f"docker-compose.yml runs {image}; the local launcher's LTS is {launcher.LTS_VERSION}"


def test_compose_confines_file_urls_to_an_import_folder():
    env = _compose_service()["environment"]
    folder = env.get("NEO4J_server_directories_import")
    assert folder, "NEO4J_server_directories_import must name the folder LOAD CSV file URLs are confined to"
    assert posixpath.isabs(folder) and posixpath.normpath(folder) != "/", folder
