//! Graph rewrite before burn-onnx runs: GELU, exported by torch as five nodes
//! (`Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(½)`), becomes one `Gelu` node of our own domain,
//! as onnxruntime's optimiser fuses it. The CPU then makes one pass over the feed-forward
//! activations instead of five, and the export stays plain ONNX (opset 17) for every other engine.

use std::collections::HashMap;

use onnx_ir::{ModelProto, NodeProto};

/// Domain of the fused node; `hooks::Gelu` generates its code.
pub const DOMAIN: &str = "korean_qa";
pub const OP: &str = "Gelu";

/// Fuses every GELU in `model`; returns how many. Nodes that only fed a fused GELU are left for
/// burn-onnx's dead-node pass.
pub fn fuse(model: &mut ModelProto) -> usize {
    let Some(graph) = model.graph.as_mut() else {
        return 0;
    };
    let nodes = &graph.node;
    let producer: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| n.output.iter().map(move |o| (o.as_str(), i)))
        .collect();
    let mut consumers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        for input in &n.input {
            consumers.entry(input.as_str()).or_default().push(i);
        }
    }
    let constant = |name: &str| producer.get(name).and_then(|&i| scalar(&nodes[i]));
    let only_consumer = |name: &str| match consumers.get(name).map(Vec::as_slice) {
        Some([i]) => Some(*i),
        _ => None,
    };
    // The other input of a two-input node, given one of them.
    let other = |n: &NodeProto, one: &str| -> Option<String> {
        match n.input.as_slice() {
            [a, b] if a == one => Some(b.clone()),
            [a, b] if b == one => Some(a.clone()),
            _ => None,
        }
    };
    let near = |v: Option<f32>, want: f32| v.is_some_and(|v| (v - want).abs() <= 1e-6);

    // (index of the last Mul, x, output) per GELU; the four inner nodes are dropped.
    let mut fused: Vec<(usize, String, String, [usize; 4])> = Vec::new();
    for (erf, n) in nodes.iter().enumerate() {
        if n.op_type != "Erf" || n.input.len() != 1 {
            continue;
        }
        let matched = (|| {
            let div = *producer.get(n.input[0].as_str())?;
            let d = &nodes[div];
            if d.op_type != "Div"
                || d.input.len() != 2
                || !near(constant(&d.input[1]), std::f32::consts::SQRT_2)
            {
                return None;
            }
            let x = d.input[0].clone();
            let add = only_consumer(&n.output[0])?;
            if nodes[add].op_type != "Add"
                || !near(constant(&other(&nodes[add], &n.output[0])?), 1.0)
            {
                return None;
            }
            let mul = only_consumer(&nodes[add].output[0])?;
            if nodes[mul].op_type != "Mul" || other(&nodes[mul], &nodes[add].output[0])? != x {
                return None;
            }
            let half = only_consumer(&nodes[mul].output[0])?;
            let h = &nodes[half];
            if h.op_type != "Mul" || !near(constant(&other(h, &nodes[mul].output[0])?), 0.5) {
                return None;
            }
            only_consumer(&d.output[0])?;
            Some((half, x, h.output[0].clone(), [div, erf, add, mul]))
        })();
        fused.extend(matched);
    }
    if fused.is_empty() {
        return 0;
    }
    let count = fused.len();
    let mut drop = vec![false; graph.node.len()];
    for (half, x, out, inner) in fused {
        let node = &mut graph.node[half];
        node.op_type = OP.into();
        node.domain = DOMAIN.into();
        node.input = vec![x];
        node.output = vec![out];
        node.attribute.clear();
        node.name = format!("{}_gelu", node.name);
        inner.iter().for_each(|&i| drop[i] = true);
    }
    let mut i = 0;
    graph.node.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    // The node's domain needs an opset entry; the entry type is not exported, so copy one.
    if !model.opset_import.iter().any(|o| o.domain == DOMAIN) {
        if let Some(mut entry) = model.opset_import.first().cloned() {
            entry.domain = DOMAIN.into();
            entry.version = 1;
            model.opset_import.push(entry);
        }
    }
    count
}

/// The value of a one-element float `Constant` node.
fn scalar(node: &NodeProto) -> Option<f32> {
    if node.op_type != "Constant" {
        return None;
    }
    let t = node
        .attribute
        .iter()
        .find(|a| a.name == "value")?
        .t
        .as_ref()?;
    const FLOAT: i32 = 1;
    if t.data_type != FLOAT || t.dims.iter().product::<i64>() != 1 {
        return None;
    }
    match (&t.float_data[..], &t.raw_data[..]) {
        ([v], _) => Some(*v),
        ([], raw) if raw.len() == 4 => Some(f32::from_le_bytes(raw.try_into().ok()?)),
        _ => None,
    }
}
