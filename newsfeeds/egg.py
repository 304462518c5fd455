"""Site profiles inside a Scrapyd egg: Scrapyd runs a job from the zipped egg it was given, with no
checkout beside it, and profiles are read from a directory; so the egg's `sites/` is unpacked once per
egg into a cache directory and the crawl reads it there."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

PROFILES = "sites"


def profiles_dir(settings_file: str, cache: str | Path | None = None) -> str:
    """The profiles directory for a settings module: `sites` (beside the project, as always) in a
    checkout, or the egg's own profiles when the settings module was loaded from an egg."""
    archive = Path(settings_file).parent
    if archive.is_dir() or not zipfile.is_zipfile(archive):
        return PROFILES
    return str(unpack_profiles(archive, Path(cache) if cache else default_cache()))


def default_cache() -> Path:
    """Where unpacked profiles live: the user's cache, or the temporary directory."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home().is_dir() else tempfile.gettempdir())
    return Path(base) / "newsfeeds" / "eggs"


def unpack_profiles(archive: Path, cache: Path) -> Path:
    """The egg's `sites/` unpacked into a directory named after the egg's content, so every job of one
    egg shares it and a new deployment gets a fresh one. Unpacked beside it and renamed into place:
    jobs starting at once never see half a directory."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
    target = cache / digest / PROFILES
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as egg:
            for member in egg.namelist():
                parts = member.split("/")
                if parts[0] != PROFILES or len(parts) != 2 or not parts[1] or parts[1].startswith("."):
                    continue  # profiles only, flat: nothing from the archive lands outside the directory
                (staging / parts[1]).write_bytes(egg.read(member))
        try:
            staging.rename(target)
        except OSError:
            if not target.is_dir():
                raise  # not another job's rename that won the race
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
