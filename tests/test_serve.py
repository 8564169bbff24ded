"""`jaring serve`'s server: folders redirected to their slash form, only its own Host answered, no link
followed out of the output. The server runs in a thread over a small hand-made output folder."""

from __future__ import annotations

import http.client
import http.server
import threading
from functools import partial

import pytest

from generator.serve import Handler, State


@pytest.fixture
def server(tmp_path):
    output = tmp_path / "output"
    (output / "kalimantan-timur" / "grafik").mkdir(parents=True)
    (output / "index.html").write_text("<html><head></head><body>home</body></html>", encoding="utf-8")
    (output / "404.html").write_text("<html><head></head><body>tidak ada</body></html>", encoding="utf-8")
    (output / "kalimantan-timur" / "index.html").write_text(
        "<html><head></head><body>kaltim</body></html>", encoding="utf-8"
    )
    (output / "kalimantan-timur" / "grafik" / "a.csv").write_text("a,b\n", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0", encoding="utf-8")
    (secret / "index.html").write_text("<html><head></head><body>secret</body></html>", encoding="utf-8")
    (output / "passwd").symlink_to(secret / "passwd")
    (output / "luar").symlink_to(secret, target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(output), state=State()))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def get(port: int, path: str, host: str | None = "127.0.0.1:{port}", method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Location"), body


def test_a_folder_without_its_slash_is_redirected_keeping_the_query(server):
    assert get(server, "/kalimantan-timur")[:2] == (301, "/kalimantan-timur/")
    assert get(server, "/kalimantan-timur?w=64.08&w=64.02")[:2] == (301, "/kalimantan-timur/?w=64.08&w=64.02")
    assert get(server, "//kalimantan-timur")[:2] == (301, "/kalimantan-timur/")  # never "//host/"
    status, _, body = get(server, "/kalimantan-timur/")
    assert status == 200 and b"kaltim" in body and b"/_jaring/reload.js" in body
    assert get(server, "/kalimantan-timur/grafik/a.csv")[0::2] == (200, b"a,b\n")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_its_own_host_is_answered(server, host):
    assert get(server, "/", host)[0] == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1", "localhost", "127.0.0.1:1", "[::1]:{port}"])
def test_another_host_is_refused(server, host):
    status, _, body = get(server, "/_jaring/status", host)
    assert status == 421
    assert (
        body
        == (
            f"Misdirected Request: jaring serve answers only http://127.0.0.1:{server}/ and "
            f"http://localhost:{server}/\n"
        ).encode()
    )
    assert get(server, "/index.html", host, method="HEAD")[0] == 421


def test_a_request_without_host_is_refused(server):
    assert get(server, "/", None)[0::2] == (400, b"Bad Request: no Host header\n")


@pytest.mark.parametrize("path", ["/passwd", "/luar/passwd", "/luar/", "/luar", "/luar/index.html"])
def test_no_link_out_of_the_output_is_followed(server, path):
    status, _, body = get(server, path)
    assert status == 404
    assert b"tidak ada" in body and b"root:x" not in body and b"secret" not in body
    assert get(server, path, method="HEAD")[0] == 404
