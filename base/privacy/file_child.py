"""Reading and masking an uploaded file happen in a child process with memory, CPU and time
limits (`extract`, `redact`): a hostile PDF or a zip bomb can break a library in any way, and
must cost that child, never the web process. The child runs this module; the reading is
`attachments`, the masking `redact_files`. No Django here, so that the child starts quickly.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from base.privacy import redact_files
from base.privacy.attachments import (
    CPU_SECONDS,
    MEMORY_BYTES,
    PDF,
    SHEET,
    WALL_SECONDS,
    WORD,
    Extracted,
    UnreadableFile,
    extract_package,
    extract_pdf,
)

# --------------------------------------------------------------------------------------------
# in the child process


def extract_bytes(kind, data):
    if kind == PDF:
        return extract_pdf(data)
    if kind in (WORD, SHEET):
        return extract_package(kind, data)
    raise UnreadableFile("unsupported", kind)


def _limit():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def main(argv):
    """python -m base.privacy.file_child extract KIND IN OUT
    python -m base.privacy.file_child redact KIND IN MASKS OUT"""
    _limit()
    command, kind, source = argv[1], argv[2], Path(argv[3])
    try:
        data = source.read_bytes()
        if command == "extract":
            result = extract_bytes(kind, data).as_json()
            Path(argv[4]).write_text(json.dumps(result, ensure_ascii=False))
        else:
            masks = json.loads(Path(argv[4]).read_text())
            Path(argv[5]).write_bytes(redact_files.redact_bytes(kind, data, masks))
        print(json.dumps({"ok": True}))
    except UnreadableFile as error:
        print(json.dumps({"error": error.reason, "detail": error.detail[:500]}))
    except MemoryError:
        print(json.dumps({"error": "too_large", "detail": "memory"}))
    except Exception as error:  # noqa: BLE001 - a hostile file may break any library in any way
        print(json.dumps({"error": "malformed", "detail": repr(error)[:500]}))
    return 0


# --------------------------------------------------------------------------------------------
# in the caller's process


def _run(arguments, workdir):
    try:
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "base.privacy.file_child", *arguments],
            capture_output=True,
            timeout=WALL_SECONDS,
            cwd=Path(__file__).resolve().parents[2],
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableFile("timeout") from None
    lines = done.stdout.decode(errors="replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, ValueError):
        # killed by a limit (CPU, memory) before it could answer
        raise UnreadableFile("too_large", done.stderr.decode(errors="replace")[-300:]) from None
    if "error" in answer:
        raise UnreadableFile(answer["error"], answer.get("detail", ""))
    return answer


def extract(kind, data):
    """The Extracted text of a file's bytes, read in a limited child process. Raises
    UnreadableFile."""
    with tempfile.TemporaryDirectory(prefix="gongkai-read-") as workdir:
        source, out = Path(workdir) / "in", Path(workdir) / "out.json"
        source.write_bytes(data)
        _run(["extract", kind, str(source), str(out)], workdir)
        return Extracted.from_json(json.loads(out.read_text()))


def redact(kind, data, masks):
    """A copy of the file with `masks` ({segment key: [[start, end], …]}) blacked out or
    replaced; see `redact_files`. Raises UnreadableFile."""
    with tempfile.TemporaryDirectory(prefix="gongkai-redact-") as workdir:
        source, spec, out = (Path(workdir) / name for name in ("in", "masks.json", "out"))
        source.write_bytes(data)
        spec.write_text(json.dumps(masks, ensure_ascii=False))
        _run(["redact", kind, str(source), str(spec), str(out)], workdir)
        return out.read_bytes()


if __name__ == "__main__":
    # run as the imported module, so that its exceptions are those redact_files raises
    from base.privacy.file_child import main as imported_main

    sys.exit(imported_main(sys.argv))
