"""Attachments: by SHA-256, resumable after a dropped connection, write-once, hash checked."""

from __future__ import annotations

import hashlib
import os

import httpx
import server_helpers as h
from server_helpers import ServerProcess


def _upload_offset(api: h.Api, sha: str) -> tuple[int, int]:
    r = api.http.head(f"/attachments/{sha}")
    return r.status_code, int(r.headers["Upload-Offset"])


def _linked(admin: h.Api, content: bytes) -> str:
    """Push the records that make a file visible (attachment row + link to an inspection)."""
    dept = h.department()
    insp = h.inspector(dept["id"])
    draft = h.inspection(insp["id"], None)
    meta = h.attachment(content)
    statuses = admin.statuses(
        [
            h.change("departments", dept),
            h.change("inspectors", insp),
            h.change("inspections", draft),
            h.change("attachments", meta, entity_id=meta["sha256"]),
            h.change(
                "attachment_links", h.attachment_link(meta["sha256"], "inspections", draft["id"])
            ),
        ]
    )
    assert set(statuses) == {"accepted"}
    return str(meta["sha256"])


def test_an_interrupted_upload_resumes_and_is_stored_once_with_the_right_hash(
    server: ServerProcess,
) -> None:
    admin = server.admin()
    content = os.urandom(300_000)
    sha = _linked(admin, content)
    total = len(content)
    headers = {"Authorization": f"Bearer {admin.token}", "Content-Type": "application/octet-stream"}

    # The connection drops after 120 kB of the 300 kB body.
    sock = h.send_partial(
        server.port, "PUT", f"/attachments/{sha}?offset=0&total={total}", headers, content, 120_000
    )
    h.wait_until(lambda: _upload_offset(admin, sha)[1] == 120_000, what="120 kB to arrive")
    sock.close()
    assert _upload_offset(admin, sha) == (404, 120_000)  # kept, not complete

    wrong_offset = admin.http.put(
        f"/attachments/{sha}", params={"offset": 0, "total": total}, content=content
    )
    assert wrong_offset.status_code == 409 and wrong_offset.json()["offset"] == 120_000
    rest = admin.http.put(
        f"/attachments/{sha}", params={"offset": 120_000, "total": total}, content=content[120_000:]
    )

    assert rest.status_code == 201, rest.text
    assert rest.json() == {"sha256": sha, "offset": total, "complete": True, "size": total}
    assert _upload_offset(admin, sha) == (200, total)
    downloaded = admin.http.get(f"/attachments/{sha}")
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == sha
    stored = list(server.data_dir.glob(f"attachments/files/*/{sha}"))
    assert len(stored) == 1 and stored[0].read_bytes() == content
    assert not list(server.data_dir.glob(f"attachments/partial/{sha}*"))


def test_a_stored_file_is_never_written_again(server: ServerProcess) -> None:
    admin = server.admin()
    content = os.urandom(5000)
    sha = hashlib.sha256(content).hexdigest()
    params = {"offset": 0, "total": len(content)}
    first = admin.http.put(f"/attachments/{sha}", params=params, content=content)
    second = admin.http.put(f"/attachments/{sha}", params=params, content=b"x" * len(content))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["complete"] is True
    (path,) = server.data_dir.glob(f"attachments/files/*/{sha}")
    assert path.read_bytes() == content


def test_a_file_with_the_wrong_hash_is_refused_and_discarded(server: ServerProcess) -> None:
    admin = server.admin()
    content = os.urandom(10_000)
    claimed = hashlib.sha256(b"something else").hexdigest()
    first = admin.http.put(
        f"/attachments/{claimed}", params={"offset": 0, "total": 10_000}, content=content[:4000]
    )
    assert first.status_code == 202 and first.json()["offset"] == 4000

    last = admin.http.put(
        f"/attachments/{claimed}", params={"offset": 4000, "total": 10_000}, content=content[4000:]
    )

    assert last.status_code == 422
    assert "does not match" in last.json()["detail"]
    assert _upload_offset(admin, claimed) == (404, 0)
    assert not list(server.data_dir.glob(f"attachments/*/*{claimed}*"))
    assert not list(server.data_dir.glob(f"attachments/files/*/{claimed}"))


def test_more_bytes_than_announced_are_refused_and_discarded(server: ServerProcess) -> None:
    admin = server.admin()
    content = os.urandom(2000)
    sha = hashlib.sha256(content).hexdigest()
    r = admin.http.put(f"/attachments/{sha}", params={"offset": 0, "total": 1000}, content=content)
    assert r.status_code == 422
    assert _upload_offset(admin, sha) == (404, 0)


def test_a_kiosk_may_download_registry_photos_and_nothing_else(server: ServerProcess) -> None:
    admin = server.admin()
    photo = os.urandom(3000)
    photo_sha = hashlib.sha256(photo).hexdigest()
    evidence = os.urandom(3000)
    evidence_sha = _linked(admin, evidence)
    for data in (photo, evidence):
        sha = hashlib.sha256(data).hexdigest()
        r = admin.http.put(f"/attachments/{sha}", params={"total": len(data)}, content=data)
        assert r.status_code == 201
    dept = h.department()
    admin.statuses(
        [
            h.change("departments", dept),
            h.change("inspectors", h.inspector(dept["id"], photo_sha256=photo_sha)),
        ]
    )
    _, kiosk_name = admin.create_user("kiosk")
    kiosk = server.api(server.login(kiosk_name, h.PASSWORD)[0])

    assert kiosk.http.get(f"/attachments/{photo_sha}").content == photo
    assert kiosk.http.get(f"/attachments/{evidence_sha}").status_code == 403
    put = kiosk.http.put(f"/attachments/{photo_sha}", params={"total": 1}, content=b"x")
    assert put.status_code == 403
    assert httpx.get(f"{server.url}/attachments/{photo_sha}").status_code == 401
