//! Graph rewrites before burn-onnx runs, as onnxruntime's optimiser makes them: chains of
//! element-wise nodes become one node of our own domain, so the CPU makes one pass over the
//! activations instead of several (burn-flex runs each element-wise node on one thread).
//! - GELU, exported by torch as `Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(½)` → `Gelu(x)`;
//! - attention weights, `MatMul → Mul(scale) → Add(mask) → Softmax` → `MaskedSoftmax(scores,
//!   mask)` with the scale as an attribute;
//! - a Linear's bias, `Add(MatMul(x, W), b)` with `W` and `b` weights → `MatMul(x, W)` (which
//!   burn-onnx imports as a Linear without bias) `→ BiasAdd(·, b)`: burn adds a Linear's bias as a
//!   broadcast add on one thread, our kernel splits it across the pool. A bias that only feeds a
//!   GELU or a residual `Add` goes into that node instead: `Gelu(·, b)`, `BiasAdd(·, b, residual)`.
//!
//! The export itself stays plain ONNX (opset 17) for every other engine.

use std::collections::HashMap;

use onnx_ir::{AttributeProto, AttributeType, GraphProto, ModelProto, NodeProto};

/// Domain of the fused nodes; `import::FusedOp` generates their code.
pub const DOMAIN: &str = "korean_qa";
pub const GELU: &str = "Gelu";
pub const MASKED_SOFTMAX: &str = "MaskedSoftmax";
pub const BIAS_ADD: &str = "BiasAdd";

/// Applies every rewrite; returns how many nodes it made.
pub fn fuse(model: &mut ModelProto) -> usize {
    let count = gelu(model) + masked_softmax(model) + bias_add(model) + bias_into_next(model);
    // The nodes' domain needs an opset entry; the entry type is not exported, so copy one.
    if count > 0 && !model.opset_import.iter().any(|o| o.domain == DOMAIN) {
        if let Some(mut entry) = model.opset_import.first().cloned() {
            entry.domain = DOMAIN.into();
            entry.version = 1;
            model.opset_import.push(entry);
        }
    }
    count
}

/// Who produces and who consumes each value, and the rank of each weight.
struct Uses<'a> {
    nodes: &'a [NodeProto],
    producer: HashMap<&'a str, usize>,
    consumers: HashMap<&'a str, Vec<usize>>,
    weight_rank: HashMap<&'a str, usize>,
}

impl<'a> Uses<'a> {
    fn new(graph: &'a GraphProto) -> Self {
        let nodes = graph.node.as_slice();
        let producer = nodes
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
        let weight_rank = graph
            .initializer
            .iter()
            .map(|t| (t.name.as_str(), t.dims.len()))
            .collect();
        Uses {
            nodes,
            producer,
            consumers,
            weight_rank,
        }
    }

    fn is_weight(&self, value: &str, rank: usize) -> bool {
        self.weight_rank.get(value) == Some(&rank)
    }

    fn producer(&self, value: &str, op: &str) -> Option<usize> {
        self.producer
            .get(value)
            .copied()
            .filter(|&i| self.nodes[i].op_type == op)
    }

    /// The single consumer of `value`, if it is an `op` node.
    fn only_consumer(&self, value: &str, op: &str) -> Option<usize> {
        match self.consumers.get(value).map(Vec::as_slice) {
            Some([i]) if self.nodes[*i].op_type == op => Some(*i),
            _ => None,
        }
    }

    fn constant(&self, value: &str) -> Option<f32> {
        self.producer
            .get(value)
            .and_then(|&i| scalar(&self.nodes[i]))
    }

    /// The other input of a two-input node, given one of them.
    fn other(&self, node: usize, one: &str) -> Option<&'a str> {
        match self.nodes[node].input.as_slice() {
            [a, b] if a == one => Some(b),
            [a, b] if b == one => Some(a),
            _ => None,
        }
    }
}

fn near(v: Option<f32>, want: f32) -> bool {
    v.is_some_and(|v| (v - want).abs() <= 1e-6)
}

/// One rewrite: the node at `at` becomes `op(inputs)` with its own output; `dropped` go.
struct Fused {
    at: usize,
    op: &'static str,
    inputs: Vec<String>,
    scale: Option<f32>,
    dropped: Vec<usize>,
}

fn apply(model: &mut ModelProto, fused: Vec<Fused>) -> usize {
    let Some(graph) = model.graph.as_mut() else {
        return 0;
    };
    let mut count = 0;
    let mut drop = vec![false; graph.node.len()];
    // Where two matches claim a node, the first wins.
    let mut claimed = vec![false; graph.node.len()];
    for f in fused {
        if std::iter::once(&f.at)
            .chain(&f.dropped)
            .any(|&i| claimed[i])
        {
            continue;
        }
        std::iter::once(&f.at)
            .chain(&f.dropped)
            .for_each(|&i| claimed[i] = true);
        count += 1;
        let node = &mut graph.node[f.at];
        node.op_type = f.op.into();
        node.domain = DOMAIN.into();
        node.input = f.inputs;
        node.attribute.clear();
        if let Some(scale) = f.scale {
            let mut attr = AttributeProto::new();
            attr.name = "scale".into();
            attr.f = scale;
            attr.type_ = AttributeType::FLOAT.into();
            node.attribute.push(attr);
        }
        f.dropped.iter().for_each(|&i| drop[i] = true);
    }
    let mut i = 0;
    graph.node.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    count
}

/// Runs `matcher` on every `anchor` node with `inputs` inputs and applies what it finds.
fn rewrite(
    model: &mut ModelProto,
    anchor: &str,
    inputs: usize,
    matcher: impl Fn(&Uses, usize) -> Option<Fused>,
) -> usize {
    let Some(graph) = model.graph.as_ref() else {
        return 0;
    };
    let uses = Uses::new(graph);
    let fused: Vec<Fused> = (0..graph.node.len())
        .filter(|&i| graph.node[i].op_type == anchor && graph.node[i].input.len() == inputs)
        .filter_map(|i| matcher(&uses, i))
        .collect();
    apply(model, fused)
}

/// `Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(½)` → `Gelu(x)`.
fn gelu(model: &mut ModelProto) -> usize {
    rewrite(model, "Erf", 1, |uses, erf| {
        let nodes = uses.nodes;
        let n = &nodes[erf];
        let div = uses.producer(&n.input[0], "Div")?;
        let d = &nodes[div];
        if d.input.len() != 2 || !near(uses.constant(&d.input[1]), std::f32::consts::SQRT_2) {
            return None;
        }
        uses.only_consumer(&d.output[0], "Erf")?;
        let x = d.input[0].as_str();
        let add = uses.only_consumer(&n.output[0], "Add")?;
        if !near(uses.constant(uses.other(add, &n.output[0])?), 1.0) {
            return None;
        }
        let mul = uses.only_consumer(&nodes[add].output[0], "Mul")?;
        if uses.other(mul, &nodes[add].output[0])? != x {
            return None;
        }
        let half = uses.only_consumer(&nodes[mul].output[0], "Mul")?;
        if !near(uses.constant(uses.other(half, &nodes[mul].output[0])?), 0.5) {
            return None;
        }
        Some(Fused {
            at: half,
            op: GELU,
            inputs: vec![x.to_string()],
            scale: None,
            dropped: vec![div, erf, add, mul],
        })
    })
}

/// `MatMul → Mul(scale) → Add(mask) → Softmax(last axis)` → `MaskedSoftmax(scores, mask)`.
fn masked_softmax(model: &mut ModelProto) -> usize {
    rewrite(model, "Softmax", 1, |uses, softmax| {
        let nodes = uses.nodes;
        let n = &nodes[softmax];
        // Softmax-13 defaults to the last axis; the exported one names it as -1.
        let axis = n
            .attribute
            .iter()
            .find(|a| a.name == "axis")
            .map_or(-1, |a| a.i);
        if axis != -1 {
            return None;
        }
        let add = uses.producer(&n.input[0], "Add")?;
        uses.only_consumer(&nodes[add].output[0], "Softmax")?;
        let (mul, mask) = nodes[add].input.iter().find_map(|i| {
            let mul = uses.producer(i, "Mul")?;
            Some((mul, uses.other(add, i)?))
        })?;
        uses.only_consumer(&nodes[mul].output[0], "Add")?;
        let (scores, scale) = nodes[mul].input.iter().find_map(|i| {
            uses.producer(i, "MatMul")?;
            Some((i.as_str(), uses.constant(uses.other(mul, i)?)?))
        })?;
        Some(Fused {
            at: softmax,
            op: MASKED_SOFTMAX,
            inputs: vec![scores.to_string(), mask.to_string()],
            scale: Some(scale),
            dropped: vec![mul, add],
        })
    })
}

/// `Add(MatMul(x, W), b)`, `W` a 2-D weight and `b` a 1-D one → `BiasAdd(MatMul(x, W), b)`.
fn bias_add(model: &mut ModelProto) -> usize {
    rewrite(model, "Add", 2, |uses, add| {
        let (product, bias) = uses.nodes[add].input.iter().find_map(|i| {
            let matmul = &uses.nodes[uses.producer(i, "MatMul")?];
            (matmul.input.len() == 2 && uses.is_weight(&matmul.input[1], 2)).then_some(())?;
            uses.only_consumer(i, "Add")?;
            let bias = uses.other(add, i)?;
            uses.is_weight(bias, 1).then_some((i, bias))
        })?;
        Some(Fused {
            at: add,
            op: BIAS_ADD,
            inputs: vec![product.to_string(), bias.to_string()],
            scale: None,
            dropped: vec![],
        })
    })
}

/// `Gelu(BiasAdd(m, b))` → `Gelu(m, b)`; `Add(BiasAdd(m, b), r)` → `BiasAdd(m, b, r)` (of an Add
/// of two biased products, the first).
fn bias_into_next(model: &mut ModelProto) -> usize {
    rewrite(model, BIAS_ADD, 2, |uses, bias_add| {
        let n = &uses.nodes[bias_add];
        let out = n.output[0].as_str();
        let (at, op, mut inputs) = if let Some(gelu) = uses.only_consumer(out, GELU) {
            (gelu, GELU, vec![])
        } else {
            let add = uses.only_consumer(out, "Add")?;
            (add, BIAS_ADD, vec![uses.other(add, out)?.to_string()])
        };
        inputs.splice(0..0, n.input.iter().cloned());
        Some(Fused {
            at,
            op,
            inputs,
            scale: None,
            dropped: vec![bias_add],
        })
    })
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

#[cfg(test)]
mod tests {
    use super::super::test_graph::{model, node, weight};
    use super::*;

    /// Two biased products summed: the first bias goes into the sum, the second stays a BiasAdd;
    /// an Add of an activation and a bias-less product is left alone.
    #[test]
    fn biases_split_from_products_and_fold_into_one_residual_add() {
        let mut model = model(
            vec![
                weight("w1", &[2, 2], &[0.5; 4]),
                weight("b1", &[2], &[0.5; 2]),
                weight("w2", &[2, 2], &[0.5; 4]),
                weight("b2", &[2], &[0.5; 2]),
            ],
            vec![
                node("MatMul", &["x", "w1"], "m1"),
                node("Add", &["m1", "b1"], "a1"),
                node("MatMul", &["x", "w2"], "m2"),
                node("Add", &["b2", "m2"], "a2"),
                node("Add", &["a1", "a2"], "sum"),
                node("MatMul", &["sum", "x"], "m3"),
                node("Add", &["m3", "x"], "out"),
            ],
        );
        fuse(&mut model);
        let graph = model.graph.as_ref().unwrap();
        let ops: Vec<(&str, Vec<&str>)> = graph
            .node
            .iter()
            .map(|n| {
                (
                    n.op_type.as_str(),
                    n.input.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                ("MatMul", vec!["x", "w1"]),
                ("MatMul", vec!["x", "w2"]),
                ("BiasAdd", vec!["m2", "b2"]),
                ("BiasAdd", vec!["m1", "b1", "a2"]),
                ("MatMul", vec!["sum", "x"]),
                ("Add", vec!["m3", "x"]),
            ]
        );
        assert_eq!(graph.node[3].output, ["sum"]);
    }
}
