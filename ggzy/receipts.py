"""Signed receipts: a credit check's question and answer, signed with Ed25519 so anyone can prove them later.

A receipt is a JSON object: ``question``, ``answer``, ``index`` (the state it was read from), ``issued_at``,
``key_id``, ``algorithm`` and ``signature``. The signature covers the canonical JSON of every other member (keys
sorted, no spaces, UTF-8), so re-indenting a saved receipt keeps it valid and changing any value breaks it.

Keys live in the data folder (``GGZY_DATA_DIR``/``receipt-keys``): one PKCS#8 file per key, named by its key id,
and ``current`` naming the key that signs. The first signature creates a key; ``rotate`` makes a new one current
and keeps the old ones, so receipts they signed still verify by their ``key_id``. Public keys are served as a
JWK set (RFC 8037, ``kty`` OKP, ``crv`` Ed25519).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ggzy.errors import GgzyError

ALGORITHM = "Ed25519"
VERSION = 1
KEY_FOLDER = "receipt-keys"
SIGNED_BY = ("key_id", "algorithm", "signature")


class ReceiptError(GgzyError):
    """Raised when a receipt does not verify: a changed byte, an unknown key id, or not a receipt at all."""

    http_status = 400
    title = "Invalid receipt"


def canonical(data: dict[str, Any]) -> bytes:
    """The bytes a signature covers: keys sorted, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    """The id of a key: the first 16 hex digits of the SHA-256 of its raw public bytes."""
    return hashlib.sha256(_raw(public)).hexdigest()[:16]


def jwk(public: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037)."""
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(_raw(public)), "kid": key_id(public), "alg": "EdDSA"}


def public_key_from_jwk(data: dict[str, Any]) -> Ed25519PublicKey:
    if data.get("kty") != "OKP" or data.get("crv") != "Ed25519" or not isinstance(data.get("x"), str):
        raise ReceiptError("not an Ed25519 JWK (kty OKP, crv Ed25519)")
    return Ed25519PublicKey.from_public_bytes(_unb64(data["x"]))


class KeyStore:
    """The signing keys in ``folder`` (created on first use)."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(data_dir) / KEY_FOLDER

    def _private(self, kid: str) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key((self.folder / f"{kid}.pem").read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def _write_new(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        private = Ed25519PrivateKey.generate()
        kid = key_id(private.public_key())
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path = self.folder / f"{kid}.pem"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        return kid

    def _point_at(self, kid: str) -> None:
        staging = self.folder / f"current.{os.getpid()}"
        staging.write_text(kid + "\n", encoding="ascii")
        staging.replace(self.folder / "current")

    def current_id(self) -> str:
        """The id of the signing key, generating the first key when there is none."""
        pointer = self.folder / "current"
        if not pointer.exists():
            kid = self._write_new()
            self.folder.mkdir(parents=True, exist_ok=True)
            # Two processes starting together: the first pointer written wins; the other key stays unused.
            with contextlib.suppress(FileExistsError):
                descriptor = os.open(pointer, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                    handle.write(kid + "\n")
        return pointer.read_text(encoding="ascii").strip()

    def rotate(self) -> str:
        """Make a new key current and return its id; the old keys stay, for verifying what they signed."""
        kid = self._write_new()
        self._point_at(kid)
        return kid

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        """Every key by id (the current one included), oldest file first."""
        if not self.folder.exists():
            return {}
        paths = sorted(self.folder.glob("*.pem"), key=lambda p: (p.stat().st_mtime, p.name))
        return {p.stem: self._private(p.stem).public_key() for p in paths}

    def jwks(self, *, create: bool = True) -> dict[str, Any]:
        """The public keys as a JWK set, the current key first (``create``: make the first key if none)."""
        if not create and not (self.folder / "current").exists():
            return {"keys": []}
        current = self.current_id()
        keys = self.public_keys()
        ordered = [current, *(kid for kid in keys if kid != current)]
        return {"keys": [{**jwk(keys[kid]), "current": kid == current} for kid in ordered]}

    def sign(self, question: dict[str, Any], answer: dict[str, Any], index: dict[str, Any]) -> dict[str, Any]:
        """A receipt for ``question`` answered with ``answer`` from an index in state ``index``."""
        kid = self.current_id()
        receipt: dict[str, Any] = {
            "receipt_version": VERSION,
            "question": question,
            "answer": answer,
            "index": index,
            "issued_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "key_id": kid,
            "algorithm": ALGORITHM,
        }
        receipt["signature"] = _b64(self._private(kid).sign(canonical(_signed_part(receipt))))
        return receipt


def _signed_part(receipt: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in receipt.items() if k != "signature"}


def verify(receipt: Any, keys: dict[str, Ed25519PublicKey]) -> str:
    """Check a receipt against ``keys`` (by id); return the key id that signed it or raise ``ReceiptError``."""
    if not isinstance(receipt, dict) or not all(isinstance(receipt.get(k), str) for k in SIGNED_BY):
        raise ReceiptError("not a receipt: key_id, algorithm and signature are required")
    if receipt["algorithm"] != ALGORITHM:
        raise ReceiptError(f"unknown algorithm {receipt['algorithm']!r}, receipts are signed with {ALGORITHM}")
    public = keys.get(receipt["key_id"])
    if public is None:
        raise ReceiptError(f"no public key with id {receipt['key_id']!r}")
    try:
        signature = _unb64(receipt["signature"])
        if _b64(signature) != receipt["signature"]:  # the unused bits of the last character count too
            raise ValueError("not the canonical base64url form")
        public.verify(signature, canonical(_signed_part(receipt)))
    except (InvalidSignature, ValueError):
        raise ReceiptError("the signature does not match: the receipt was changed or signed by another key") from None
    return str(receipt["key_id"])


def keys_from_jwks(data: Any) -> dict[str, Ed25519PublicKey]:
    """Keys by id from a JWK set (``/api/v1/keys``) or a single JWK."""
    items = data.get("keys") if isinstance(data, dict) and "keys" in data else [data]
    if not isinstance(items, list):
        raise ReceiptError("not a JWK set")
    found = {}
    for item in items:
        public = public_key_from_jwk(item)
        found[key_id(public)] = public
    return found
