"""TLS: neo4j+s:// and bolt+s:// against a real server with a certificate from a test CA.

The server is a second local instance with Bolt TLS required; the test CA is trusted through
SSL_CERT_FILE, as a user would trust a private CA.
"""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from alliance_graph import AllianceGraph, ConnectionFailed, Settings, load_dataset
from alliance_graph.cli import cli
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.neo4j


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def tls_server(neo4j_server, tmp_path_factory):
    if neo4j_server["how"] != "local":
        pytest.skip("the TLS test starts its own server with the local launcher")
    d = tmp_path_factory.mktemp("tls")
    (d / "bolt" / "trusted").mkdir(parents=True)
    (d / "bolt" / "revoked").mkdir()
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=agraph test CA", cwd=d)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "bolt/private.key", "-out", "server.csr",
             "-subj", "/CN=localhost", cwd=d)
    (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "bolt/public.crt", "-days", "2", "-extfile", "san.ext", cwd=d)
    launcher = neo4j_server["launcher"]
    version = neo4j_server["info"]["version"]
    name = f"tls-test-{version}"
    info = launcher.start(version=version, password=TEST_PASSWORD, name=name, settings={
        "dbms.ssl.policy.bolt.enabled": "true",
        "dbms.ssl.policy.bolt.base_directory": str(d / "bolt"),
        "dbms.ssl.policy.bolt.client_auth": "NONE",
        "server.bolt.tls_level": "REQUIRED",
    })
    yield {"port": info["bolt_port"], "ca": d / "ca.pem"}
    launcher.stop(name)


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s"])
def test_verified_tls_with_a_trusted_ca(tls_server, monkeypatch, scheme):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server["ca"]))
    settings = Settings(f"{scheme}://localhost:{tls_server['port']}", "neo4j", TEST_PASSWORD)
    with AllianceGraph.neo4j(settings) as g:
        g.load(load_dataset(), wipe=True)
        assert [m.name for m in g.members("AI Alliance")][:2] == ["IBM", "Meta"]


def test_self_signed_scheme_without_the_ca(tls_server):
    with AllianceGraph.neo4j(Settings(f"bolt+ssc://127.0.0.1:{tls_server['port']}", "neo4j", TEST_PASSWORD)) as g:
        assert g.rows("stats")


def test_untrusted_certificate_is_a_clear_error(tls_server, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(ConnectionFailed) as info:
        AllianceGraph.neo4j(Settings(f"bolt+s://localhost:{tls_server['port']}", "neo4j", TEST_PASSWORD))
    assert TEST_PASSWORD not in str(info.value)


def test_plain_bolt_to_a_tls_only_server_fails_in_one_line(tls_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", f"bolt://neo4j:{TEST_PASSWORD}@127.0.0.1:{tls_server['port']}")
    monkeypatch.setenv("NEO4J_PASSWORD", TEST_PASSWORD)
    result = CliRunner().invoke(cli, ["stats"], catch_exceptions=False)
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert TEST_PASSWORD not in result.output and "neo4j:" + TEST_PASSWORD not in result.output
    assert len(result.output.strip().splitlines()) <= 2
