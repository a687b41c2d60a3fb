//! Gives every weight its own initializer before burn-onnx runs, so the generated graph depends on
//! the model's architecture and never on its values.
//!
//! The TorchScript exporter merges initializers that hold equal values and hands the copies out
//! through `Identity` nodes. A freshly initialised model (every Linear bias zero, every LayerNorm
//! weight one) is full of such copies; a trained one has none. onnx-ir does not see a constant
//! behind an `Identity`, so it imported `MatMul → Add(Identity(bias))` as a Linear without bias
//! and dropped the add: the graph built from an untrained export could not load a trained model
//! (`GRAPH_MISMATCH`) and would have ignored its biases.
//!
//! Initializers are also put in the order of their first use, since the generated code numbers
//! its constants in initializer order and the exporter orders the merged copies differently.

use std::collections::HashMap;

use onnx_ir::ModelProto;

/// Replaces each `Identity` of an initializer by a copy of it; returns how many it replaced.
pub fn unshare(model: &mut ModelProto) -> usize {
    let Some(graph) = model.graph.as_mut() else {
        return 0;
    };
    let index: HashMap<String, usize> = graph
        .initializer
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut copies = Vec::new();
    graph.node.retain(|n| {
        let source = match (n.op_type.as_str(), n.input.as_slice(), n.output.as_slice()) {
            ("Identity", [input], [_]) => index.get(input),
            _ => None,
        };
        if let Some(&i) = source {
            let mut copy = graph.initializer[i].clone();
            copy.name = n.output[0].clone();
            copies.push(copy);
        }
        source.is_none()
    });
    let count = copies.len();
    graph.initializer.extend(copies);

    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (i, n) in graph.node.iter().enumerate() {
        for input in &n.input {
            first_use.entry(input.as_str()).or_insert(i);
        }
    }
    let mut order: Vec<(usize, usize)> = graph
        .initializer
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                first_use
                    .get(t.name.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut old = std::mem::take(&mut graph.initializer);
    graph.initializer = order
        .into_iter()
        .map(|(_, i)| std::mem::take(&mut old[i]))
        .collect();
    count
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::{model, node, weight};
    use super::*;

    #[test]
    fn identity_copies_become_initializers_in_order_of_use() {
        let mut model = model(
            vec![weight("w", &[1], &[1.0]), weight("bias", &[2], &[0.0, 0.0])],
            vec![
                node("Identity", &["bias"], "bias_copy"),
                node("Add", &["x", "bias"], "y"),
                node("Mul", &["y", "w"], "z"),
                node("Add", &["z", "bias_copy"], "out"),
                node("Identity", &["z"], "not_a_weight"),
            ],
        );

        assert_eq!(unshare(&mut model), 1);
        let graph = model.graph.as_ref().unwrap();
        let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type.as_str()).collect();
        assert_eq!(ops, ["Add", "Mul", "Add", "Identity"]);
        let names: Vec<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["bias", "w", "bias_copy"]);
        assert_eq!(graph.initializer[2].float_data, [0.0, 0.0]);
    }
}
