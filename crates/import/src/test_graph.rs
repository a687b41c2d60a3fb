//! Small ONNX graphs for the rewrites' unit tests.

use onnx_ir::{GraphProto, ModelProto, NodeProto, TensorProto};

pub fn node(op: &str, inputs: &[&str], output: &str) -> NodeProto {
    let mut n = NodeProto::new();
    n.op_type = op.into();
    n.input = inputs.iter().map(|s| s.to_string()).collect();
    n.output = vec![output.into()];
    n
}

/// A float initializer of shape `dims` holding `values`.
pub fn weight(name: &str, dims: &[i64], values: &[f32]) -> TensorProto {
    let mut t = TensorProto::new();
    t.name = name.into();
    t.dims = dims.to_vec();
    t.data_type = 1;
    t.float_data = values.to_vec();
    t
}

pub fn model(initializer: Vec<TensorProto>, nodes: Vec<NodeProto>) -> ModelProto {
    let mut graph = GraphProto::new();
    graph.initializer = initializer;
    graph.node = nodes;
    let mut model = ModelProto::new();
    model.graph = Some(graph).into();
    model
}
