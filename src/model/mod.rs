//! Stage 3: features → start/end logits, with the KoELECTRA graph that burn-onnx generated.

#[allow(clippy::all, unused, unused_imports, dead_code)]
#[rustfmt::skip]
mod electra;
pub mod int8;
pub mod kernels;
pub mod linear;

use std::sync::Arc;

use burn::module::{ModuleVisitor, Param, ParamId};
use burn::tensor::{Device, Int, Tensor, TensorData};
use burn_store::ModuleSnapshot;

use linear::Int8Weights;

use crate::error::{QaError, Result};
use crate::options::MAX_POSITIONS;
use crate::tokenize::PAD;
use crate::windows::Feature;

/// The generated model source, as committed (`korean-qa import` rewrites it).
pub const GENERATED_SOURCE: &str = include_str!("electra.rs");

/// The generated source without its header comment, which names the import's input path.
pub fn normalize_source(source: &str) -> String {
    let mut out: String = source
        .lines()
        .filter(|l| !l.starts_with("// Generated from ONNX"))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

pub fn graph_source() -> String {
    normalize_source(GENERATED_SOURCE)
}

/// Features per forward pass: bounds activation memory (attention is batch × 4 × seq² floats).
pub const MAX_BATCH: usize = 16;

/// On a GPU every new input shape compiles fresh kernels, which costs far more than the forward: padding to a multiple of this keeps a page to at most 8 shapes per batch
/// size. Padded positions are masked out, so answers do not change (tested); the CPU pads nothing,
/// since there padding is paid in full.
pub const GPU_SEQ_BUCKET: usize = 64;

/// The padded sequence length a GPU forward runs for features of up to `longest` tokens.
pub fn gpu_seq(longest: usize) -> usize {
    longest
        .div_ceil(GPU_SEQ_BUCKET)
        .saturating_mul(GPU_SEQ_BUCKET)
        .min(MAX_POSITIONS)
        .max(longest)
}

/// Logits for a batch of features, row-major `[features, seq]`.
#[derive(Debug, Clone)]
pub struct Logits {
    pub start: Vec<f32>,
    pub end: Vec<f32>,
    pub seq: usize,
}

pub struct QaModel {
    inner: electra::Model,
    device: Device,
    vocab_size: usize,
    /// Pad batches to [`GPU_SEQ_BUCKET`] multiples: true on a GPU device, fixed at load.
    bucket_seq: bool,
    /// The int8 Linear weights, where the model computes in int8.
    int8: Option<Arc<Int8Weights>>,
}

impl QaModel {

    /// Loads `.bpk` weights; with `int8` (an int8 bundle, a CPU device: `precision::Compute`)
    /// the Linear layers keep their int8 weights and run int8 products. Tensors are widened one
    /// at a time as the model takes them.
    pub fn load(bytes: Vec<u8>, device: &Device, int8: bool) -> Result<Self> {
        let mut inner = electra::Model::new(device);
        let (tensors, packed) = crate::precision::load(bytes, int8)?;
        let applied = inner.apply(tensors, None, None, false);
        let mut int8_weights = Int8Weights::default();
        let mut kept_int8 = std::collections::HashSet::new();
        let mut problems: Vec<String> = applied.errors.iter().map(|e| format!("{e:?}")).collect();
        if !packed.is_empty() {
            let ids = param_ids(&inner);
            for (name, p) in packed {
                let shape = [p.input_features(), p.output_features()];
                match ids.get(&name) {
                    Some((id, s)) if *s == shape => {
                        int8_weights.insert(*id, p);
                        kept_int8.insert(name);
                    }
                    _ => problems.push(format!("{name} is no Linear weight of {shape:?}")),
                }
            }
        }
        problems.extend(
            applied
                .missing
                .iter()
                .filter(|(p, _)| !kept_int8.contains(p))
                .map(|(p, _)| format!("missing tensor {p}")),
        );
        if !problems.is_empty() {
            problems.truncate(5);
            return Err(QaError::Weights(problems.join("; ")));
        }
        let vocab_size = embedding_rows(&inner)
            .ok_or_else(|| QaError::Weights("the word embedding table was not found".into()))?;
        Ok(Self {
            inner,
            device: device.clone(),
            vocab_size,
            bucket_seq: !crate::backend::Backend::is_cpu_device(device),
            int8: (!int8_weights.is_empty()).then(|| Arc::new(int8_weights)),
        })
    }

    /// Whether the Linear layers run int8 products.
    pub fn int8_compute(&self) -> bool {
        self.int8.is_some()
    }

    /// Rows of the word embedding table; the vocabulary must have exactly as many entries.
    pub fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Runs every feature, [`MAX_BATCH`] at a time, padding each batch to its longest feature
    /// (on a GPU, further to a [`GPU_SEQ_BUCKET`] multiple).
    pub async fn logits(&self, features: &[Feature]) -> Result<Logits> {
        let longest = features
            .iter()
            .map(|f| f.input_ids.len())
            .max()
            .unwrap_or(0);
        let seq = if self.bucket_seq {
            gpu_seq(longest)
        } else {
            longest
        };
        let mut out = Logits {
            start: Vec::new(),
            end: Vec::new(),
            seq,
        };
        for chunk in features.chunks(MAX_BATCH) {
            let (s, e) = self.forward(chunk, seq).await?;
            out.start.extend(s);
            out.end.extend(e);
        }
        // Broken weights (or a backend fault) show up here; NaN scores would rank silently.
        if !out.start.iter().chain(&out.end).all(|v| v.is_finite()) {
            return Err(QaError::Inference(
                "the model produced non-finite logits (NaN or infinity); the weights are unusable"
                    .into(),
            ));
        }
        Ok(out)
    }

    async fn forward(&self, features: &[Feature], seq: usize) -> Result<(Vec<f32>, Vec<f32>)> {
        let b = features.len();
        let mut ids = vec![i64::from(PAD); b * seq];
        let mut mask = vec![0i64; b * seq];
        let mut types = vec![0i64; b * seq];
        for (i, f) in features.iter().enumerate() {
            for (j, (&id, &t)) in f.input_ids.iter().zip(&f.token_type_ids).enumerate() {
                ids[i * seq + j] = i64::from(id);
                mask[i * seq + j] = 1;
                types[i * seq + j] = i64::from(t);
            }
        }
        let tensor =
            |v: Vec<i64>| Tensor::<2, Int>::from_data(TensorData::new(v, [b, seq]), &self.device);
        let (ids, mask, types) = (tensor(ids), tensor(mask), tensor(types));
        let (start, end) = self.run(ids, mask, types);
        Ok((read(start).await?, read(end).await?))
    }

    /// Runs raw model inputs (row-major `[batch, seq]`), for parity tests and benchmarks.
    ///
    /// Public and reachable from JavaScript (`qa.logits`), so every value is checked before a
    /// tensor is built: burn panics on an id or token type past its embedding table and on a
    /// sequence past the position table, a `batch × seq` that wraps (usize is 32 bits in wasm)
    /// would pass a length check, and a mask value other than 0 or 1 scales the attention mask's
    /// −3.4e38 into infinities. Shapes: `batch` from 1 to [`MAX_RAW_BATCH`], `seq` from 1 to
    /// [`MAX_POSITIONS`], and `batch × seq` at most [`MAX_RAW_TOKENS`].
    pub async fn forward_raw(
        &self,
        batch: usize,
        seq: usize,
        input_ids: &[i64],
        attention_mask: &[i64],
        token_type_ids: &[i64],
    ) -> Result<(Vec<f32>, Vec<f32>)> {
        check_raw_inputs(
            self.vocab_size,
            batch,
            seq,
            input_ids,
            attention_mask,
            token_type_ids,
        )?;
        let tensor = |v: &[i64]| {
            Tensor::<2, Int>::from_data(TensorData::new(v.to_vec(), [batch, seq]), &self.device)
        };
        let (ids, mask, types) = (
            tensor(input_ids),
            tensor(attention_mask),
            tensor(token_type_ids),
        );
        let (start, end) = self.run(ids, mask, types);
        Ok((read(start).await?, read(end).await?))
    }
}

impl QaModel {
    /// The generated graph on the pool, with this model's int8 weights in scope.
    fn run(
        &self,
        ids: Tensor<2, Int>,
        mask: Tensor<2, Int>,
        types: Tensor<2, Int>,
    ) -> (Tensor<2>, Tensor<2>) {
        in_pool(|| linear::with_int8(self.int8.as_ref(), || self.inner.forward(ids, mask, types)))
    }
}

/// Most rows one [`QaModel::forward_raw`] call may run.
pub const MAX_RAW_BATCH: usize = 64;

/// Most tokens (`batch × seq`) one [`QaModel::forward_raw`] call may run: [`MAX_BATCH`] full
/// windows, the largest forward the engine itself runs. Attention holds `batch × 4 × seq²`
/// floats, so this keeps a raw call within the memory an answer may take (in a browser tab,
/// a forward that runs out of memory traps the module).
pub const MAX_RAW_TOKENS: usize = MAX_BATCH * MAX_POSITIONS;

/// Token types of the model's segment table: 0 (question) and 1 (context).
const TOKEN_TYPES: i64 = 2;

/// The checks of [`QaModel::forward_raw`], without a model: shapes first (checked arithmetic),
/// then every value, each failure an [`QaError::InvalidInput`] that names the first bad value.
pub fn check_raw_inputs(
    vocab_size: usize,
    batch: usize,
    seq: usize,
    input_ids: &[i64],
    attention_mask: &[i64],
    token_type_ids: &[i64],
) -> Result<()> {
    let bad = |m: String| Err(QaError::InvalidInput(m));
    check_raw_shape(
        batch,
        seq,
        [input_ids.len(), attention_mask.len(), token_type_ids.len()],
    )?;
    let vocab = i64::try_from(vocab_size).unwrap_or(i64::MAX);
    if let Some((i, id)) = input_ids
        .iter()
        .enumerate()
        .find(|&(_, &id)| !(0..vocab).contains(&id))
    {
        return bad(format!(
            "input_ids[{i}] = {id} is outside the vocabulary (0 to {})",
            vocab - 1
        ));
    }
    if let Some((i, m)) = attention_mask
        .iter()
        .enumerate()
        .find(|&(_, &m)| m != 0 && m != 1)
    {
        return bad(format!("attention_mask[{i}] = {m}; it must be 0 or 1"));
    }
    if let Some((i, t)) = token_type_ids
        .iter()
        .enumerate()
        .find(|&(_, &t)| !(0..TOKEN_TYPES).contains(&t))
    {
        return bad(format!("token_type_ids[{i}] = {t}; it must be 0 or 1"));
    }
    Ok(())
}

/// The shape half of [`check_raw_inputs`]: the counts and the three arrays' lengths (`input_ids`,
/// `attention_mask`, `token_type_ids`), so a caller holding the arrays outside Rust (the browser's
/// typed arrays) refuses them before copying a byte.
pub fn check_raw_shape(batch: usize, seq: usize, lens: [usize; 3]) -> Result<()> {
    let bad = |m: String| Err(QaError::InvalidInput(m));
    if !(1..=MAX_RAW_BATCH).contains(&batch) {
        return bad(format!(
            "batch must be from 1 to {MAX_RAW_BATCH}; got {batch}"
        ));
    }
    if !(1..=MAX_POSITIONS).contains(&seq) {
        return bad(format!(
            "seq must be from 1 to {MAX_POSITIONS} (the model's positions); got {seq}"
        ));
    }
    let n = match batch.checked_mul(seq) {
        Some(n) if n <= MAX_RAW_TOKENS => n,
        _ => {
            return bad(format!(
                "batch × seq = {batch} × {seq} exceeds {MAX_RAW_TOKENS} tokens per call"
            ));
        }
    };
    for (name, len) in ["input_ids", "attention_mask", "token_type_ids"].into_iter().zip(lens) {
        if len != n {
            return bad(format!(
                "{name} holds {len} values; batch × seq = {batch} × {seq} needs {n}"
            ));
        }
    }
    Ok(())
}

/// Runs the forward on a worker of the thread pool, where there is one: every parallel region
/// inside then starts from a pool thread (work stealing), not from a thread outside the pool that
/// must hand each region over and be woken when it ends.
#[cfg(feature = "threads")]
fn in_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::join(f, || ()).0
}

#[cfg(not(feature = "threads"))]
fn in_pool<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Float parameters by path (`a.b.weight`), with their id and shape, read without loading or
/// allocating a lazy parameter.
#[derive(Default)]
struct Params {
    path: Vec<String>,
    found: std::collections::HashMap<String, (ParamId, Vec<usize>)>,
}

impl ModuleVisitor for Params {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.found.insert(
            self.path.join("."),
            (param.id, param.lazy_shape().as_slice().to_vec()),
        );
    }
}

fn params(model: &electra::Model) -> Params {
    let mut v = Params::default();
    burn::module::Module::visit(model, &mut v);
    v
}

fn param_ids(model: &electra::Model) -> std::collections::HashMap<String, (ParamId, [usize; 2])> {
    params(model)
        .found
        .into_iter()
        .filter_map(|(p, (id, s))| Some((p, (id, <[usize; 2]>::try_from(s).ok()?))))
        .collect()
}

/// Rows of the word embedding table: the tallest 2-D float tensor (position and token-type
/// tables have 512 and 2 rows), found by shape so it survives re-imports that rename fields.
/// Shapes are read without loading a parameter (int8 mode never loads the Linear weights).
fn embedding_rows(model: &electra::Model) -> Option<usize> {
    params(model)
        .found
        .values()
        .filter(|(_, s)| s.len() == 2)
        .map(|(_, s)| s[0])
        .max()
}

/// Async readback: the only kind WebGPU allows in a browser.
async fn read(t: Tensor<2>) -> Result<Vec<f32>> {
    let data = t
        .into_data_async()
        .await
        .map_err(|e| QaError::Inference(format!("{e:?}")))?;
    data.try_into_vec::<f32>()
        .map_err(|e| QaError::Inference(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_inputs_are_checked_before_any_tensor_is_built() {
        let ok = |b: usize, s: usize| {
            let n = b * s;
            check_raw_inputs(100, b, s, &vec![5; n], &vec![1; n], &vec![0; n])
        };
        ok(1, 1).unwrap();
        ok(1, MAX_POSITIONS).unwrap();
        ok(MAX_RAW_BATCH, MAX_RAW_TOKENS / MAX_RAW_BATCH).unwrap();
        ok(MAX_BATCH, MAX_POSITIONS).unwrap();
        let refused = |r: Result<()>, want: &str| {
            let e = r.unwrap_err();
            assert_eq!(e.code(), "INVALID_INPUT", "{e}");
            assert!(e.to_string().contains(want), "{e}");
        };
        refused(ok(0, 8), "batch must be");
        refused(ok(1, 0), "seq must be");
        refused(ok(1, MAX_POSITIONS + 1), "seq must be");
        refused(ok(MAX_RAW_BATCH + 1, 1), "batch must be");
        refused(ok(MAX_RAW_BATCH, MAX_POSITIONS), "exceeds");
        // Would wrap a 32-bit usize (and overflow a 64-bit one): refused before multiplying.
        for (b, s) in [(usize::MAX, 2), (1 << 16, 1 << 16), (2, usize::MAX)] {
            assert!(check_raw_inputs(100, b, s, &[], &[], &[]).is_err());
        }
        let (ids, mask, types) = (vec![5i64; 4], vec![1i64; 4], vec![0i64; 4]);
        refused(
            check_raw_inputs(100, 2, 2, &ids[..3], &mask, &types),
            "input_ids holds 3",
        );
        refused(
            check_raw_inputs(100, 2, 2, &ids, &mask, &[0; 5]),
            "token_type_ids holds 5",
        );
        let with = |v: &[i64], i: usize, x: i64| {
            let mut v = v.to_vec();
            v[i] = x;
            v
        };
        refused(
            check_raw_inputs(100, 2, 2, &with(&ids, 3, 100), &mask, &types),
            "input_ids[3] = 100",
        );
        refused(
            check_raw_inputs(100, 2, 2, &with(&ids, 0, -1), &mask, &types),
            "outside the vocabulary",
        );
        refused(
            check_raw_inputs(100, 2, 2, &ids, &with(&mask, 1, 2), &types),
            "attention_mask[1] = 2",
        );
        refused(
            check_raw_inputs(100, 2, 2, &ids, &with(&mask, 1, -1), &types),
            "must be 0 or 1",
        );
        refused(
            check_raw_inputs(100, 2, 2, &ids, &mask, &with(&types, 2, 2)),
            "token_type_ids[2] = 2",
        );
        refused(
            check_raw_inputs(100, 2, 2, &ids, &mask, &with(&types, 2, i64::MIN)),
            "must be 0 or 1",
        );
        check_raw_inputs(
            100,
            2,
            2,
            &with(&ids, 0, 99),
            &with(&mask, 3, 0),
            &with(&types, 3, 1),
        )
        .unwrap();
    }

    #[test]
    fn gpu_seq_rounds_up_to_a_bucket_within_the_positions() {
        for (longest, want) in [
            (1, 64),
            (64, 64),
            (65, 128),
            (300, 320),
            (384, 384),
            (449, 512),
            (512, 512),
        ] {
            assert_eq!(gpu_seq(longest), want, "{longest}");
        }
        // Past the position table there is nothing to round to: never shorter than the input.
        assert_eq!(gpu_seq(600), 600);
    }
}
