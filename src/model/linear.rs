//! The Linear layer the generated model uses (`crate::import` points its `use` lines here): burn's
//! `Linear`, the same parameters under the same names, plus int8 compute (docs/int8.md).
//!
//! burn 0.22 keeps a quantized weight as a `QFloat` tensor, and burn-flex dequantizes it for every
//! product, so int8 weights live beside the module instead: [`Int8Weights`], keyed by the weight's
//! parameter id. `QaModel` runs each forward with its table in scope ([`with_int8`]); a Linear
//! whose weight is in it runs [`super::int8::PackedLinear`], any other runs burn's product. In
//! int8 mode the fp32 weight parameter is never loaded or initialised, so it takes no memory.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use burn::module::{Module, Param, ParamId};
use burn::tensor::{Device, Tensor, TensorData};

use super::int8::PackedLinear;

/// `y = x · W (+ b)` with `W` of `[d_input, d_output]`, as `burn::nn::Linear` (row layout).
#[derive(Module, Debug)]
pub struct Linear {
    pub weight: Param<Tensor<2>>,
    pub bias: Option<Param<Tensor<1>>>,
}

/// The subset of `burn::nn::LinearConfig` the generated code calls.
#[derive(Debug, Clone)]
pub struct LinearConfig {
    d_input: usize,
    d_output: usize,
    bias: bool,
}

impl LinearConfig {
    pub fn new(d_input: usize, d_output: usize) -> Self {
        Self {
            d_input,
            d_output,
            bias: true,
        }
    }

    pub fn with_bias(mut self, bias: bool) -> Self {
        self.bias = bias;
        self
    }

    /// Parameters are zeros until weights are applied, and lazily allocated: one that is never
    /// loaded or read (an int8 weight's fp32 twin) never takes memory.
    pub fn init(&self, device: &Device) -> Linear {
        Linear {
            weight: zeros([self.d_input, self.d_output], device),
            bias: self.bias.then(|| zeros([self.d_output], device)),
        }
    }
}

fn zeros<const D: usize>(shape: [usize; D], device: &Device) -> Param<Tensor<D>> {
    Param::uninitialized(
        ParamId::new(),
        move |device, _| Tensor::zeros(shape, (device, burn::tensor::DType::F32)),
        device.clone(),
        false,
        shape.into(),
    )
}

impl Linear {
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        let bias = self.bias.as_ref().map(|b| b.val());
        if let Some(packed) = current(self.weight.id) {
            let out = int8_forward(&packed, input);
            return match bias {
                Some(b) => out.add(b.unsqueeze()),
                None => out,
            };
        }
        burn::tensor::module::linear(input, self.weight.val(), bias)
    }
}

/// The int8 product on a CPU device: the input read back, multiplied, and handed over again.
fn int8_forward<const D: usize>(packed: &PackedLinear, input: Tensor<D>) -> Tensor<D> {
    let device = input.device();
    let mut dims = input.dims();
    assert_eq!(
        dims[D - 1],
        packed.input_features(),
        "Linear input features"
    );
    let data = input.into_data().convert::<f32>();
    let x = data.as_slice::<f32>().expect("converted to f32");
    let out = packed.forward(x);
    dims[D - 1] = packed.output_features();
    Tensor::from_data(TensorData::new(out, dims), &device)
}

/// The int8 Linear weights of one model, by the id of the fp32 parameter they stand for.
#[derive(Debug, Default)]
pub struct Int8Weights {
    by_id: HashMap<ParamId, Arc<PackedLinear>>,
}

impl Int8Weights {
    pub fn insert(&mut self, id: ParamId, weight: PackedLinear) {
        self.by_id.insert(id, Arc::new(weight));
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

thread_local! {
    /// The table of the forward running on this thread. A forward runs its graph on one thread
    /// (only the kernels inside fan out), so the table a Linear sees is its own model's.
    static SCOPE: RefCell<Option<Arc<Int8Weights>>> = const { RefCell::new(None) };
}

/// Runs `f` (a forward of the generated graph) with `weights` in scope, then restores what was
/// there: a thread of the pool may run another model's forward while it waits inside a kernel.
pub fn with_int8<R>(weights: Option<&Arc<Int8Weights>>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<Int8Weights>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            SCOPE.with(|s| *s.borrow_mut() = previous);
        }
    }
    let previous = SCOPE.with(|s| s.replace(weights.cloned()));
    let _restore = Restore(previous);
    f()
}

fn current(id: ParamId) -> Option<Arc<PackedLinear>> {
    SCOPE.with(|s| s.borrow().as_ref().and_then(|w| w.by_id.get(&id).cloned()))
}
