//! ONNX → burn import: regenerates the model source and writes the weights file. The only crate
//! that depends on burn-onnx and onnx-ir; the CLI's `bundle` and `import` commands call it.
//!
//! The generated Rust code is committed in the core crate as `src/model/electra.rs`, so building
//! needs no Python and no ONNX file. Importing an export again yields the same code only if the export has
//! the same graph; that comparison is how `bundle` refuses exports the crate cannot run.

mod fuse;
#[cfg(test)]
mod test_graph;
mod unshare;

use std::path::{Path, PathBuf};

use burn_onnx::ext::{
    ArgType, CodegenContext, CustomNode, CustomOp, ProcessError, arg_to_ident,
    proc_macro2::TokenStream, quote::quote,
};
use burn_onnx::{LoadStrategy, ModelGen};
use onnx_ir::{Message, ModelProto};

use std::collections::HashMap;

use burn::tensor::TensorData;
use korean_qa::checkpoint::{Checkpoint, Map, MapEntry};
use korean_qa::error::{QaError, Result};

/// What one import produced, in a scratch directory.
pub struct Imported {
    pub source: String,
    pub weights: PathBuf,
    _dir: tempfile::TempDir,
}

/// Runs burn-onnx on `onnx` and returns the generated source and the path of the `.bpk` weights.
pub fn import_onnx(onnx: &Path) -> Result<Imported> {
    if !onnx.is_file() {
        return Err(QaError::Import(format!("{} not found", onnx.display())));
    }
    let dir = tempfile::tempdir().map_err(|e| QaError::io(std::env::temp_dir(), e))?;
    let staged = dir.path().join("electra.onnx");
    let bytes = std::fs::read(onnx).map_err(|e| QaError::io(onnx, e))?;
    let mut model = ModelProto::parse_from_bytes(&bytes)
        .map_err(|e| QaError::Import(format!("{}: not an ONNX model: {e}", onnx.display())))?;
    unshare::unshare(&mut model);
    fuse::fuse(&mut model);
    let bytes = model
        .write_to_bytes()
        .map_err(|e| QaError::Import(format!("rewriting {}: {e}", onnx.display())))?;
    std::fs::write(&staged, bytes).map_err(|e| QaError::io(&staged, e))?;
    let out = dir.path().join("out");
    let out_str = out.to_string_lossy().into_owned();
    // burn-onnx logs every node at debug level unless a quieter subscriber is installed first.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::ERROR)
        .try_init()
        .ok();
    // burn-onnx reports failures by panicking; keep them inside this call.
    let outcome = std::panic::catch_unwind(|| {
        ModelGen::new()
            .input(&staged.to_string_lossy())
            .out_dir(&out_str)
            .development(false)
            .load_strategy(LoadStrategy::Bytes)
            .register_custom_op(FusedOp(fuse::GELU))
            .register_custom_op(FusedOp(fuse::MASKED_SOFTMAX))
            .register_custom_op(FusedOp(fuse::BIAS_ADD))
            .run_from_cli();
    });
    if let Err(panic) = outcome {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "burn-onnx panicked".into());
        return Err(QaError::Import(msg));
    }
    let rs = out.join("electra.rs");
    let source = std::fs::read_to_string(&rs).map_err(|e| QaError::io(&rs, e))?;
    Ok(Imported {
        source: korean_qa::model::normalize_source(&own_linear(&source)?),
        weights: out.join("electra.bpk"),
        _dir: dir,
    })
}

/// Points the generated code's Linear layers at the core's `model::linear` (burn's Linear with the
/// same parameters, plus int8 compute: docs/int8.md). burn-onnx writes exactly these two lines.
fn own_linear(source: &str) -> Result<String> {
    let mut out = source.to_string();
    for ty in ["Linear", "LinearConfig"] {
        let (ours, theirs) = (
            format!("use crate::model::linear::{ty};\n"),
            format!("use burn::nn::{ty};\n"),
        );
        if !out.contains(&theirs) {
            return Err(QaError::Import(format!(
                "the generated code has no `{}`; burn-onnx changed its output",
                theirs.trim()
            )));
        }
        out = out.replacen(&theirs, &ours, 1);
    }
    Ok(out)
}

/// Code for the nodes `fuse::fuse` makes: calls into the core's `model::kernels`.
struct FusedOp(&'static str);

impl CustomOp for FusedOp {
    fn op_type(&self) -> &str {
        self.0
    }

    fn domain(&self) -> &str {
        fuse::DOMAIN
    }

    fn infer_output_types(&self, node: &CustomNode) -> Result<Vec<ArgType>, ProcessError> {
        Ok(vec![node.inputs[0].ty.clone()])
    }

    fn forward(
        &self,
        node: &CustomNode,
        ctx: &mut CodegenContext<'_, '_>,
    ) -> Result<TokenStream, ProcessError> {
        let output = arg_to_ident(&node.outputs[0]);
        let x = ctx.arg(&node.inputs[0]);
        let rest: Vec<TokenStream> = node.inputs[1..].iter().map(|i| ctx.arg(i)).collect();
        Ok(match (self.0, rest.as_slice()) {
            (fuse::GELU, []) => quote! { let #output = crate::model::kernels::gelu(#x); },
            (fuse::GELU, [bias]) => {
                quote! { let #output = crate::model::kernels::bias_gelu(#x, #bias); }
            }
            (fuse::BIAS_ADD, [bias]) => {
                quote! { let #output = crate::model::kernels::bias_add(#x, #bias); }
            }
            (fuse::BIAS_ADD, [bias, residual]) => quote! {
                let #output = crate::model::kernels::bias_add_residual(#x, #bias, #residual);
            },
            (fuse::MASKED_SOFTMAX, [mask]) => {
                let scale = node.attrs.get_f32("scale").ok_or_else(|| {
                    ProcessError::Custom(format!("{}: no scale attribute", node.name))
                })?;
                quote! { let #output = crate::model::kernels::masked_softmax(#x, #mask, #scale); }
            }
            (op, inputs) => {
                return Err(ProcessError::Custom(format!(
                    "{}: {op} with {} inputs",
                    node.name,
                    inputs.len() + 1
                )));
            }
        })
    }
}

/// Refuses an export whose generated code differs from the compiled model's.
pub fn check_graph(imported: &Imported) -> Result<()> {
    let compiled = korean_qa::model::graph_source();
    if imported.source == compiled {
        return Ok(());
    }
    let (line, ours, theirs) = imported
        .source
        .lines()
        .zip(compiled.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, b.trim().to_string(), a.trim().to_string()))
        .unwrap_or((
            compiled
                .lines()
                .count()
                .min(imported.source.lines().count())
                + 1,
            String::new(),
            String::new(),
        ));
    Err(QaError::GraphMismatch(format!(
        "generated code first differs at line {line}: compiled `{ours}`, export `{theirs}`; \
         export with scripts/export_onnx.py (same options and pinned versions), or re-import with \
         `korean-qa import` and rebuild"
    )))
}

/// The mapping of a checkpoint onto the graph of `imported`, an import of an export made from
/// that checkpoint (`scripts/export_onnx.py --hub DIR`): what `korean-qa import --checkpoint`
/// writes to `src/model/checkpoint.json`.
pub fn checkpoint_map(imported: &Imported, checkpoint: &Path) -> Result<Map> {
    let weights = std::fs::read(&imported.weights).map_err(|e| QaError::io(&imported.weights, e))?;
    let tensors = korean_qa::precision::fp32_tensors(weights)?;
    let ck = Checkpoint::read_dir(checkpoint, None)?;
    let all = korean_qa::checkpoint::read_all(ck.weights, ck.format)?;
    derive_map(
        korean_qa::bundle::sha256_hex(imported.source.as_bytes()),
        tensors,
        &all,
    )
}

/// Derives `src/model/checkpoint.json` (korean_qa::checkpoint): each parameter of an import is the checkpoint tensor holding the same values, as it is or
/// transposed, or else a constant of the export, which must be small. `checkpoint` holds every
/// tensor of the checkpoint the export was made from, with distinct random values.
fn derive_map(
    graph: String,
    imported: Vec<(String, TensorData)>,
    checkpoint: &HashMap<String, (Vec<usize>, Vec<f32>)>,
) -> Result<Map> {
    let mut tensors = Vec::with_capacity(imported.len());
    for (name, data) in imported {
        let shape = data.shape().to_vec();
        let values = data
            .try_to_vec::<f32>()
            .map_err(|e| QaError::Import(format!("{name}: {e:?}")))?;
        let mut found = None;
        let mut names: Vec<&String> = checkpoint.keys().collect();
        names.sort();
        for from in names {
            let (s, v) = &checkpoint[from];
            if v.len() != values.len() {
                continue;
            }
            if *s == shape && *v == values {
                found = Some((from.clone(), false));
                break;
            }
            if let ([r, c], [sr, sc]) = (s.as_slice(), shape.as_slice())
                && r == sc
                && c == sr
                && (0..*r).all(|i| (0..*c).all(|j| v[i * c + j] == values[j * r + i]))
            {
                found = Some((from.clone(), true));
                break;
            }
        }
        tensors.push(match found {
            Some((from, transpose)) => MapEntry {
                name,
                shape,
                from: Some(from),
                transpose,
                value: None,
            },
            None if values.len() <= 16 => MapEntry {
                name,
                shape,
                from: None,
                transpose: false,
                value: Some(values),
            },
            None => {
                return Err(QaError::Import(format!(
                    "{name} ({shape:?}) matches no tensor of the checkpoint and is too large to be \
                     a constant of the export; was the export made from this checkpoint?"
                )));
            }
        });
    }
    Ok(Map { graph, tensors })
}

