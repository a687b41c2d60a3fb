//! What is used is verified: a file's size and SHA-256 against its manifest entry, hashed by the
//! browser's SubtleCrypto where it has one.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use korean_qa::bundle::{FileEntry, Manifest};

/// Size and SHA-256 against the manifest. The hash comes from the browser's SubtleCrypto (native
/// code, several times faster than sha2 in wasm), or from sha2 where `crypto.subtle` is missing
/// (pages served over plain http from anywhere but localhost).
pub(crate) async fn verify(entry: &FileEntry, bytes: &[u8]) -> korean_qa::error::Result<()> {
    // SubtleCrypto reads no shared memory (the threaded module's): hash a copy.
    let hashed = subtle_sha256(&Uint8Array::from(bytes)).await;
    check(entry, bytes, hashed)
}

/// `hashed`: the SubtleCrypto hash of `bytes` where there was one; sha2 computes it otherwise.
pub(crate) fn check(entry: &FileEntry, bytes: &[u8], hashed: Option<String>) -> korean_qa::error::Result<()> {
    Manifest::check_size(entry, bytes.len())?;
    let actual = hashed.unwrap_or_else(|| korean_qa::bundle::sha256_hex(bytes));
    Manifest::check_hash(entry, actual)
}

/// The SHA-256 of `data` in hex from SubtleCrypto, or None where the browser has none.
pub(crate) async fn subtle_sha256(data: &Uint8Array) -> Option<String> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    let digest: Function = Reflect::get(&subtle, &"digest".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = digest
        .call2(&subtle, &"SHA-256".into(), data)
        .ok()?
        .dyn_into()
        .ok()?;
    let hash = JsFuture::from(promise).await.ok()?;
    Some(hex::encode(Uint8Array::new(&hash).to_vec()))
}
