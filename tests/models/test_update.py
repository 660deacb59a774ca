"""The data update against a list server on 127.0.0.1: good transfers, misbehaving servers, bad content.

Every case ends with the database updated correctly or unchanged (compared by a dump), and a message
that says what happened.
"""
from __future__ import annotations

import re

import pytest
from conftest import shared_file
from helpers import fingerprint
from list_server import list_server, write_settings  # noqa: F401  (the fixture)

from models.errors import ImportCancelled
from models.progress import Progress
from models.update.report import CANCELLED, FAILED, NO_CHANGE, UPDATED, VERIFIED, UpdateReport
from models.update.settings import load_settings
from models.update.updater import UpdateBusy, downloads_dir, run_update, update_lock

pytestmark = pytest.mark.both_engines      # every store in this file: SQLite, then PostgreSQL

UN = "un/consolidated.xml"
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head><body>Try later</body></html>"


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path, monkeypatch):
    """On a server database the downloads are kept in the user's cache folder: the test's own, here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _un_source(list_server, tmp_path, route: str = "/consolidated.xml", **settings):
    """Settings with one source, the UN list at `route` on the server."""
    url = list_server.base + route
    return load_settings(write_settings(tmp_path / "sources.toml", {"un": [("consolidated.xml", url, "un_xml")]},
                                        **settings))


def _un_snapshots(store) -> list[tuple]:
    return [tuple(r) for r in store.rows("SELECT list_name, snapshot_date, date_basis FROM list_snapshots")]


def _unchanged(store, before: str, outcome, *words: str) -> None:
    assert fingerprint(store) == before, "the database changed"
    assert outcome.status == FAILED
    assert "the database is unchanged" in outcome.message
    for word in words:
        assert word in outcome.message, outcome.message


def test_update_imports_a_dated_snapshot_then_reports_no_change_without_the_body(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    settings = _un_source(list_server, tmp_path)

    first = run_update(store, settings).outcomes[0]
    assert first.status == UPDATED, first.message
    assert _un_snapshots(store) == [("UN Consolidated", "2026-02-27", "dateGenerated in the file")]
    assert "UN Consolidated: snapshot of 2026-02-27 (dateGenerated in the file)" in first.snapshots
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1") == 155
    before = fingerprint(store, skip=("update_fetches",))

    second = run_update(store, settings).outcomes[0]
    assert second.status == NO_CHANGE and "304" in second.message
    last = list_server.hits("/consolidated.xml")[-1]
    assert last.status == 304 and last.body_bytes == 0
    assert last.headers.get("If-None-Match") == '"v1"'
    assert last.headers.get("If-Modified-Since") == "Wed, 02 Dec 2026 10:00:00 GMT"
    assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == 1
    assert store.scalar("SELECT COUNT(*) FROM source_files") == 1
    assert before == fingerprint(store, skip=("update_fetches",))    # only the fetch bookkeeping may move


def test_a_changed_etag_imports_the_new_version_and_shows_what_changed(store, list_server, tmp_path):
    body = shared_file(UN).read_bytes()
    list_server.serve("/consolidated.xml", body)
    settings = _un_source(list_server, tmp_path)
    assert run_update(store, settings).outcomes[0].status == UPDATED
    # The next edition: a day later, one DPRK entry delisted.
    start = body.index(b"<REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER>")
    begin, end = body.rindex(b"<INDIVIDUAL>", 0, start), body.index(b"</INDIVIDUAL>", start) + len(b"</INDIVIDUAL>")
    newer = (body[:begin] + body[end:]).replace(b'dateGenerated="2026-02-27', b'dateGenerated="2026-02-28')
    list_server.serve("/consolidated.xml", newer, etag='"v2"')

    outcome = run_update(store, settings).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert list_server.hits("/consolidated.xml")[-1].headers.get("If-None-Match") == '"v1"'
    assert [s[1] for s in _un_snapshots(store)] == ["2026-02-27", "2026-02-28"]
    (changes,) = outcome.changes
    assert (changes.from_date, changes.to_date) == ("2026-02-27", "2026-02-28")
    assert [c.source_id for c in changes.removed] == ["KPi.001"] and changes.removed[0].dprk
    assert not changes.added and not changes.amended
    text = UpdateReport(outcomes=[outcome]).summary()
    assert "DPRK-related:" in text and "removed" in text and "KPi.001" in text


def test_a_server_without_validators_sending_the_same_file_is_no_change(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), etag=None, last_modified=None)
    settings = _un_source(list_server, tmp_path)
    assert run_update(store, settings).outcomes[0].status == UPDATED
    before = fingerprint(store, skip=("update_fetches",))
    outcome = run_update(store, settings).outcomes[0]
    assert outcome.status == NO_CHANGE and "same SHA-256" in outcome.message
    assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == 1
    assert fingerprint(store, skip=("update_fetches",)) == before   # only the fetch bookkeeping may move
    assert store.scalar("SELECT COUNT(*) FROM source_files") == 1


def test_a_file_already_imported_by_hand_is_not_imported_again(store, list_server, tmp_path):
    from models.importers import import_files

    import_files(store, [shared_file(UN)])
    list_server.serve("/consolidated.xml", shared_file(UN))
    before = store.scalar("SELECT COUNT(*) FROM list_snapshots")
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    assert outcome.status == NO_CHANGE and "already in the database" in outcome.message
    assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == before


def test_a_slow_server_times_out_and_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), delay=1.0)
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path, timeout=0.2, retries=1)).outcomes[0]
    _unchanged(store, before, outcome, "did not answer within 0.2 s", "gave up after 2 attempts")


def test_a_body_cut_short_is_resumed_with_a_range_request(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), truncate_times=1)
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    resumed = list_server.hits("/consolidated.xml")[-1]
    assert resumed.status == 206 and resumed.headers["Range"].startswith("bytes=")
    assert resumed.headers["If-Range"] == '"v1"'
    assert "resumed at byte" in outcome.files[0]
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1") == 155


def test_a_body_always_cut_short_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), truncate_times=99, ranges=False)
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path, retries=2)).outcomes[0]
    _unchanged(store, before, outcome, "could not download consolidated.xml", "gave up after 3 attempts")
    assert len(list_server.hits("/consolidated.xml")) == 3


def test_a_500_then_200_is_retried(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), fail_times=1)
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert [h.status for h in list_server.hits("/consolidated.xml")] == [500, 200]
    assert "took 2 attempts" in outcome.files[0] and "500" in outcome.files[0]


def test_a_persistent_500_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), fail_times=99)
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path, retries=1)).outcomes[0]
    _unchanged(store, before, outcome, "500", "gave up after 2 attempts")


def test_a_redirect_is_followed(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    list_server.serve("/old/consolidated.xml", b"", redirect_to=list_server.base + "/consolidated.xml")
    outcome = run_update(store, _un_source(list_server, tmp_path, route="/old/consolidated.xml")).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert f"from {list_server.base}/consolidated.xml" in outcome.files[0]


def test_a_wrong_content_type_does_not_decide_the_content_does(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), content_type="text/html; charset=utf-8")
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert any("labelled it text/html" in n for n in outcome.notes)


def test_an_html_error_page_instead_of_the_list_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", HTML_PAGE, content_type="text/html")
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    _unchanged(store, before, outcome, "web page (HTML", "instead of the list")


def test_the_wrong_list_at_an_address_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file("ofac/2025-12-24/sdn_comments.csv"))
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    _unchanged(store, before, outcome, "recognised as an OFAC comments CSV",
               "should be the UN consolidated list (XML)")


def test_a_file_over_the_size_limit_is_refused(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path, max_file_mb=1)).outcomes[0]
    _unchanged(store, before, outcome, "over the limit of 1.0 MB", "max_file_mb")
    assert len(list_server.hits("/consolidated.xml")) == 1     # not retried


def test_a_file_that_fails_to_parse_changes_nothing(store, list_server, tmp_path):
    body = shared_file(UN).read_bytes()
    broken = body[: len(body) // 2] + b"<INDIVIDUAL><broken></INDIVIDUAL>"
    list_server.serve("/consolidated.xml", broken)
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path)).outcomes[0]
    _unchanged(store, before, outcome, "the import failed", "consolidated.xml")
    # Nothing was recorded as fetched: the next update downloads it again instead of trusting a 304.
    list_server.serve("/consolidated.xml", shared_file(UN))
    assert run_update(store, _un_source(list_server, tmp_path)).outcomes[0].status == UPDATED
    assert "If-None-Match" not in list_server.hits("/consolidated.xml")[-1].headers


def test_one_failing_source_does_not_stop_the_others(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    list_server.serve("/sdn.csv", HTML_PAGE, content_type="text/html")
    settings = load_settings(write_settings(tmp_path / "s.toml", {
        "ofac": [("sdn.csv", list_server.base + "/sdn.csv", "ofac_csv")],
        "un": [("consolidated.xml", list_server.base + "/consolidated.xml", "un_xml")]}))
    report = run_update(store, settings)
    assert [o.status for o in report.outcomes] == [FAILED, UPDATED]
    assert report.failed
    assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == 1


def test_an_ofac_csv_set_is_dated_by_the_download_time_and_imported_together(store, list_server, tmp_path):
    files = [("sdn.csv", "ofac/2021-07-07/sdn.csv", "ofac_csv"), ("add.csv", "ofac/2021-07-07/add.csv", "ofac_add_csv"),
             ("alt.csv", "ofac/2021-07-07/alt.csv", "ofac_alt_csv")]
    entries = [(name, list_server.serve(f"/{name}", shared_file(rel)), fmt) for name, rel, fmt in files]
    settings = load_settings(write_settings(tmp_path / "s.toml", {"ofac_sdn": entries}))
    outcome = run_update(store, settings).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    ((name, day, basis),) = _un_snapshots(store)
    assert name == "OFAC SDN" and basis.startswith(f"the download time {day}T")
    assert basis.endswith("the file carries no publication date")
    assert store.scalar("SELECT COUNT(*) FROM source_files") == 3
    assert store.scalar("SELECT COUNT(*) FROM designation_aliases") > 0      # alt.csv went with sdn.csv


def test_a_dry_run_downloads_and_verifies_but_imports_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    before = fingerprint(store)
    outcome = run_update(store, _un_source(list_server, tmp_path), dry_run=True).outcomes[0]
    assert outcome.status == VERIFIED
    assert outcome.snapshots == ["consolidated.xml: would be the snapshot of 2026-02-27 (the file's own "
                                 "publication date)"]
    assert fingerprint(store) == before


def test_cancel_during_the_download_changes_nothing(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    before = fingerprint(store)
    progress = Progress()

    def cancel_once_started(done, total, text):
        if text.startswith("Downloading"):
            progress.cancel()
    progress._callback = cancel_once_started
    progress._interval = 0
    outcome = run_update(store, _un_source(list_server, tmp_path), progress=progress).outcomes[0]
    assert outcome.status == CANCELLED and "the database is unchanged" in outcome.message
    assert fingerprint(store) == before


def test_an_update_never_runs_twice_at_once(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN))
    with update_lock(store):
        with pytest.raises(UpdateBusy, match=f"another update of {re.escape(store.path.name)} is running"):
            run_update(store, _un_source(list_server, tmp_path))
    assert not list_server.log


def test_an_https_address_redirected_to_http_is_refused(store, list_server, tmp_path):
    import httpx

    from models.update.download import Downloader, TransferError
    from models.update.settings import SourceFile, Transfer

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://lists.example/consolidated.xml"})
        return httpx.Response(200, content=b"<CONSOLIDATED_LIST/>")
    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    downloader = Downloader(Transfer(retries=0), client)
    with pytest.raises(TransferError, match="redirected from HTTPS to an unencrypted address"):
        downloader.fetch(SourceFile("consolidated.xml", "https://lists.example/consolidated.xml"),
                         tmp_path / "consolidated.xml", None, Progress())
    with pytest.raises(ImportCancelled):
        cancelled = Progress()
        cancelled.cancel()
        downloader.fetch(SourceFile("x.xml", "https://lists.example/x.xml"), tmp_path / "x.xml", None, cancelled)


def test_an_update_keeps_the_users_confirmed_revenue_tags(store, list_server, tmp_path):
    from models import revenue

    body = shared_file(UN).read_bytes()
    list_server.serve("/consolidated.xml", body)
    settings = _un_source(list_server, tmp_path)
    run_update(store, settings)
    designation_id = store.scalar("SELECT designation_id FROM designations WHERE source_id = 'KPe.001'")
    with store.transaction() as conn:
        revenue.set_streams(conn, designation_id, ["shipping"])
    confirmed = store.rows("SELECT stream, status FROM revenue_tags WHERE designation_id = ?", (designation_id,))
    list_server.serve("/consolidated.xml", body.replace(b'dateGenerated="2026-02-27', b'dateGenerated="2026-02-28'),
                      etag='"v2"')
    assert run_update(store, settings).outcomes[0].status == UPDATED
    assert store.scalar("SELECT COUNT(*) FROM list_snapshots") == 2
    after = store.rows("SELECT stream, status FROM revenue_tags WHERE designation_id = ?", (designation_id,))
    assert [tuple(r) for r in after] == [tuple(r) for r in confirmed] == [("shipping", "confirmed")]


def test_the_cns_workbook_updates_the_missiles(store, list_server, tmp_path):
    url = list_server.serve("/cns.xlsx", shared_file("missiles/north_korea_missile_test_database.xlsx"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    settings = load_settings(write_settings(tmp_path / "s.toml", {
        "cns_missiles": [("north_korea_missile_test_database.xlsx", url, "cns_xlsx")]}))
    outcome = run_update(store, settings).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert store.scalar("SELECT COUNT(*) FROM missiles") == 156
    assert outcome.snapshots == ["north_korea_missile_test_database.xlsx: data as of "
                                 f"{store.scalar('SELECT snapshot_date FROM source_files')} "
                                 "(newest 'Date Entered/Updated' in the file)"]


def test_a_source_kept_but_not_imported(store, list_server, tmp_path):
    url = list_server.serve("/sdnnew23.txt", shared_file("ofac/changes/sdnnew23.txt"), content_type="text/plain")
    path = write_settings(tmp_path / "s.toml", {}, extra='[[source]]\nname = "ofac_changes"\nimport = false\n'
                          f'files = [{{ name = "sdnnew23.txt", url = "{url}" }}]\n')
    before = store.scalar("SELECT COUNT(*) FROM source_files")
    outcome = run_update(store, load_settings(path)).outcomes[0]
    assert outcome.status == "downloaded" and "this version does not import it" in outcome.message
    kept = downloads_dir(store) / "ofac_changes" / "sdnnew23.txt"     # beside the file; a server's: cached
    assert kept.read_bytes() == shared_file("ofac/changes/sdnnew23.txt").read_bytes()
    assert store.scalar("SELECT COUNT(*) FROM source_files") == before
    assert run_update(store, load_settings(path)).outcomes[0].status == NO_CHANGE      # 304 the next time


def test_the_change_archive_is_imported_and_each_newer_copy_replaces_the_last(store, list_server, tmp_path):
    from conftest import FIXTURES
    from models.importers import import_files
    from models.paths import RESOURCES_DIR

    shipped = {s.name: s for s in load_settings(RESOURCES_DIR / "update" / "sources.toml").sources}
    assert shipped["ofac_changes"].enabled and shipped["ofac_changes"].do_import
    changes = FIXTURES / "sanctions" / "changes"
    import_files(store, [changes / "sdn_2023-03-10.csv"])          # the archive is matched to the list's entries
    full = (changes / "sdnnew_small.txt").read_bytes()
    list_server.serve("/sdnnew23.txt", full[:full.index(b"03/20/23:")], content_type="text/plain")
    path = write_settings(tmp_path / "s.toml", {}, extra='[[source]]\nname = "ofac_changes"\n'
                          f'files = [{{ name = "sdnnew23.txt", url = "{list_server.base}/sdnnew23.txt" }}]\n')
    claims = "SELECT source_id, event, date_to FROM designation_dates WHERE source_id = '201' ORDER BY date_to"
    first = run_update(store, load_settings(path)).outcomes[0]
    assert first.status == UPDATED, first.message
    assert [tuple(r) for r in store.rows(claims)] == [("201", "designated", "2023-03-01")]
    list_server.serve("/sdnnew23.txt", full, content_type="text/plain", etag='"v2"')
    second = run_update(store, load_settings(path)).outcomes[0]
    assert second.status == UPDATED, second.message
    assert any(n.startswith("supersedes sdnnew23.txt") for n in second.import_report.files[0].notes)
    assert [tuple(r) for r in store.rows(claims)] == [("201", "designated", "2023-03-01"),
                                                      ("201", "removed", "2023-03-20")]
    assert store.scalar("SELECT removed_on FROM designations WHERE source_id = '201'") == "2023-03-20"


def test_the_system_proxy_is_used(store, list_server, tmp_path, monkeypatch):
    # The list server acts as the proxy: a proxied request names the whole address in its request line.
    list_server.serve("http://lists.invalid/consolidated.xml", shared_file(UN))
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, list_server.base)
    settings = load_settings(write_settings(tmp_path / "s.toml", {
        "un": [("consolidated.xml", "http://lists.invalid/consolidated.xml", "un_xml")]}))
    outcome = run_update(store, settings).outcomes[0]
    assert outcome.status == UPDATED, outcome.message
    assert [h.path for h in list_server.log] == ["http://lists.invalid/consolidated.xml"]


def test_certificates_are_verified_and_the_environment_trusted():
    import ssl

    from models.update.download import make_client
    from models.update.settings import Transfer

    client = make_client(Transfer(timeout=7))
    try:
        context = client._transport._pool._ssl_context        # httpx's default transport
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert client.trust_env and client.follow_redirects
        assert client.timeout.read == client.timeout.connect == 7
    finally:
        client.close()


def test_a_download_cut_short_in_one_update_resumes_in_the_next(store, list_server, tmp_path):
    list_server.serve("/consolidated.xml", shared_file(UN), truncate_times=1)
    before = fingerprint(store)
    first = run_update(store, _un_source(list_server, tmp_path, retries=0)).outcomes[0]
    _unchanged(store, before, first, "gave up after 1 attempt)")
    second = run_update(store, _un_source(list_server, tmp_path, retries=0)).outcomes[0]
    assert second.status == UPDATED, second.message
    resumed = list_server.hits("/consolidated.xml")[-1]
    assert resumed.status == 206 and resumed.headers["If-Range"] == '"v1"'
    assert store.scalar("SELECT COUNT(*) FROM designations WHERE dprk = 1") == 155


def _mock_downloader(handler, **transfer):
    import httpx

    from models.update.download import Downloader
    from models.update.settings import Transfer

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    return Downloader(Transfer(**{"retries": 2, "backoff": 0.01, **transfer}), client, sleep=lambda s: None)


def test_a_body_without_a_length_is_stopped_at_the_size_limit(tmp_path):
    import httpx

    from models.update.download import TransferError
    from models.update.settings import SourceFile

    def endless():
        while True:
            yield b"1," * 32768

    downloader = _mock_downloader(lambda request: httpx.Response(200, content=endless()))
    with pytest.raises(TransferError, match="passed the limit of 1.0 MB"):
        downloader.fetch(SourceFile("sdn.csv", "https://lists.example/sdn.csv", max_bytes=2 ** 20),
                         tmp_path / "sdn.csv", None, Progress())
    assert not list(tmp_path.iterdir())                  # no partial file left behind


def test_too_many_requests_waits_as_the_server_asks(tmp_path):
    import httpx

    from models.update.settings import SourceFile

    answers = iter([httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, content=b"<x/>")])
    downloader = _mock_downloader(lambda request: next(answers))
    fetched = downloader.fetch(SourceFile("x.xml", "https://lists.example/x.xml"), tmp_path / "x.xml", None,
                               Progress())
    assert fetched.attempts == 2 and (tmp_path / "x.xml").read_bytes() == b"<x/>"
    assert "429" in fetched.notes[0]
