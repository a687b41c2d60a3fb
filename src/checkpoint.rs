//! A Hugging Face checkpoint (`config.json`, `vocab.txt`, and `model.safetensors` or
//! `pytorch_model.bin`) made into a bundle, with no Python, ONNX or import step: the browser does
//! this in the engine's Worker and the CLI in `bundle --from-hf`.
//!
//! The compiled graph came from our ONNX export, and its parameters carry the importer's names
//! (`submodule3.linear7.weight`), some transposed (a torch `Linear` stores `[out, in]`, burn
//! `[in, out]`) and a few of them constants of the export itself (the attention mask's `1` and
//! float minimum). `model/checkpoint.json` says, for every parameter in the order the import wrote
//! them, which checkpoint tensor it is and whether it is transposed, or which constant. The import
//! tool derives it by matching values (`korean-qa import --checkpoint`), and the bundle tests hold
//! it to account: a checkpoint converted here gives the very bytes that the export and
//! `korean-qa bundle` give ([`precision::pack`] writes both).

use std::collections::HashMap;
use std::sync::OnceLock;

use burn::tensor::{TensorData, bf16, f16};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bundle::{self, BundleBytes};
use crate::error::{QaError, Result};
use crate::precision::{self, Precision};

pub const CONFIG: &str = "config.json";
pub const VOCAB: &str = "vocab.txt";
/// Read for the tokenizer's casing only.
pub const TOKENIZER_CONFIG: &str = "tokenizer_config.json";

/// The largest `config.json` or `tokenizer_config.json` read (a few kilobytes in practice).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;
/// The largest weights file read. fp32 KoELECTRA-small is 55 MB; the same model saved in fp64
/// would be 110. Checked before a download's buffer is reserved, as for bundles.
pub const MAX_CHECKPOINT_BYTES: u64 = bundle::MAX_WEIGHTS_BYTES;

/// The two weights files `save_pretrained` writes, newer first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Safetensors,
    Pytorch,
}

impl Format {
    /// In order of preference: a repository that has both is read from its safetensors.
    pub const ALL: [Format; 2] = [Format::Safetensors, Format::Pytorch];

    pub fn file(self) -> &'static str {
        match self {
            Format::Safetensors => "model.safetensors",
            Format::Pytorch => "pytorch_model.bin",
        }
    }

    pub fn of_file(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.file() == name)
    }
}

/// One parameter of the compiled graph and where a checkpoint holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapEntry {
    /// The parameter's name in the weights file.
    pub name: String,
    pub shape: Vec<usize>,
    /// The checkpoint tensor it is, for a parameter of the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Stored `[in, out]`, the transpose of the checkpoint's `[out, in]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transpose: bool,
    /// The values, for a constant of the export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Vec<f32>>,
}

/// The whole mapping, for one compiled graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Map {
    /// [`bundle::compiled_graph_id`] of the graph it was made for.
    pub graph: String,
    pub tensors: Vec<MapEntry>,
}

/// The committed mapping of the compiled graph (`src/model/checkpoint.json`).
pub fn map() -> Result<&'static Map> {
    static MAP: OnceLock<std::result::Result<Map, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let m: Map = serde_json::from_str(include_str!("model/checkpoint.json"))
            .map_err(|e| format!("model/checkpoint.json: {e}"))?;
        if m.graph != bundle::compiled_graph_id() {
            return Err(
                "model/checkpoint.json was made for another graph; regenerate it with \
                 `korean-qa import --checkpoint`"
                    .into(),
            );
        }
        Ok(m)
    })
    .as_ref()
    .map_err(|e| QaError::GraphMismatch(e.clone()))
}

/// The architecture the compiled graph runs, as `config.json` fields with the value that
/// `ElectraConfig` assumes where a field is missing.
enum Want {
    Int(u64, u64),
    Float(f64, f64),
    Text(&'static str, &'static str),
}

const ARCHITECTURE: [(&str, Want); 11] = [
    ("vocab_size", Want::Int(32200, 30522)),
    ("embedding_size", Want::Int(128, 128)),
    ("hidden_size", Want::Int(256, 256)),
    ("num_hidden_layers", Want::Int(12, 12)),
    ("num_attention_heads", Want::Int(4, 4)),
    ("intermediate_size", Want::Int(1024, 1024)),
    ("max_position_embeddings", Want::Int(512, 512)),
    ("type_vocab_size", Want::Int(2, 2)),
    ("layer_norm_eps", Want::Float(1e-12, 1e-12)),
    ("hidden_act", Want::Text("gelu", "gelu")),
    ("position_embedding_type", Want::Text("absolute", "absolute")),
];

/// Refuses, naming the field, a `config.json` of another architecture than the compiled one:
/// `GRAPH_MISMATCH` "hidden_size 768; this build runs 256".
pub fn check_config(config: &Value) -> Result<()> {
    let Some(fields) = config.as_object() else {
        return Err(QaError::InvalidBundle(format!("{CONFIG} is not a JSON object")));
    };
    if let Some(t) = fields.get("model_type")
        && t.as_str() != Some("electra")
    {
        return Err(QaError::GraphMismatch(format!(
            "{CONFIG}: model_type {t}; this build runs \"electra\""
        )));
    }
    for (key, want) in ARCHITECTURE {
        let field = fields.get(key);
        let (ok, runs, default) = match want {
            Want::Int(w, d) => (field.map_or(Some(d), Value::as_u64) == Some(w), w.to_string(), d.to_string()),
            Want::Float(w, d) => (
                field.map_or(Some(d), Value::as_f64).is_some_and(|x| (x - w).abs() <= w * 1e-6),
                format!("{w:e}"),
                format!("{d:e}"),
            ),
            Want::Text(w, d) => (field.map_or(Some(d), Value::as_str) == Some(w), format!("{w:?}"), format!("{d:?}")),
        };
        if !ok {
            let got = match field {
                Some(v) => v.to_string(),
                None => format!("{default} (missing: ElectraConfig's default)"),
            };
            return Err(QaError::GraphMismatch(format!(
                "{CONFIG}: {key} {got}; this build runs {runs}"
            )));
        }
    }
    Ok(())
}

/// The compiled tokenizer is cased and keeps accents (Hangul is never NFD-split); a checkpoint
/// whose tokenizer lowercases or strips accents would be fed other tokens than it was trained on.
pub fn check_tokenizer_config(bytes: Option<&[u8]>) -> Result<()> {
    let Some(bytes) = bytes else { return Ok(()) };
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_large(TOKENIZER_CONFIG, MAX_CONFIG_BYTES));
    }
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| QaError::InvalidBundle(format!("{TOKENIZER_CONFIG}: {e}")))?;
    for key in ["do_lower_case", "strip_accents"] {
        if v.get(key).and_then(Value::as_bool) == Some(true) {
            return Err(QaError::VocabMismatch(format!(
                "{TOKENIZER_CONFIG} sets {key}: true; this build's tokenizer is cased and keeps accents"
            )));
        }
    }
    Ok(())
}

/// Parses and checks `config.json`.
pub fn parse_config(bytes: &[u8]) -> Result<Value> {
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_large(CONFIG, MAX_CONFIG_BYTES));
    }
    let config: Value = serde_json::from_slice(bytes)
        .map_err(|e| QaError::InvalidBundle(format!("{CONFIG}: {e}")))?;
    check_config(&config)?;
    Ok(config)
}

fn too_large(file: &str, max: u64) -> QaError {
    QaError::InvalidBundle(format!("{file} is larger than {max} bytes"))
}

fn weights_error(format: Format, msg: impl std::fmt::Display) -> QaError {
    QaError::Weights(format!("{}: {msg}", format.file()))
}

/// A checkpoint's files, as read from a directory or downloaded.
pub struct Checkpoint {
    /// The bundle's name (the hub id, or the directory's name).
    pub name: String,
    pub config: Vec<u8>,
    pub vocab: Vec<u8>,
    pub tokenizer_config: Option<Vec<u8>>,
    pub weights: Vec<u8>,
    pub format: Format,
}

impl Checkpoint {
    /// Converts the checkpoint into a bundle of `precision`: the same manifest, weights and
    /// vocabulary, byte for byte, as the export and `korean-qa bundle` make of it.
    pub fn into_bundle(self, precision: Precision) -> Result<BundleBytes> {
        let config = parse_config(&self.config)?;
        check_tokenizer_config(self.tokenizer_config.as_deref())?;
        if self.vocab.len() as u64 > bundle::MAX_VOCAB_BYTES {
            return Err(too_large(VOCAB, bundle::MAX_VOCAB_BYTES));
        }
        let weights = convert(self.weights, self.format, precision)?;
        Ok(bundle::assemble(
            self.name, config, weights, self.vocab, precision,
        ))
    }

    /// Reads a checkpoint directory: what `hf download --local-dir` or `git clone` leaves, or a
    /// snapshot folder of the HF cache. `name` defaults to the directory's name.
    #[cfg(not(target_family = "wasm"))]
    pub fn read_dir(dir: &std::path::Path, name: Option<String>) -> Result<Self> {
        let read = |f: &str, max: u64| -> Result<Option<Vec<u8>>> {
            let p = dir.join(f);
            match std::fs::metadata(&p) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(QaError::io(&p, e)),
                Ok(m) if m.len() > max => Err(too_large(f, max)),
                Ok(_) => std::fs::read(&p).map(Some).map_err(|e| QaError::io(&p, e)),
            }
        };
        let need = |f: &str, max: u64| -> Result<Vec<u8>> {
            read(f, max)?.ok_or_else(|| {
                QaError::InvalidBundle(format!("{} has no {f}", dir.display()))
            })
        };
        let config = need(CONFIG, MAX_CONFIG_BYTES)?;
        let vocab = need(VOCAB, bundle::MAX_VOCAB_BYTES)?;
        let tokenizer_config = read(TOKENIZER_CONFIG, MAX_CONFIG_BYTES)?;
        let mut found = None;
        for format in Format::ALL {
            if let Some(bytes) = read(format.file(), MAX_CHECKPOINT_BYTES)? {
                found = Some((format, bytes));
                break;
            }
        }
        let (format, weights) = found.ok_or_else(|| {
            QaError::Weights(format!(
                "{} has no weights: neither {} nor {}",
                dir.display(),
                Format::Safetensors.file(),
                Format::Pytorch.file()
            ))
        })?;
        let name = name.unwrap_or_else(|| {
            dir.canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default()
        });
        Ok(Self {
            name,
            config,
            vocab,
            tokenizer_config,
            weights,
            format,
        })
    }
}

/// Refuses what is not a weights file before a parser sees it: an HTML page (a login or error
/// page served with status 200) or a Git LFS pointer (`git clone` without git-lfs).
pub fn sniff(format: Format, head: &[u8]) -> Result<()> {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    let lower: Vec<u8> = start.iter().take(16).map(u8::to_ascii_lowercase).collect();
    if start.starts_with(b"version https://git-lfs") {
        return Err(weights_error(
            format,
            "is a Git LFS pointer, not the weights (fetch the LFS object: `git lfs pull`)",
        ));
    }
    if lower.starts_with(b"<!doctype") || lower.starts_with(b"<html") || lower.starts_with(b"<?xml")
    {
        return Err(weights_error(format, "is an HTML page, not the weights"));
    }
    Ok(())
}

/// The checkpoint's weights as a bundle's weights file at `to` precision.
pub fn convert(weights: Vec<u8>, format: Format, to: Precision) -> Result<Vec<u8>> {
    sniff(format, &weights[..weights.len().min(64)])?;
    let map = map()?;
    match format {
        Format::Safetensors => {
            let st = safetensors::SafeTensors::deserialize(&weights)
                .map_err(|e| weights_error(format, e))?;
            let get = |name: &str| -> Option<Result<(Vec<usize>, Vec<f32>)>> {
                let t = st.tensor(name).ok()?;
                Some(
                    decode_safetensors(t.dtype(), t.data())
                        .map(|v| (t.shape().to_vec(), v))
                        .map_err(|e| weights_error(format, format!("{name}: {e}"))),
                )
            };
            pack(map, format, get, to)
        }
        Format::Pytorch => {
            let tensors = pytorch_reader::PytorchReader::from_bytes(weights, None)
                .map_err(|e| weights_error(format, e))?
                .into_tensors();
            let get = |name: &str| -> Option<Result<(Vec<usize>, Vec<f32>)>> {
                let t = tensors.get(name)?;
                Some(
                    t.read()
                        .map_err(|e| e.to_string())
                        .and_then(|b| decode_pytorch(t.dtype(), &b))
                        .map(|v| (t.shape().to_vec(), v))
                        .map_err(|e| weights_error(format, format!("{name}: {e}"))),
                )
            };
            pack(map, format, get, to)
        }
    }
}

/// The names a checkpoint may give one tensor: TF-era checkpoints call a LayerNorm's weight and
/// bias `gamma` and `beta` (transformers renames them on load).
fn aliases(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    if name.contains("LayerNorm.") {
        if let Some(stem) = name.strip_suffix(".weight") {
            out.push(format!("{stem}.gamma"));
        } else if let Some(stem) = name.strip_suffix(".bias") {
            out.push(format!("{stem}.beta"));
        }
    }
    out
}

type Lookup<'a> = dyn Fn(&str) -> Option<Result<(Vec<usize>, Vec<f32>)>> + 'a;

fn pack(map: &Map, format: Format, get: impl Fn(&str) -> Option<Result<(Vec<usize>, Vec<f32>)>>, to: Precision) -> Result<Vec<u8>> {
    let get: &Lookup<'_> = &get;
    precision::pack(map.tensors.iter().map(|e| tensor(e, format, get)), to)
}

fn tensor(e: &MapEntry, format: Format, get: &Lookup<'_>) -> Result<(String, TensorData)> {
    let data = match (&e.from, &e.value) {
        (_, Some(v)) => v.clone(),
        (Some(from), None) => {
            let (shape, values) = aliases(from)
                .iter()
                .find_map(|n| get(n))
                .ok_or_else(|| {
                    weights_error(
                        format,
                        format!(
                            "has no tensor `{from}` (a checkpoint without the QA head, \
                             `qa_outputs.*`, is not an ElectraForQuestionAnswering)"
                        ),
                    )
                })??;
            let want: Vec<usize> = if e.transpose {
                e.shape.iter().rev().copied().collect()
            } else {
                e.shape.clone()
            };
            if shape != want {
                return Err(weights_error(
                    format,
                    format!("`{from}` is {shape:?}; this build needs {want:?}"),
                ));
            }
            if e.transpose {
                let (rows, cols) = (shape[0], shape[1]);
                let mut t = vec![0f32; values.len()];
                for r in 0..rows {
                    for c in 0..cols {
                        t[c * rows + r] = values[r * cols + c];
                    }
                }
                t
            } else {
                values
            }
        }
        (None, None) => {
            return Err(QaError::Weights(format!(
                "model/checkpoint.json: {} has neither a source nor a value",
                e.name
            )));
        }
    };
    if data.len() != e.shape.iter().product::<usize>() {
        return Err(QaError::Weights(format!(
            "model/checkpoint.json: {} has {} values for shape {:?}",
            e.name,
            data.len(),
            e.shape
        )));
    }
    Ok((e.name.clone(), TensorData::new(data, e.shape.clone())))
}

fn decode_safetensors(dtype: safetensors::Dtype, b: &[u8]) -> std::result::Result<Vec<f32>, String> {
    use safetensors::Dtype as D;
    // safetensors is little-endian whatever the machine.
    Ok(match dtype {
        D::F32 => b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
        D::F16 => b.chunks_exact(2).map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32()).collect(),
        D::BF16 => b.chunks_exact(2).map(|c| bf16::from_le_bytes([c[0], c[1]]).to_f32()).collect(),
        D::F64 => b
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")) as f32)
            .collect(),
        other => return Err(format!("dtype {other:?} is not a float")),
    })
}

fn decode_pytorch(dtype: pytorch_reader::DType, b: &[u8]) -> std::result::Result<Vec<f32>, String> {
    use pytorch_reader::DType as D;
    // pytorch-reader gives native-endian bytes.
    Ok(match dtype {
        D::F32 => b.chunks_exact(4).map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]])).collect(),
        D::F16 => b.chunks_exact(2).map(|c| f16::from_ne_bytes([c[0], c[1]]).to_f32()).collect(),
        D::BF16 => b.chunks_exact(2).map(|c| bf16::from_ne_bytes([c[0], c[1]]).to_f32()).collect(),
        D::F64 => b
            .chunks_exact(8)
            .map(|c| f64::from_ne_bytes(c.try_into().expect("8 bytes")) as f32)
            .collect(),
        other => return Err(format!("dtype {other:?} is not a float")),
    })
}

/// Every float tensor of a checkpoint, as fp32 (the import tool maps them onto an import's).
pub fn read_all(weights: Vec<u8>, format: Format) -> Result<HashMap<String, (Vec<usize>, Vec<f32>)>> {
    let mut out = HashMap::new();
    match format {
        Format::Safetensors => {
            let st = safetensors::SafeTensors::deserialize(&weights)
                .map_err(|e| weights_error(format, e))?;
            for (name, t) in st.tensors() {
                if let Ok(v) = decode_safetensors(t.dtype(), t.data()) {
                    out.insert(name, (t.shape().to_vec(), v));
                }
            }
        }
        Format::Pytorch => {
            let r = pytorch_reader::PytorchReader::from_bytes(weights, None)
                .map_err(|e| weights_error(format, e))?;
            for (name, t) in r.into_tensors() {
                let b = t.read().map_err(|e| weights_error(format, e))?;
                if let Ok(v) = decode_pytorch(t.dtype(), &b) {
                    out.insert(name, (t.shape().to_vec(), v));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Value {
        serde_json::json!({
            "model_type": "electra", "vocab_size": 32200, "embedding_size": 128, "hidden_size": 256,
            "num_hidden_layers": 12, "num_attention_heads": 4, "intermediate_size": 1024,
            "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
            "hidden_act": "gelu"
        })
    }

    #[test]
    fn the_compiled_architecture_passes_and_any_other_is_named() {
        check_config(&config()).unwrap();
        let mut c = config();
        c["hidden_size"] = 768.into();
        let e = check_config(&c).unwrap_err();
        assert_eq!(e.code(), "GRAPH_MISMATCH");
        assert!(e.to_string().contains("hidden_size 768; this build runs 256"), "{e}");
        let mut c = config();
        c.as_object_mut().unwrap().remove("vocab_size");
        let e = check_config(&c).unwrap_err().to_string();
        assert!(e.contains("vocab_size 30522 (missing"), "{e}");
        // Fields ElectraConfig defaults to the compiled values may be left out.
        let mut c = config();
        c.as_object_mut().unwrap().remove("hidden_act");
        c.as_object_mut().unwrap().remove("embedding_size");
        check_config(&c).unwrap();
        let mut c = config();
        c["model_type"] = "bert".into();
        assert_eq!(check_config(&c).unwrap_err().code(), "GRAPH_MISMATCH");
        assert_eq!(check_config(&Value::Null).unwrap_err().code(), "INVALID_BUNDLE");
    }

    #[test]
    fn a_lowercasing_tokenizer_is_refused() {
        check_tokenizer_config(None).unwrap();
        check_tokenizer_config(Some(br#"{"do_lower_case": false}"#)).unwrap();
        let e = check_tokenizer_config(Some(br#"{"do_lower_case": true}"#)).unwrap_err();
        assert_eq!(e.code(), "VOCAB_MISMATCH");
        assert_eq!(check_tokenizer_config(Some(b"{")).unwrap_err().code(), "INVALID_BUNDLE");
    }

    #[test]
    fn html_and_lfs_pointers_are_not_weights() {
        let e = sniff(Format::Safetensors, b"\n<!DOCTYPE html><html>").unwrap_err();
        assert_eq!(e.code(), "WEIGHTS_INVALID");
        assert!(e.to_string().contains("model.safetensors: is an HTML page"), "{e}");
        let e = sniff(Format::Pytorch, b"version https://git-lfs.github.com/spec/v1\noid").unwrap_err();
        assert!(e.to_string().contains("Git LFS pointer"), "{e}");
        sniff(Format::Safetensors, &[8, 0, 0, 0, 0, 0, 0, 0, b'{']).unwrap();
        for (format, junk) in [(Format::Safetensors, &b"\x10\0\0\0\0\0\0\0{\"a\":1}"[..]), (Format::Pytorch, b"PK\x03\x04garbage")] {
            assert_eq!(convert(junk.to_vec(), format, Precision::Int8).unwrap_err().code(), "WEIGHTS_INVALID");
        }
    }

    #[test]
    fn the_committed_map_fits_the_compiled_graph() {
        let m = map().unwrap();
        assert!(m.tensors.iter().any(|e| e.from.as_deref() == Some("qa_outputs.weight")));
        let mut names: Vec<&str> = m.tensors.iter().map(|e| e.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), m.tensors.len(), "each parameter once");
        for e in &m.tensors {
            assert!(e.from.is_some() != e.value.is_some(), "{}", e.name);
        }
    }
}
