"""Frame sources: real video files, images and folders written here and read back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop.errors import EnvironmentProblem
from desktop.scan import synth
from desktop.scan.decode import decode
from desktop.scan.sources import (
    CameraSource,
    FolderSource,
    FrameSource,
    ImageSource,
    SourceFailed,
    VideoFileSource,
    open_source,
)

SIZE = (320, 240)  # width, height
TEXT = "HTTPS://VRF.MX/C/ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def numbered_frame(i: int) -> np.ndarray:
    """A frame whose brightness says which it is (survives JPEG: steps of 8 levels)."""
    frame = np.full((SIZE[1], SIZE[0], 3), 8 * i + 4, np.uint8)
    return frame


def frame_number(frame: np.ndarray) -> int:
    return round((float(frame[100:140, 100:140].mean()) - 4) / 8)


def qr_frame() -> np.ndarray:
    qr = synth.badge_qr_image(TEXT, module_px=4)
    canvas = np.full((SIZE[1], SIZE[0]), 255, np.uint8)
    h, w = qr.shape
    canvas[20 : 20 + h, 60 : 60 + w] = qr
    return cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR)


def write_video(path: Path, frames: list[np.ndarray], fps: float = 10) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, SIZE)
    assert writer.isOpened(), "opencv-python-headless should write MJPG .avi"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def write_image(path: Path, frame: np.ndarray) -> Path:
    ok, data = cv2.imencode(path.suffix, frame)
    assert ok
    path.write_bytes(data.tobytes())
    return path


@pytest.fixture
def video(tmp_path: Path) -> Path:
    frames = [numbered_frame(i) for i in range(12)] + [qr_frame()]
    return write_video(tmp_path / "presentación.avi", frames)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cuadros"
    folder.mkdir()
    # Written out of order, with names a plain sort gets wrong, and a file that is not an image.
    for i in (10, 2, 1, 0, 3):
        write_image(folder / f"frame{i}.png", numbered_frame(i))
    (folder / "notas.txt").write_text("no es una imagen", encoding="utf-8")
    return folder


def make_sources(tmp_path: Path, video: Path, folder: Path) -> dict[str, FrameSource]:
    image = write_image(tmp_path / "credencial.jpg", qr_frame())
    return {
        "video": VideoFileSource(video),
        "image": ImageSource(image, repeat=3),
        "folder": FolderSource(folder),
    }


@pytest.mark.parametrize("kind", ["video", "image", "folder"])
def test_every_source_yields_bgr_frames_through_the_same_interface(
    kind: str, tmp_path: Path, video: Path, folder: Path
) -> None:
    source = make_sources(tmp_path, video, folder)[kind]
    assert isinstance(source, FrameSource)

    with source as opened:
        assert opened is source
        frames = list(opened)
        assert opened.read() is None  # the end stays the end

    assert frames, kind
    for frame in frames:
        assert frame.dtype == np.uint8
        assert frame.shape == (SIZE[1], SIZE[0], 3)
        assert frame.flags["C_CONTIGUOUS"]
    with pytest.raises(RuntimeError, match="before open"):
        source.read()
    source.close()  # closing twice is harmless


def test_a_video_written_by_opencv_reads_back_every_frame_in_order(video: Path) -> None:
    with VideoFileSource(video) as source:
        frames = list(source)

    assert len(frames) == 13
    assert [frame_number(f) for f in frames[:12]] == list(range(12))
    assert [d.text for d in decode(frames[12])] == [TEXT]


def test_an_image_is_delivered_repeat_times_and_each_copy_is_independent(tmp_path: Path) -> None:
    path = write_image(tmp_path / "credencial.png", qr_frame())

    with ImageSource(path, repeat=2) as source:
        first, second = source.read(), source.read()
        assert source.read() is None

    assert first is not None and second is not None
    first[:] = 0  # a consumer drawing on its frame does not change the next one
    assert [d.text for d in decode(second)] == [TEXT]


def test_an_image_source_reopens_from_the_start(tmp_path: Path) -> None:
    source = ImageSource(write_image(tmp_path / "a.png", qr_frame()))
    for _ in range(2):
        with source:
            assert len(list(source)) == 1


def test_a_folder_is_read_in_natural_name_order_skipping_non_images(folder: Path) -> None:
    with FolderSource(folder) as source:
        names = [p.name for p in source.files]
        numbers = [frame_number(f) for f in source]

    assert names == ["frame0.png", "frame1.png", "frame2.png", "frame3.png", "frame10.png"]
    assert numbers == [0, 1, 2, 3, 10]


def test_an_empty_folder_is_an_empty_stream(tmp_path: Path) -> None:
    with FolderSource(tmp_path) as source:
        assert source.read() is None


def test_a_truncated_video_delivers_what_it_has_then_raises_source_failed(
    tmp_path: Path,
) -> None:
    full = write_video(tmp_path / "full.avi", [numbered_frame(i) for i in range(30)])
    cut = tmp_path / "cortado.avi"
    cut.write_bytes(full.read_bytes()[: int(full.stat().st_size * 0.6)])

    delivered = []
    with VideoFileSource(cut) as source, pytest.raises(SourceFailed) as failure:
        for frame in source:
            delivered.append(frame_number(frame))

    assert 0 < len(delivered) < 30
    assert delivered == list(range(len(delivered)))
    assert "truncated or damaged" in failure.value.en
    assert "cortado.avi" in failure.value.es
    assert isinstance(failure.value, EnvironmentProblem)


def test_a_video_cut_before_its_header_ends_fails_to_open(tmp_path: Path) -> None:
    full = write_video(tmp_path / "full.avi", [numbered_frame(i) for i in range(30)])
    cut = tmp_path / "cabecera.avi"
    cut.write_bytes(full.read_bytes()[:200])

    with pytest.raises(SourceFailed, match="damaged or not supported"):
        VideoFileSource(cut).open()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.unlink(), id="deleted"),
        pytest.param(lambda p: p.write_bytes(b"\x89PNG garbage"), id="corrupted"),
        pytest.param(lambda p: p.write_bytes(b""), id="emptied"),
    ],
)
def test_a_folder_image_spoiled_mid_iteration_raises_source_failed_naming_it(
    folder: Path, spoil: Callable[[Path], None]
) -> None:
    with FolderSource(folder) as source:
        assert frame_number(source.read()) == 0  # type: ignore[arg-type]
        spoil(folder / "frame1.png")
        with pytest.raises(SourceFailed) as failure:
            source.read()

    assert "frame1.png" in failure.value.en
    assert "frame1.png" in failure.value.es


def test_an_unreadable_image_fails_at_open(tmp_path: Path) -> None:
    path = tmp_path / "falsa.png"
    path.write_text("esto no es una imagen", encoding="utf-8")

    with pytest.raises(SourceFailed, match=r"falsa\.png"):
        ImageSource(path).open()


def test_a_camera_that_does_not_exist_fails_to_open_with_a_clear_message() -> None:
    # No machine this runs on has 97 cameras: the real OpenCV open fails.
    source = CameraSource(97)
    with pytest.raises(SourceFailed) as failure:
        source.open()
    assert failure.value.en == "Camera 97 could not be opened."
    assert "cámara" in failure.value.text("es")
    source.close()


def test_open_source_picks_the_source_from_the_spec(
    tmp_path: Path, video: Path, folder: Path
) -> None:
    image = write_image(tmp_path / "foto.JPG", qr_frame())

    camera = open_source("camera:2")
    assert isinstance(camera, CameraSource) and camera.index == 2
    assert isinstance(open_source(str(video)), VideoFileSource)
    assert isinstance(open_source(video), VideoFileSource)
    assert isinstance(open_source(image), ImageSource)
    assert isinstance(open_source(folder), FolderSource)
    with open_source(image) as source:
        assert [d.text for d in decode(source.read())] == [TEXT]  # type: ignore[arg-type]


@pytest.mark.parametrize("spec", ["camera:", "camera:-1", "camera:uno", "no/existe.avi"])
def test_open_source_refuses_a_bad_spec(
    spec: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourceFailed):
        open_source(spec)


def test_bad_arguments_are_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="repeat"):
        ImageSource(tmp_path / "a.png", repeat=0)
    with pytest.raises(ValueError, match="camera index"):
        CameraSource(-1)
