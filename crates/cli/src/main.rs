//! `korean-qa`: the native command line over the same core the browser package wraps.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

mod hub;
use korean_qa::bundle;
use korean_qa::offsets::utf16_at;
use korean_qa::{Answer, Backend, QaEngine, QaError, QaOptions, Result, WindowReport};
use serde::Deserialize;

#[derive(Parser)]
#[command(
    name = "korean-qa",
    version,
    about = "Korean extractive question answering (KoELECTRA on burn)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct ModelArgs {
    /// The model: a bundle directory (holds manifest.json), a checkpoint directory (config.json,
    /// vocab.txt and model.safetensors or pytorch_model.bin, as `hf download --local-dir` leaves
    /// it), or hf:OWNER/NAME[@REVISION] from the HF cache or the hub (HF_ENDPOINT, HF_HOME,
    /// HF_HUB_CACHE, HF_HUB_OFFLINE)
    #[arg(long, default_value = korean_qa::hub::DEFAULT_MODEL)]
    model: String,
    /// Weights precision a checkpoint is converted to: int8, fp16 or fp32 (bundles keep theirs)
    #[arg(long, default_value = "int8")]
    precision: korean_qa::precision::Precision,
    /// Backend: flex (CPU); ndarray and wgpu in builds with the comparison features
    /// `compare-ndarray` and `compare-wgpu`
    #[arg(long, default_value = "flex")]
    backend: Backend,
    /// Answers per question
    #[arg(long, default_value_t = 1)]
    top_k: usize,
    /// Windows of a long context to read, best-ranked first (README, "Options")
    #[arg(long, default_value_t = QaOptions::default().max_windows)]
    max_windows: usize,
    /// Read every window of a long context
    #[arg(long)]
    exhaustive: bool,
    /// Linear layers' arithmetic: auto (int8 for an int8 bundle on a CPU backend), fp32, or
    /// int8 (int8 bundles on a CPU backend only; docs/int8.md)
    #[arg(long, default_value = "auto")]
    compute: korean_qa::precision::Compute,
}

impl ModelArgs {
    fn options(&self) -> QaOptions {
        QaOptions {
            top_k: self.top_k,
            max_windows: self.max_windows,
            exhaustive: self.exhaustive,
            ..Default::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Answer one question; prints JSON with UTF-16 offsets into the context
    Answer {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        question: String,
        #[arg(
            long,
            conflicts_with = "context_file",
            required_unless_present = "context_file"
        )]
        context: Option<String>,
        #[arg(long)]
        context_file: Option<PathBuf>,
    },
    /// Answer JSONL lines {"id","question","context"}; writes {"id","answers":[…]} lines
    Batch {
        #[command(flatten)]
        model: ModelArgs,
        input: PathBuf,
        /// Output file (default: stdout)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Add "windows" to each line: every window of the context in reading order, with its
        /// UTF-16 span, its BM25 score and whether it is read; and "ms": the time to the first
        /// partial answer and to the final one
        #[arg(long)]
        explain: bool,
        /// Rank the windows and report the plan (implies --explain) without running the model
        #[arg(long)]
        plan: bool,
    },
    /// KorQuAD 1.0 EM/F1 under the official normalization; writes predictions
    Eval {
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long)]
        korquad: PathBuf,
        #[arg(long, default_value = "predictions.json")]
        predictions: PathBuf,
        /// Only the first N questions
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Turn an export (model.onnx, config.json, vocab.txt) into a model bundle: `bundle EXPORT
    /// OUT`; or a checkpoint with no export: `bundle --from-hf (DIR|hf:ID) OUT`
    Bundle {
        /// EXPORT_DIR OUT_DIR, or OUT_DIR alone with --from-hf
        #[arg(num_args = 1..=2, required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// A checkpoint directory or hf:OWNER/NAME[@REVISION], converted with no Python or ONNX
        #[arg(long, value_name = "DIR|hf:ID")]
        from_hf: Option<String>,
        /// Model name in the manifest (default: the export's name)
        #[arg(long)]
        name: Option<String>,
        /// Weights precision: int8 (default: per-channel scales, a quarter of the size, int8
        /// compute on the CPU), fp16 (half the size), or fp32 (as exported); docs/bundles.md#weight-precision
        #[arg(long, default_value = "int8")]
        precision: korean_qa::precision::Precision,
    },
    /// Regenerate the compiled model source from an export (then rebuild)
    Import {
        export_dir: PathBuf,
        #[arg(long, default_value = "src/model/electra.rs")]
        source: PathBuf,
        /// The checkpoint the export was made from (`export_onnx.py --hub DIR`): also write the
        /// mapping of its tensors onto the graph's parameters, which `--from-hf` and the browser's
        /// `hf:` models convert with
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        #[arg(long, default_value = "src/model/checkpoint.json")]
        map: PathBuf,
    },
    /// Forward latency of one feature per CPU backend; prints JSON lines
    Bench {
        #[arg(long)]
        model: PathBuf,
        /// flex, ndarray, wgpu (`gpu` builds) or all (the CPU ones)
        #[arg(long, default_value = "all")]
        backend: String,
        #[arg(long, default_value_t = 384)]
        seq: usize,
        /// Features per forward (a long context's windows run as one batch)
        #[arg(long, default_value_t = 1)]
        batch: usize,
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// auto, fp32 or int8, as for `answer`
        #[arg(long, default_value = "auto")]
        compute: korean_qa::precision::Compute,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Answer {
            model,
            question,
            context,
            context_file,
        } => {
            let context = match (context, context_file) {
                (Some(c), _) => c,
                (None, Some(f)) => std::fs::read_to_string(&f).map_err(|e| io(&f, e))?,
                (None, None) => unreachable!("clap requires one of them"),
            };
            let engine = load(&model)?;
            let answers = answer(&engine, &question, &context, &model)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "answers": answers }))
                    .map_err(json)?
            );
            Ok(())
        }
        Command::Batch {
            model,
            input,
            out,
            explain,
            plan,
        } => batch(&model, &input, out.as_deref(), explain, plan),
        Command::Eval {
            model,
            korquad,
            predictions,
            limit,
        } => eval(&model, &korquad, &predictions, limit),
        Command::Bundle {
            dirs,
            from_hf,
            name,
            precision,
        } => match (from_hf, dirs.as_slice()) {
            (Some(source), [out]) => {
                let mut checkpoint = hub::checkpoint(&source)?;
                if let Some(n) = name {
                    checkpoint.name = n;
                }
                write_bundle(checkpoint.into_bundle(precision)?, out)
            }
            (None, [export, out]) => make_bundle(export, out, name, precision),
            (Some(_), _) => Err(QaError::InvalidOptions("bundle --from-hf SOURCE takes one directory, OUT_DIR".into())),
            (None, _) => Err(QaError::InvalidOptions("bundle takes EXPORT_DIR OUT_DIR (or --from-hf SOURCE OUT_DIR)".into())),
        },
        Command::Import {
            export_dir,
            source,
            checkpoint,
            map,
        } => {
            let imported = korean_qa_import::import_onnx(&export_dir.join("model.onnx"))?;
            std::fs::write(&source, &imported.source).map_err(|e| io(&source, e))?;
            println!("wrote {}; rebuild to compile it", source.display());
            if let Some(dir) = checkpoint {
                let m = korean_qa_import::checkpoint_map(&imported, &dir)?;
                // One parameter a line: reviewable in a diff, and a tenth of the pretty form.
                let lines: Vec<String> = m
                    .tensors
                    .iter()
                    .map(|t| serde_json::to_string(t).map(|l| format!("    {l}")))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(json)?;
                let text = format!(
                    "{{\n  \"graph\": \"{}\",\n  \"tensors\": [\n{}\n  ]\n}}\n",
                    m.graph,
                    lines.join(",\n")
                );
                std::fs::write(&map, text).map_err(|e| io(&map, e))?;
                println!("wrote {} ({} parameters)", map.display(), m.tensors.len());
            }
            Ok(())
        }
        Command::Bench {
            model,
            backend,
            seq,
            batch,
            runs,
            compute,
        } => bench(&model, &backend, seq, batch, runs, compute),
    }
}

fn io(path: &Path, e: std::io::Error) -> QaError {
    QaError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

fn json(e: serde_json::Error) -> QaError {
    QaError::InvalidInput(format!("JSON: {e}"))
}

fn load(m: &ModelArgs) -> Result<QaEngine> {
    let dir = Path::new(&m.model);
    let bundle = if korean_qa::hub::HubId::parse(&m.model)?.is_none() && dir.join(bundle::MANIFEST).is_file() {
        korean_qa::BundleBytes::read_dir(dir)?
    } else if korean_qa::hub::HubId::parse(&m.model)?.is_none() && !dir.join(korean_qa::checkpoint::CONFIG).is_file() {
        return Err(QaError::InvalidBundle(format!(
            "{} holds neither a bundle (manifest.json) nor a checkpoint (config.json)",
            dir.display()
        )));
    } else {
        hub::checkpoint(&m.model)?.into_bundle(m.precision)?
    };
    QaEngine::with_compute(bundle, &m.backend.try_device()?, m.compute)
}

/// Answers with UTF-16 offsets, the unit of JSON's usual consumers.
fn answer(engine: &QaEngine, question: &str, context: &str, m: &ModelArgs) -> Result<Vec<Answer>> {
    Ok(read(engine, question, context, m, false)?.answers)
}

/// What one question's reading gives: answers and windows with UTF-16 offsets, and timings.
struct Read {
    answers: Vec<Answer>,
    windows: Vec<WindowReport>,
    first_ms: f64,
    total_ms: f64,
}

/// Reads `context` for `question`; `plan_only` ranks the windows and reads none.
fn read(
    engine: &QaEngine,
    question: &str,
    context: &str,
    m: &ModelArgs,
    plan_only: bool,
) -> Result<Read> {
    let started = Instant::now();
    let mut reading = engine.read(question, context, &m.options())?;
    let mut first_ms = 0.0;
    if !plan_only {
        pollster::block_on(reading.step())?;
        first_ms = started.elapsed().as_secs_f64() * 1e3;
        while pollster::block_on(reading.step())? {}
    }
    let answers = reading.answers().into_iter().map(|a| a.into_utf16(context)).collect();
    let total_ms = started.elapsed().as_secs_f64() * 1e3;
    let windows = reading
        .explain()
        .into_iter()
        .map(|w| WindowReport {
            start: utf16_at(context, w.start),
            end: utf16_at(context, w.end),
            ..w
        })
        .collect();
    Ok(Read {
        answers,
        windows,
        first_ms,
        total_ms,
    })
}

#[derive(Deserialize)]
struct BatchLine {
    id: serde_json::Value,
    question: String,
    context: String,
}

fn batch(m: &ModelArgs, input: &Path, out: Option<&Path>, explain: bool, plan: bool) -> Result<()> {
    let engine = load(m)?;
    let reader = std::io::BufReader::new(std::fs::File::open(input).map_err(|e| io(input, e))?);
    let mut writer: Box<dyn Write> = match out {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).map_err(|e| io(p, e))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let started = Instant::now();
    let mut n = 0;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| io(input, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let row: BatchLine = serde_json::from_str(&line)
            .map_err(|e| QaError::InvalidInput(format!("{}:{}: {e}", input.display(), i + 1)))?;
        // One bad line must not sink the batch: its error is reported in place.
        let record = match read(&engine, &row.question, &row.context, m, plan) {
            Ok(r) if explain || plan => serde_json::json!({
                "id": row.id,
                "answers": r.answers,
                "windows": r.windows,
                "ms": { "first": r.first_ms, "total": r.total_ms },
            }),
            Ok(r) => serde_json::json!({ "id": row.id, "answers": r.answers }),
            Err(e) => {
                serde_json::json!({ "id": row.id, "answers": [], "error": { "code": e.code(), "message": e.to_string() } })
            }
        };
        writeln!(writer, "{record}").map_err(|e| io(Path::new("output"), e))?;
        n += 1;
    }
    writer.flush().map_err(|e| io(Path::new("output"), e))?;
    eprintln!(
        "batch: {n} questions in {:.1}s on {}",
        started.elapsed().as_secs_f64(),
        m.backend
    );
    Ok(())
}

#[derive(Deserialize)]
struct Squad {
    data: Vec<Article>,
}
#[derive(Deserialize)]
struct Article {
    paragraphs: Vec<Paragraph>,
}
#[derive(Deserialize)]
struct Paragraph {
    context: String,
    qas: Vec<Qa>,
}
#[derive(Deserialize)]
struct Qa {
    id: String,
    question: String,
    answers: Vec<Gold>,
}
#[derive(Deserialize)]
struct Gold {
    text: String,
}

fn eval(m: &ModelArgs, korquad: &Path, predictions: &Path, limit: Option<usize>) -> Result<()> {
    use korean_qa::korquad::{best_over, exact_match, f1};
    let data: Squad = serde_json::from_slice(&std::fs::read(korquad).map_err(|e| io(korquad, e))?)
        .map_err(json)?;
    let engine = load(m)?;
    let started = Instant::now();
    let (mut em, mut f1_sum, mut total) = (0.0, 0.0, 0usize);
    let mut preds = serde_json::Map::new();
    'all: for p in data.data.iter().flat_map(|a| &a.paragraphs) {
        for qa in &p.qas {
            if limit.is_some_and(|l| total >= l) {
                break 'all;
            }
            let best = answer(&engine, &qa.question, &p.context, m)?;
            let text = best.first().map(|a| a.text.clone()).unwrap_or_default();
            let golds: Vec<String> = qa.answers.iter().map(|g| g.text.clone()).collect();
            em += if best_over(exact_match, &text, &golds).unwrap_or(false) {
                1.0
            } else {
                0.0
            };
            f1_sum += best_over(f1, &text, &golds).unwrap_or(0.0);
            total += 1;
            preds.insert(qa.id.clone(), serde_json::Value::String(text));
        }
    }
    let body = serde_json::to_string_pretty(&preds).map_err(json)?;
    std::fs::write(predictions, body).map_err(|e| io(predictions, e))?;
    let result = serde_json::json!({
        "exact_match": 100.0 * em / total.max(1) as f64,
        "f1": 100.0 * f1_sum / total.max(1) as f64,
        "questions": total,
        "model": engine.manifest().name,
        "seconds": started.elapsed().as_secs_f64(),
        "predictions": predictions.display().to_string(),
    });
    println!("{result}");
    Ok(())
}

fn make_bundle(
    export: &Path,
    out: &Path,
    name: Option<String>,
    precision: korean_qa::precision::Precision,
) -> Result<()> {
    let read = |f: &str| {
        let p = export.join(f);
        std::fs::read(&p).map_err(|e| io(&p, e))
    };
    let config: serde_json::Value = serde_json::from_slice(&read("config.json")?)
        .map_err(|e| QaError::InvalidBundle(format!("config.json: {e}")))?;
    let vocab = read("vocab.txt")?;
    let name = match name {
        Some(n) => n,
        None => read("export.json")
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v.get("name")?.as_str().map(String::from))
            .unwrap_or_else(|| {
                export
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
    };
    let imported = korean_qa_import::import_onnx(&export.join("model.onnx"))?;
    korean_qa_import::check_graph(&imported)?;
    let weights = std::fs::read(&imported.weights).map_err(|e| io(&imported.weights, e))?;
    let weights = korean_qa::precision::convert(weights, precision)?;
    write_bundle(bundle::assemble(name, config, weights, vocab, precision), out)
}

/// Loads a bundle once, then writes it: a bundle that cannot answer is never produced.
fn write_bundle(checked: korean_qa::BundleBytes, out: &Path) -> Result<()> {
    let device = Backend::all()
        .first()
        .ok_or_else(|| QaError::BackendUnavailable("no CPU backend".into()))?
        .device();
    let engine = QaEngine::new(checked.clone(), &device)?;
    let manifest = &checked.manifest;
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let write = |f: &str, b: &[u8]| {
        let p = out.join(f);
        std::fs::write(&p, b).map_err(|e| io(&p, e))
    };
    write(&manifest.files.weights.path, &checked.weights)?;
    write(&manifest.files.vocab.path, &checked.vocab)?;
    write(bundle::MANIFEST, &manifest.to_json())?;
    println!(
        "bundle `{}` -> {} ({} weights {} bytes, vocab {} entries)",
        manifest.name,
        out.display(),
        manifest.precision.name(),
        manifest.files.weights.size,
        engine.tokenizer().vocab_size()
    );
    Ok(())
}

fn bench(
    model: &Path,
    backend: &str,
    seq: usize,
    batch: usize,
    runs: usize,
    compute: korean_qa::precision::Compute,
) -> Result<()> {
    let backends: Vec<Backend> = if backend == "all" {
        Backend::cpu()
    } else {
        vec![backend.parse()?]
    };
    let bundle = korean_qa::BundleBytes::read_dir(model)?;
    for b in backends {
        let t0 = Instant::now();
        let engine = QaEngine::with_compute(bundle.clone(), &b.try_device()?, compute)?;
        let load_ms = t0.elapsed().as_secs_f64() * 1e3;
        // Deterministic ids spread over the vocabulary, one full-length feature.
        let ids: Vec<i64> = (0..batch * seq)
            .map(|i| 5 + ((i * 7919) % 31_000) as i64)
            .collect();
        let mask = vec![1i64; batch * seq];
        let types: Vec<i64> = (0..batch * seq).map(|i| i64::from(i % seq >= 32)).collect();
        let mut times = Vec::with_capacity(runs);
        // The first forward alone: on a GPU it compiles (and with autotune, times) the kernels.
        let mut first_ms = 0.0;
        for i in 0..runs + 2 {
            let t = Instant::now();
            pollster::block_on(engine.model().forward_raw(batch, seq, &ids, &mask, &types))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if i == 0 {
                first_ms = ms;
            } else if i >= 2 {
                times.push(ms);
            }
        }
        times.sort_by(f64::total_cmp);
        let line = serde_json::json!({
            "engine": format!("burn-{b}"),
            "seq": seq,
            "batch": batch,
            "runs": runs,
            "compute": engine.compute(),
            "median_ms": times[times.len() / 2],
            "min_ms": times[0],
            "max_ms": times[times.len() - 1],
            "load_ms": load_ms,
            "first_ms": first_ms,
            "threads": std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "default".into()),
        });
        println!("{line}");
    }
    Ok(())
}
