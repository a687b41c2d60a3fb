// Generated from ONNX "/tmp/.tmpJYXQxK/electra.onnx" by burn-onnx
extern crate alloc;
use burn::prelude::*;
use burn::nn::LayerNorm;
use burn::nn::LayerNormConfig;
use burn::nn::Linear;
use burn::nn::LinearConfig;
use burn::tensor::Bytes;
use burn_store::BurnpackStore;
use burn_store::ModuleSnapshot;


#[derive(Module, Debug)]
pub struct Submodule1 {
    constant85: burn::module::Param<Tensor<2, Int>>,
    constant1: burn::module::Param<Tensor<2>>,
    constant3: burn::module::Param<Tensor<2>>,
    constant2: burn::module::Param<Tensor<2>>,
    layernormalization1: LayerNorm,
    linear1: Linear,
    constant117: burn::module::Param<Tensor<1, Int>>,
    linear2: Linear,
    linear3: Linear,
    linear4: Linear,
    constant132: burn::module::Param<Tensor<1>>,
    linear5: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule1 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let constant85: burn::module::Param<Tensor<2, Int>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
                Int,
            >::zeros([1, 512], (device, burn::tensor::DType::I64)),
            device.clone(),
            false,
            [1, 512].into(),
        );
        let constant1: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
            >::zeros([32200, 128], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [32200, 128].into(),
        );
        let constant3: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
            >::zeros([2, 128], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [2, 128].into(),
        );
        let constant2: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
            >::zeros([512, 128], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [512, 128].into(),
        );
        let layernormalization1 = LayerNormConfig::new(128)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear1 = LinearConfig::new(128, 256).with_bias(true).init(device);
        let constant117: burn::module::Param<Tensor<1, Int>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
                Int,
            >::from_data(
                burn::tensor::TensorData::from([-1i64]),
                (device, burn::tensor::DType::I64),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear2 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear3 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear4 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant132: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear5 = LinearConfig::new(256, 256).with_bias(false).init(device);
        Self {
            constant85,
            constant1,
            constant3,
            constant2,
            layernormalization1,
            linear1,
            constant117,
            linear2,
            linear3,
            linear4,
            constant132,
            linear5,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(
        &self,
        input_ids: Tensor<2, Int>,
        token_type_ids: Tensor<2, Int>,
        attention_mask: Tensor<2, Int>,
    ) -> (Tensor<3>, Tensor<4>) {
        let shape1_out1: [i64; 2] = {
            let axes = &input_ids.clone().dims()[0..2];
            let mut output = [0i64; 2];
            for i in 0..2 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather1_out1 = shape1_out1[1] as i64;
        let unsqueeze1_out1 = [gather1_out1 as i64];
        let constant85_out1 = self.constant85.val();
        let slice1_out1 = constant85_out1.slice(s![.., 0..unsqueeze1_out1[0]]);
        let constant1_out1 = self.constant1.val();
        let gather2_out1 = {
            let axis_size = constant1_out1.dims()[0] as i64;
            let negative = input_ids.clone().lower_elem(0i64);
            let corrected = input_ids.clone() + axis_size;
            let indices = input_ids.mask_where(negative, corrected);
            constant1_out1.take::<2, 3>(0, indices)
        };
        let constant3_out1 = self.constant3.val();
        let gather3_out1 = {
            let axis_size = constant3_out1.dims()[0] as i64;
            let negative = token_type_ids.clone().lower_elem(0i64);
            let corrected = token_type_ids.clone() + axis_size;
            let indices = token_type_ids.mask_where(negative, corrected);
            constant3_out1.take::<2, 3>(0, indices)
        };
        let add1_out1 = gather2_out1.add(gather3_out1);
        let constant2_out1 = self.constant2.val();
        let gather4_out1 = {
            let axis_size = constant2_out1.dims()[0] as i64;
            let negative = slice1_out1.clone().lower_elem(0i64);
            let corrected = slice1_out1.clone() + axis_size;
            let indices = slice1_out1.mask_where(negative, corrected);
            constant2_out1.take::<2, 3>(0, indices)
        };
        let add2_out1 = add1_out1.add(gather4_out1);
        let layernormalization1_out1 = {
            let dtype = add2_out1.dtype();
            self.layernormalization1
                .forward(add2_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear1_out1 = self.linear1.forward(layernormalization1_out1);
        let cast1_out1 = attention_mask.bool();
        let shape2_out1: [i64; 3] = {
            let axes = &linear1_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather5_out1 = shape2_out1[1] as i64;
        let shape3_out1: [i64; 2] = {
            let axes = &cast1_out1.clone().dims()[0..2];
            let mut output = [0i64; 2];
            for i in 0..2 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather6_out1 = shape3_out1[1] as i64;
        let gather7_out1 = shape2_out1[0] as i64;
        let range1_out1 = {
            let start = 0i64;
            let delta = 1i64;
            assert!(delta != 0);
            let n = (((gather7_out1 as i128 - start as i128) as f64) / delta as f64)
                .ceil()
                .max(0.0) as i64;
            Tensor::arange(0..n, &self.device)
                .cast(burn::tensor::DType::I64)
                .mul_scalar(delta)
                .add_scalar(start)
        };
        let range2_out1 = {
            let start = 0i64;
            let delta = 1i64;
            assert!(delta != 0);
            let n = (((gather5_out1 as i128 - start as i128) as f64) / delta as f64)
                .ceil()
                .max(0.0) as i64;
            Tensor::arange(0..n, &self.device)
                .cast(burn::tensor::DType::I64)
                .mul_scalar(delta)
                .add_scalar(start)
        };
        let range3_out1 = {
            let start = 0i64;
            let delta = 1i64;
            assert!(delta != 0);
            let n = (((gather6_out1 as i128 - start as i128) as f64) / delta as f64)
                .ceil()
                .max(0.0) as i64;
            Tensor::arange(0..n, &self.device)
                .cast(burn::tensor::DType::I64)
                .mul_scalar(delta)
                .add_scalar(start)
        };
        let unsqueeze2_out1: Tensor<2, Int> = range1_out1.unsqueeze_dims::<2>(&[1]);
        let unsqueeze3_out1: Tensor<3, Int> = unsqueeze2_out1.unsqueeze_dims::<3>(&[2]);
        let unsqueeze4_out1: Tensor<4, Int> = unsqueeze3_out1.unsqueeze_dims::<4>(&[3]);
        let unsqueeze5_out1: Tensor<2, Int> = range2_out1.unsqueeze_dims::<2>(&[0]);
        let unsqueeze6_out1: Tensor<3, Int> = unsqueeze5_out1.unsqueeze_dims::<3>(&[1]);
        let unsqueeze7_out1: Tensor<4, Int> = unsqueeze6_out1.unsqueeze_dims::<4>(&[3]);
        let unsqueeze8_out1: Tensor<2, Int> = range3_out1.unsqueeze_dims::<2>(&[0]);
        let unsqueeze9_out1: Tensor<3, Int> = unsqueeze8_out1.unsqueeze_dims::<3>(&[1]);
        let unsqueeze10_out1: Tensor<4, Int> = unsqueeze9_out1.unsqueeze_dims::<4>(&[2]);
        let constantofshape1_out1 = true;
        let constant109_out1 = 0i64;
        let greaterorequal1_out1 = unsqueeze7_out1.greater_equal_elem(constant109_out1);
        let and1_out1 = if constantofshape1_out1 {
            greaterorequal1_out1
        } else {
            Tensor::<4usize, Int>::zeros(greaterorequal1_out1.shape(), &self.device)
                .bool()
        };
        let constant110_out1: [i64; 1] = [1i64];
        let gather8_out1: [i64; 1usize] = constant110_out1
            .iter()
            .map(|&idx| {
                let actual_idx = if idx < 0 {
                    (shape3_out1.len() as i64 + idx) as usize
                } else {
                    idx as usize
                };
                shape3_out1[actual_idx]
            })
            .collect::<alloc::vec::Vec<_>>()
            .try_into()
            .unwrap();
        let flatten1_out1 = {
            let leading_dim = cast1_out1.shape()[..2].iter().product::<usize>() as i32;
            cast1_out1.reshape::<2, _>([leading_dim, -1])
        };
        let mul1_out1 = unsqueeze4_out1
            .mul(
                (Tensor::<
                    1,
                    burn::tensor::Int,
                >::from_data(
                    burn::tensor::TensorData::from(&gather8_out1 as &[i64]),
                    (&self.device, burn::tensor::DType::I64),
                ))
                    .unsqueeze_dims(&[0isize, 1isize, 2isize]),
            );
        let add3_out1 = unsqueeze10_out1.add(mul1_out1);
        let gather9_out1 = {
            let axis_size = flatten1_out1.dims()[0] as i64;
            let negative = add3_out1.clone().clone().lower_elem(0i64);
            let corrected = add3_out1.clone().clone() + axis_size;
            let indices = add3_out1.clone().mask_where(negative, corrected);
            flatten1_out1.take::<4, 5>(0, indices)
        };
        let shape6_out1: [i64; 4] = {
            let axes = &add3_out1.dims()[0..4];
            let mut output = [0i64; 4];
            for i in 0..4 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let reshape1_out1 = gather9_out1.reshape([-1]);
        let reshape2_out1 = reshape1_out1.reshape(shape6_out1);
        let and2_out1 = and1_out1.bool_and(reshape2_out1);
        let unsqueeze11_out1 = [gather7_out1 as i64];
        let unsqueeze12_out1 = [gather5_out1 as i64];
        let unsqueeze13_out1 = [gather6_out1 as i64];
        let constant113_out1: [i64; 1] = [-1i64];
        let concat2_out1: [i64; 4usize] = [
            &unsqueeze11_out1[..],
            &constant113_out1[..],
            &unsqueeze12_out1[..],
            &unsqueeze13_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape3_out1 = concat2_out1;
        let shape7_out1: [i64; 1] = [4i64];
        let constantofshape2_out1 = Tensor::<
            1,
            Int,
        >::from_data(
                burn::tensor::TensorData::from([1i64 as i64]),
                (&self.device, burn::tensor::DType::I64),
            )
            .reshape([1])
            .expand(shape7_out1);
        let constant117_out1 = self.constant117.val();
        let mul2_out1 = constantofshape2_out1.clone().mul(constant117_out1);
        let equal1_out1 = Tensor::<
            1,
            burn::tensor::Int,
        >::from_data(
                burn::tensor::TensorData::from(&reshape3_out1 as &[i64]),
                (&self.device, burn::tensor::DType::I64),
            )
            .equal(mul2_out1);
        let where1_out1 = Tensor::<
            1,
            burn::tensor::Int,
        >::from_data(
                burn::tensor::TensorData::from(&reshape3_out1 as &[i64]),
                (&self.device, burn::tensor::DType::I64),
            )
            .mask_where(equal1_out1, constantofshape2_out1);
        let expand1_out1 = {
            let onnx_shape: [i64; 4usize] = TryInto::<
                [i64; 4usize],
            >::try_into(where1_out1.to_data().convert::<i64>().as_slice().unwrap())
                .unwrap();
            let input_dims = and2_out1.dims();
            let mut shape = onnx_shape;
            #[allow(clippy::needless_range_loop)]
            for i in 0..4usize {
                let dim_offset = i;
                if shape[dim_offset] == 1 && input_dims[i] > 1 {
                    shape[dim_offset] = input_dims[i] as i64;
                }
            }
            and2_out1.expand(shape)
        };
        let constant119_out1 = -340282350000000000000000000000000000000f32;
        let constant118_out1 = 0f32;
        let where2_out1 = {
            let cond = expand1_out1;
            Tensor::<
                1,
            >::from_data(
                    burn::tensor::TensorData::from([constant119_out1 as f64]),
                    (&self.device, burn::tensor::DType::F32),
                )
                .reshape([1, 1, 1, 1])
                .expand(cond.dims())
                .mask_fill(cond, constant118_out1)
        };
        let linear2_out1 = self.linear2.forward(linear1_out1.clone());
        let unsqueeze14_out1 = [gather7_out1 as i64];
        let unsqueeze15_out1 = [gather5_out1 as i64];
        let constant123_out1: [i64; 1] = [64i64];
        let constant122_out1: [i64; 1] = [-1i64];
        let concat3_out1: [i64; 4usize] = [
            &unsqueeze14_out1[..],
            &unsqueeze15_out1[..],
            &constant122_out1[..],
            &constant123_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze16_out1 = [gather7_out1 as i64];
        let unsqueeze17_out1 = [gather5_out1 as i64];
        let constant127_out1: [i64; 1] = [64i64];
        let constant126_out1: [i64; 1] = [-1i64];
        let concat4_out1: [i64; 4usize] = [
            &unsqueeze16_out1[..],
            &unsqueeze17_out1[..],
            &constant126_out1[..],
            &constant127_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze18_out1 = [gather7_out1 as i64];
        let unsqueeze19_out1 = [gather5_out1 as i64];
        let constant131_out1: [i64; 1] = [64i64];
        let constant130_out1: [i64; 1] = [-1i64];
        let concat5_out1: [i64; 4usize] = [
            &unsqueeze18_out1[..],
            &unsqueeze19_out1[..],
            &constant130_out1[..],
            &constant131_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape4_out1 = linear2_out1.reshape(concat3_out1);
        let transpose1_out1 = reshape4_out1.permute([0, 2, 1, 3]);
        let linear3_out1 = self.linear3.forward(linear1_out1.clone());
        let reshape5_out1 = linear3_out1.reshape(concat4_out1);
        let linear4_out1 = self.linear4.forward(linear1_out1.clone());
        let reshape6_out1 = linear4_out1.reshape(concat5_out1);
        let transpose2_out1 = reshape6_out1.permute([0, 2, 1, 3]);
        let transpose3_out1 = reshape5_out1.permute([0, 2, 3, 1]);
        let matmul5_out1 = transpose1_out1.matmul(transpose3_out1);
        let constant132_out1 = self.constant132.val();
        let mul3_out1 = matmul5_out1
            .mul((constant132_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add7_out1 = mul3_out1.add(where2_out1.clone());
        let softmax1_out1 = burn::tensor::activation::softmax(add7_out1, 3);
        let matmul6_out1 = softmax1_out1.matmul(transpose2_out1);
        let transpose4_out1 = matmul6_out1.permute([0, 2, 1, 3]);
        let unsqueeze20_out1 = [gather7_out1 as i64];
        let unsqueeze21_out1 = [gather5_out1 as i64];
        let constant135_out1: [i64; 1] = [-1i64];
        let concat6_out1: [i64; 3usize] = [
            &unsqueeze20_out1[..],
            &unsqueeze21_out1[..],
            &constant135_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape7_out1 = transpose4_out1.reshape(concat6_out1);
        let linear5_out1 = self.linear5.forward(reshape7_out1);
        let add9_out1 = linear5_out1.add(linear1_out1);
        (add9_out1, where2_out1)
    }
}
#[derive(Module, Debug)]
pub struct Submodule2 {
    layernormalization2: LayerNorm,
    linear6: Linear,
    constant136: burn::module::Param<Tensor<1>>,
    constant137: burn::module::Param<Tensor<1>>,
    constant138: burn::module::Param<Tensor<1>>,
    linear7: Linear,
    layernormalization3: LayerNorm,
    linear8: Linear,
    linear9: Linear,
    linear10: Linear,
    constant153: burn::module::Param<Tensor<1>>,
    linear11: Linear,
    layernormalization4: LayerNorm,
    linear12: Linear,
    constant157: burn::module::Param<Tensor<1>>,
    constant158: burn::module::Param<Tensor<1>>,
    constant159: burn::module::Param<Tensor<1>>,
    linear13: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule2 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization2 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear6 = LinearConfig::new(256, 1024).with_bias(true).init(device);
        let constant136: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant137: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant138: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear7 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization3 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear8 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear9 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear10 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant153: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear11 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization4 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear12 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant157: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant158: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant159: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear13 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        Self {
            layernormalization2,
            linear6,
            constant136,
            constant137,
            constant138,
            linear7,
            layernormalization3,
            linear8,
            linear9,
            linear10,
            constant153,
            linear11,
            layernormalization4,
            linear12,
            constant157,
            constant158,
            constant159,
            linear13,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add9_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization2_out1 = {
            let dtype = add9_out1.dtype();
            self.layernormalization2
                .forward(add9_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear6_out1 = self.linear6.forward(layernormalization2_out1.clone());
        let constant136_out1 = self.constant136.val();
        let div1_out1 = linear6_out1
            .clone()
            .div((constant136_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf1_out1 = div1_out1.erf();
        let constant137_out1 = self.constant137.val();
        let add10_out1 = erf1_out1
            .add((constant137_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul4_out1 = linear6_out1.mul(add10_out1);
        let constant138_out1 = self.constant138.val();
        let mul5_out1 = mul4_out1
            .mul((constant138_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear7_out1 = self.linear7.forward(mul5_out1);
        let add12_out1 = linear7_out1.add(layernormalization2_out1);
        let layernormalization3_out1 = {
            let dtype = add12_out1.dtype();
            self.layernormalization3
                .forward(add12_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape8_out1: [i64; 3] = {
            let axes = &layernormalization3_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather10_out1 = shape8_out1[0] as i64;
        let gather11_out1 = shape8_out1[1] as i64;
        let linear8_out1 = self.linear8.forward(layernormalization3_out1.clone());
        let unsqueeze22_out1 = [gather10_out1 as i64];
        let unsqueeze23_out1 = [gather11_out1 as i64];
        let constant144_out1: [i64; 1] = [64i64];
        let constant143_out1: [i64; 1] = [-1i64];
        let concat7_out1: [i64; 4usize] = [
            &unsqueeze22_out1[..],
            &unsqueeze23_out1[..],
            &constant143_out1[..],
            &constant144_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze24_out1 = [gather10_out1 as i64];
        let unsqueeze25_out1 = [gather11_out1 as i64];
        let constant148_out1: [i64; 1] = [64i64];
        let constant147_out1: [i64; 1] = [-1i64];
        let concat8_out1: [i64; 4usize] = [
            &unsqueeze24_out1[..],
            &unsqueeze25_out1[..],
            &constant147_out1[..],
            &constant148_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze26_out1 = [gather10_out1 as i64];
        let unsqueeze27_out1 = [gather11_out1 as i64];
        let constant152_out1: [i64; 1] = [64i64];
        let constant151_out1: [i64; 1] = [-1i64];
        let concat9_out1: [i64; 4usize] = [
            &unsqueeze26_out1[..],
            &unsqueeze27_out1[..],
            &constant151_out1[..],
            &constant152_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape8_out1 = linear8_out1.reshape(concat7_out1);
        let transpose5_out1 = reshape8_out1.permute([0, 2, 1, 3]);
        let linear9_out1 = self.linear9.forward(layernormalization3_out1.clone());
        let reshape9_out1 = linear9_out1.reshape(concat8_out1);
        let linear10_out1 = self.linear10.forward(layernormalization3_out1.clone());
        let reshape10_out1 = linear10_out1.reshape(concat9_out1);
        let transpose6_out1 = reshape10_out1.permute([0, 2, 1, 3]);
        let transpose7_out1 = reshape9_out1.permute([0, 2, 3, 1]);
        let matmul13_out1 = transpose5_out1.matmul(transpose7_out1);
        let constant153_out1 = self.constant153.val();
        let mul6_out1 = matmul13_out1
            .mul((constant153_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add16_out1 = mul6_out1.add(where2_out1);
        let softmax2_out1 = burn::tensor::activation::softmax(add16_out1, 3);
        let matmul14_out1 = softmax2_out1.matmul(transpose6_out1);
        let transpose8_out1 = matmul14_out1.permute([0, 2, 1, 3]);
        let unsqueeze28_out1 = [gather10_out1 as i64];
        let unsqueeze29_out1 = [gather11_out1 as i64];
        let constant156_out1: [i64; 1] = [-1i64];
        let concat10_out1: [i64; 3usize] = [
            &unsqueeze28_out1[..],
            &unsqueeze29_out1[..],
            &constant156_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape11_out1 = transpose8_out1.reshape(concat10_out1);
        let linear11_out1 = self.linear11.forward(reshape11_out1);
        let add18_out1 = linear11_out1.add(layernormalization3_out1);
        let layernormalization4_out1 = {
            let dtype = add18_out1.dtype();
            self.layernormalization4
                .forward(add18_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear12_out1 = self.linear12.forward(layernormalization4_out1.clone());
        let constant157_out1 = self.constant157.val();
        let div2_out1 = linear12_out1
            .clone()
            .div((constant157_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf2_out1 = div2_out1.erf();
        let constant158_out1 = self.constant158.val();
        let add20_out1 = erf2_out1
            .add((constant158_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul7_out1 = linear12_out1.mul(add20_out1);
        let constant159_out1 = self.constant159.val();
        let mul8_out1 = mul7_out1
            .mul((constant159_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear13_out1 = self.linear13.forward(mul8_out1);
        let add22_out1 = linear13_out1.add(layernormalization4_out1);
        add22_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule3 {
    layernormalization5: LayerNorm,
    linear14: Linear,
    linear15: Linear,
    linear16: Linear,
    constant174: burn::module::Param<Tensor<1>>,
    linear17: Linear,
    layernormalization6: LayerNorm,
    linear18: Linear,
    constant178: burn::module::Param<Tensor<1>>,
    constant179: burn::module::Param<Tensor<1>>,
    constant180: burn::module::Param<Tensor<1>>,
    linear19: Linear,
    layernormalization7: LayerNorm,
    linear20: Linear,
    linear21: Linear,
    linear22: Linear,
    constant195: burn::module::Param<Tensor<1>>,
    linear23: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule3 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization5 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear14 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear15 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear16 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant174: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear17 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization6 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear18 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant178: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant179: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant180: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear19 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization7 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear20 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear21 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear22 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant195: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear23 = LinearConfig::new(256, 256).with_bias(false).init(device);
        Self {
            layernormalization5,
            linear14,
            linear15,
            linear16,
            constant174,
            linear17,
            layernormalization6,
            linear18,
            constant178,
            constant179,
            constant180,
            linear19,
            layernormalization7,
            linear20,
            linear21,
            linear22,
            constant195,
            linear23,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add22_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization5_out1 = {
            let dtype = add22_out1.dtype();
            self.layernormalization5
                .forward(add22_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape10_out1: [i64; 3] = {
            let axes = &layernormalization5_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather12_out1 = shape10_out1[0] as i64;
        let gather13_out1 = shape10_out1[1] as i64;
        let linear14_out1 = self.linear14.forward(layernormalization5_out1.clone());
        let unsqueeze30_out1 = [gather12_out1 as i64];
        let unsqueeze31_out1 = [gather13_out1 as i64];
        let constant165_out1: [i64; 1] = [64i64];
        let constant164_out1: [i64; 1] = [-1i64];
        let concat11_out1: [i64; 4usize] = [
            &unsqueeze30_out1[..],
            &unsqueeze31_out1[..],
            &constant164_out1[..],
            &constant165_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze32_out1 = [gather12_out1 as i64];
        let unsqueeze33_out1 = [gather13_out1 as i64];
        let constant169_out1: [i64; 1] = [64i64];
        let constant168_out1: [i64; 1] = [-1i64];
        let concat12_out1: [i64; 4usize] = [
            &unsqueeze32_out1[..],
            &unsqueeze33_out1[..],
            &constant168_out1[..],
            &constant169_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze34_out1 = [gather12_out1 as i64];
        let unsqueeze35_out1 = [gather13_out1 as i64];
        let constant173_out1: [i64; 1] = [64i64];
        let constant172_out1: [i64; 1] = [-1i64];
        let concat13_out1: [i64; 4usize] = [
            &unsqueeze34_out1[..],
            &unsqueeze35_out1[..],
            &constant172_out1[..],
            &constant173_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape12_out1 = linear14_out1.reshape(concat11_out1);
        let transpose9_out1 = reshape12_out1.permute([0, 2, 1, 3]);
        let linear15_out1 = self.linear15.forward(layernormalization5_out1.clone());
        let reshape13_out1 = linear15_out1.reshape(concat12_out1);
        let linear16_out1 = self.linear16.forward(layernormalization5_out1.clone());
        let reshape14_out1 = linear16_out1.reshape(concat13_out1);
        let transpose10_out1 = reshape14_out1.permute([0, 2, 1, 3]);
        let transpose11_out1 = reshape13_out1.permute([0, 2, 3, 1]);
        let matmul21_out1 = transpose9_out1.matmul(transpose11_out1);
        let constant174_out1 = self.constant174.val();
        let mul9_out1 = matmul21_out1
            .mul((constant174_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add26_out1 = mul9_out1.add(where2_out1.clone());
        let softmax3_out1 = burn::tensor::activation::softmax(add26_out1, 3);
        let matmul22_out1 = softmax3_out1.matmul(transpose10_out1);
        let transpose12_out1 = matmul22_out1.permute([0, 2, 1, 3]);
        let unsqueeze36_out1 = [gather12_out1 as i64];
        let unsqueeze37_out1 = [gather13_out1 as i64];
        let constant177_out1: [i64; 1] = [-1i64];
        let concat14_out1: [i64; 3usize] = [
            &unsqueeze36_out1[..],
            &unsqueeze37_out1[..],
            &constant177_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape15_out1 = transpose12_out1.reshape(concat14_out1);
        let linear17_out1 = self.linear17.forward(reshape15_out1);
        let add28_out1 = linear17_out1.add(layernormalization5_out1);
        let layernormalization6_out1 = {
            let dtype = add28_out1.dtype();
            self.layernormalization6
                .forward(add28_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear18_out1 = self.linear18.forward(layernormalization6_out1.clone());
        let constant178_out1 = self.constant178.val();
        let div3_out1 = linear18_out1
            .clone()
            .div((constant178_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf3_out1 = div3_out1.erf();
        let constant179_out1 = self.constant179.val();
        let add30_out1 = erf3_out1
            .add((constant179_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul10_out1 = linear18_out1.mul(add30_out1);
        let constant180_out1 = self.constant180.val();
        let mul11_out1 = mul10_out1
            .mul((constant180_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear19_out1 = self.linear19.forward(mul11_out1);
        let add32_out1 = linear19_out1.add(layernormalization6_out1);
        let layernormalization7_out1 = {
            let dtype = add32_out1.dtype();
            self.layernormalization7
                .forward(add32_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape12_out1: [i64; 3] = {
            let axes = &layernormalization7_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather14_out1 = shape12_out1[0] as i64;
        let gather15_out1 = shape12_out1[1] as i64;
        let linear20_out1 = self.linear20.forward(layernormalization7_out1.clone());
        let unsqueeze38_out1 = [gather14_out1 as i64];
        let unsqueeze39_out1 = [gather15_out1 as i64];
        let constant186_out1: [i64; 1] = [64i64];
        let constant185_out1: [i64; 1] = [-1i64];
        let concat15_out1: [i64; 4usize] = [
            &unsqueeze38_out1[..],
            &unsqueeze39_out1[..],
            &constant185_out1[..],
            &constant186_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze40_out1 = [gather14_out1 as i64];
        let unsqueeze41_out1 = [gather15_out1 as i64];
        let constant190_out1: [i64; 1] = [64i64];
        let constant189_out1: [i64; 1] = [-1i64];
        let concat16_out1: [i64; 4usize] = [
            &unsqueeze40_out1[..],
            &unsqueeze41_out1[..],
            &constant189_out1[..],
            &constant190_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze42_out1 = [gather14_out1 as i64];
        let unsqueeze43_out1 = [gather15_out1 as i64];
        let constant194_out1: [i64; 1] = [64i64];
        let constant193_out1: [i64; 1] = [-1i64];
        let concat17_out1: [i64; 4usize] = [
            &unsqueeze42_out1[..],
            &unsqueeze43_out1[..],
            &constant193_out1[..],
            &constant194_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape16_out1 = linear20_out1.reshape(concat15_out1);
        let transpose13_out1 = reshape16_out1.permute([0, 2, 1, 3]);
        let linear21_out1 = self.linear21.forward(layernormalization7_out1.clone());
        let reshape17_out1 = linear21_out1.reshape(concat16_out1);
        let linear22_out1 = self.linear22.forward(layernormalization7_out1.clone());
        let reshape18_out1 = linear22_out1.reshape(concat17_out1);
        let transpose14_out1 = reshape18_out1.permute([0, 2, 1, 3]);
        let transpose15_out1 = reshape17_out1.permute([0, 2, 3, 1]);
        let matmul29_out1 = transpose13_out1.matmul(transpose15_out1);
        let constant195_out1 = self.constant195.val();
        let mul12_out1 = matmul29_out1
            .mul((constant195_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add36_out1 = mul12_out1.add(where2_out1);
        let softmax4_out1 = burn::tensor::activation::softmax(add36_out1, 3);
        let matmul30_out1 = softmax4_out1.matmul(transpose14_out1);
        let transpose16_out1 = matmul30_out1.permute([0, 2, 1, 3]);
        let unsqueeze44_out1 = [gather14_out1 as i64];
        let unsqueeze45_out1 = [gather15_out1 as i64];
        let constant198_out1: [i64; 1] = [-1i64];
        let concat18_out1: [i64; 3usize] = [
            &unsqueeze44_out1[..],
            &unsqueeze45_out1[..],
            &constant198_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape19_out1 = transpose16_out1.reshape(concat18_out1);
        let linear23_out1 = self.linear23.forward(reshape19_out1);
        let add38_out1 = linear23_out1.add(layernormalization7_out1);
        add38_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule4 {
    layernormalization8: LayerNorm,
    linear24: Linear,
    constant199: burn::module::Param<Tensor<1>>,
    constant200: burn::module::Param<Tensor<1>>,
    constant201: burn::module::Param<Tensor<1>>,
    linear25: Linear,
    layernormalization9: LayerNorm,
    linear26: Linear,
    linear27: Linear,
    linear28: Linear,
    constant216: burn::module::Param<Tensor<1>>,
    linear29: Linear,
    layernormalization10: LayerNorm,
    linear30: Linear,
    constant220: burn::module::Param<Tensor<1>>,
    constant221: burn::module::Param<Tensor<1>>,
    constant222: burn::module::Param<Tensor<1>>,
    linear31: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule4 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization8 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear24 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant199: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant200: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant201: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear25 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization9 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear26 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear27 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear28 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant216: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear29 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization10 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear30 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant220: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant221: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant222: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear31 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        Self {
            layernormalization8,
            linear24,
            constant199,
            constant200,
            constant201,
            linear25,
            layernormalization9,
            linear26,
            linear27,
            linear28,
            constant216,
            linear29,
            layernormalization10,
            linear30,
            constant220,
            constant221,
            constant222,
            linear31,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add38_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization8_out1 = {
            let dtype = add38_out1.dtype();
            self.layernormalization8
                .forward(add38_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear24_out1 = self.linear24.forward(layernormalization8_out1.clone());
        let constant199_out1 = self.constant199.val();
        let div4_out1 = linear24_out1
            .clone()
            .div((constant199_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf4_out1 = div4_out1.erf();
        let constant200_out1 = self.constant200.val();
        let add40_out1 = erf4_out1
            .add((constant200_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul13_out1 = linear24_out1.mul(add40_out1);
        let constant201_out1 = self.constant201.val();
        let mul14_out1 = mul13_out1
            .mul((constant201_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear25_out1 = self.linear25.forward(mul14_out1);
        let add42_out1 = linear25_out1.add(layernormalization8_out1);
        let layernormalization9_out1 = {
            let dtype = add42_out1.dtype();
            self.layernormalization9
                .forward(add42_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape14_out1: [i64; 3] = {
            let axes = &layernormalization9_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather16_out1 = shape14_out1[0] as i64;
        let gather17_out1 = shape14_out1[1] as i64;
        let linear26_out1 = self.linear26.forward(layernormalization9_out1.clone());
        let unsqueeze46_out1 = [gather16_out1 as i64];
        let unsqueeze47_out1 = [gather17_out1 as i64];
        let constant207_out1: [i64; 1] = [64i64];
        let constant206_out1: [i64; 1] = [-1i64];
        let concat19_out1: [i64; 4usize] = [
            &unsqueeze46_out1[..],
            &unsqueeze47_out1[..],
            &constant206_out1[..],
            &constant207_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze48_out1 = [gather16_out1 as i64];
        let unsqueeze49_out1 = [gather17_out1 as i64];
        let constant211_out1: [i64; 1] = [64i64];
        let constant210_out1: [i64; 1] = [-1i64];
        let concat20_out1: [i64; 4usize] = [
            &unsqueeze48_out1[..],
            &unsqueeze49_out1[..],
            &constant210_out1[..],
            &constant211_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze50_out1 = [gather16_out1 as i64];
        let unsqueeze51_out1 = [gather17_out1 as i64];
        let constant215_out1: [i64; 1] = [64i64];
        let constant214_out1: [i64; 1] = [-1i64];
        let concat21_out1: [i64; 4usize] = [
            &unsqueeze50_out1[..],
            &unsqueeze51_out1[..],
            &constant214_out1[..],
            &constant215_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape20_out1 = linear26_out1.reshape(concat19_out1);
        let transpose17_out1 = reshape20_out1.permute([0, 2, 1, 3]);
        let linear27_out1 = self.linear27.forward(layernormalization9_out1.clone());
        let reshape21_out1 = linear27_out1.reshape(concat20_out1);
        let linear28_out1 = self.linear28.forward(layernormalization9_out1.clone());
        let reshape22_out1 = linear28_out1.reshape(concat21_out1);
        let transpose18_out1 = reshape22_out1.permute([0, 2, 1, 3]);
        let transpose19_out1 = reshape21_out1.permute([0, 2, 3, 1]);
        let matmul37_out1 = transpose17_out1.matmul(transpose19_out1);
        let constant216_out1 = self.constant216.val();
        let mul15_out1 = matmul37_out1
            .mul((constant216_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add46_out1 = mul15_out1.add(where2_out1);
        let softmax5_out1 = burn::tensor::activation::softmax(add46_out1, 3);
        let matmul38_out1 = softmax5_out1.matmul(transpose18_out1);
        let transpose20_out1 = matmul38_out1.permute([0, 2, 1, 3]);
        let unsqueeze52_out1 = [gather16_out1 as i64];
        let unsqueeze53_out1 = [gather17_out1 as i64];
        let constant219_out1: [i64; 1] = [-1i64];
        let concat22_out1: [i64; 3usize] = [
            &unsqueeze52_out1[..],
            &unsqueeze53_out1[..],
            &constant219_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape23_out1 = transpose20_out1.reshape(concat22_out1);
        let linear29_out1 = self.linear29.forward(reshape23_out1);
        let add48_out1 = linear29_out1.add(layernormalization9_out1);
        let layernormalization10_out1 = {
            let dtype = add48_out1.dtype();
            self.layernormalization10
                .forward(add48_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear30_out1 = self.linear30.forward(layernormalization10_out1.clone());
        let constant220_out1 = self.constant220.val();
        let div5_out1 = linear30_out1
            .clone()
            .div((constant220_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf5_out1 = div5_out1.erf();
        let constant221_out1 = self.constant221.val();
        let add50_out1 = erf5_out1
            .add((constant221_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul16_out1 = linear30_out1.mul(add50_out1);
        let constant222_out1 = self.constant222.val();
        let mul17_out1 = mul16_out1
            .mul((constant222_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear31_out1 = self.linear31.forward(mul17_out1);
        let add52_out1 = linear31_out1.add(layernormalization10_out1);
        add52_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule5 {
    layernormalization11: LayerNorm,
    linear32: Linear,
    linear33: Linear,
    linear34: Linear,
    constant237: burn::module::Param<Tensor<1>>,
    linear35: Linear,
    layernormalization12: LayerNorm,
    linear36: Linear,
    constant241: burn::module::Param<Tensor<1>>,
    constant242: burn::module::Param<Tensor<1>>,
    constant243: burn::module::Param<Tensor<1>>,
    linear37: Linear,
    layernormalization13: LayerNorm,
    linear38: Linear,
    linear39: Linear,
    linear40: Linear,
    constant258: burn::module::Param<Tensor<1>>,
    linear41: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule5 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization11 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear32 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear33 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear34 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant237: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear35 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization12 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear36 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant241: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant242: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant243: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear37 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization13 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear38 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear39 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear40 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant258: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear41 = LinearConfig::new(256, 256).with_bias(false).init(device);
        Self {
            layernormalization11,
            linear32,
            linear33,
            linear34,
            constant237,
            linear35,
            layernormalization12,
            linear36,
            constant241,
            constant242,
            constant243,
            linear37,
            layernormalization13,
            linear38,
            linear39,
            linear40,
            constant258,
            linear41,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add52_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization11_out1 = {
            let dtype = add52_out1.dtype();
            self.layernormalization11
                .forward(add52_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape16_out1: [i64; 3] = {
            let axes = &layernormalization11_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather18_out1 = shape16_out1[0] as i64;
        let gather19_out1 = shape16_out1[1] as i64;
        let linear32_out1 = self.linear32.forward(layernormalization11_out1.clone());
        let unsqueeze54_out1 = [gather18_out1 as i64];
        let unsqueeze55_out1 = [gather19_out1 as i64];
        let constant228_out1: [i64; 1] = [64i64];
        let constant227_out1: [i64; 1] = [-1i64];
        let concat23_out1: [i64; 4usize] = [
            &unsqueeze54_out1[..],
            &unsqueeze55_out1[..],
            &constant227_out1[..],
            &constant228_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze56_out1 = [gather18_out1 as i64];
        let unsqueeze57_out1 = [gather19_out1 as i64];
        let constant232_out1: [i64; 1] = [64i64];
        let constant231_out1: [i64; 1] = [-1i64];
        let concat24_out1: [i64; 4usize] = [
            &unsqueeze56_out1[..],
            &unsqueeze57_out1[..],
            &constant231_out1[..],
            &constant232_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze58_out1 = [gather18_out1 as i64];
        let unsqueeze59_out1 = [gather19_out1 as i64];
        let constant236_out1: [i64; 1] = [64i64];
        let constant235_out1: [i64; 1] = [-1i64];
        let concat25_out1: [i64; 4usize] = [
            &unsqueeze58_out1[..],
            &unsqueeze59_out1[..],
            &constant235_out1[..],
            &constant236_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape24_out1 = linear32_out1.reshape(concat23_out1);
        let transpose21_out1 = reshape24_out1.permute([0, 2, 1, 3]);
        let linear33_out1 = self.linear33.forward(layernormalization11_out1.clone());
        let reshape25_out1 = linear33_out1.reshape(concat24_out1);
        let linear34_out1 = self.linear34.forward(layernormalization11_out1.clone());
        let reshape26_out1 = linear34_out1.reshape(concat25_out1);
        let transpose22_out1 = reshape26_out1.permute([0, 2, 1, 3]);
        let transpose23_out1 = reshape25_out1.permute([0, 2, 3, 1]);
        let matmul45_out1 = transpose21_out1.matmul(transpose23_out1);
        let constant237_out1 = self.constant237.val();
        let mul18_out1 = matmul45_out1
            .mul((constant237_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add56_out1 = mul18_out1.add(where2_out1.clone());
        let softmax6_out1 = burn::tensor::activation::softmax(add56_out1, 3);
        let matmul46_out1 = softmax6_out1.matmul(transpose22_out1);
        let transpose24_out1 = matmul46_out1.permute([0, 2, 1, 3]);
        let unsqueeze60_out1 = [gather18_out1 as i64];
        let unsqueeze61_out1 = [gather19_out1 as i64];
        let constant240_out1: [i64; 1] = [-1i64];
        let concat26_out1: [i64; 3usize] = [
            &unsqueeze60_out1[..],
            &unsqueeze61_out1[..],
            &constant240_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape27_out1 = transpose24_out1.reshape(concat26_out1);
        let linear35_out1 = self.linear35.forward(reshape27_out1);
        let add58_out1 = linear35_out1.add(layernormalization11_out1);
        let layernormalization12_out1 = {
            let dtype = add58_out1.dtype();
            self.layernormalization12
                .forward(add58_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear36_out1 = self.linear36.forward(layernormalization12_out1.clone());
        let constant241_out1 = self.constant241.val();
        let div6_out1 = linear36_out1
            .clone()
            .div((constant241_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf6_out1 = div6_out1.erf();
        let constant242_out1 = self.constant242.val();
        let add60_out1 = erf6_out1
            .add((constant242_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul19_out1 = linear36_out1.mul(add60_out1);
        let constant243_out1 = self.constant243.val();
        let mul20_out1 = mul19_out1
            .mul((constant243_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear37_out1 = self.linear37.forward(mul20_out1);
        let add62_out1 = linear37_out1.add(layernormalization12_out1);
        let layernormalization13_out1 = {
            let dtype = add62_out1.dtype();
            self.layernormalization13
                .forward(add62_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape18_out1: [i64; 3] = {
            let axes = &layernormalization13_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather20_out1 = shape18_out1[0] as i64;
        let gather21_out1 = shape18_out1[1] as i64;
        let linear38_out1 = self.linear38.forward(layernormalization13_out1.clone());
        let unsqueeze62_out1 = [gather20_out1 as i64];
        let unsqueeze63_out1 = [gather21_out1 as i64];
        let constant249_out1: [i64; 1] = [64i64];
        let constant248_out1: [i64; 1] = [-1i64];
        let concat27_out1: [i64; 4usize] = [
            &unsqueeze62_out1[..],
            &unsqueeze63_out1[..],
            &constant248_out1[..],
            &constant249_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze64_out1 = [gather20_out1 as i64];
        let unsqueeze65_out1 = [gather21_out1 as i64];
        let constant253_out1: [i64; 1] = [64i64];
        let constant252_out1: [i64; 1] = [-1i64];
        let concat28_out1: [i64; 4usize] = [
            &unsqueeze64_out1[..],
            &unsqueeze65_out1[..],
            &constant252_out1[..],
            &constant253_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze66_out1 = [gather20_out1 as i64];
        let unsqueeze67_out1 = [gather21_out1 as i64];
        let constant257_out1: [i64; 1] = [64i64];
        let constant256_out1: [i64; 1] = [-1i64];
        let concat29_out1: [i64; 4usize] = [
            &unsqueeze66_out1[..],
            &unsqueeze67_out1[..],
            &constant256_out1[..],
            &constant257_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape28_out1 = linear38_out1.reshape(concat27_out1);
        let transpose25_out1 = reshape28_out1.permute([0, 2, 1, 3]);
        let linear39_out1 = self.linear39.forward(layernormalization13_out1.clone());
        let reshape29_out1 = linear39_out1.reshape(concat28_out1);
        let linear40_out1 = self.linear40.forward(layernormalization13_out1.clone());
        let reshape30_out1 = linear40_out1.reshape(concat29_out1);
        let transpose26_out1 = reshape30_out1.permute([0, 2, 1, 3]);
        let transpose27_out1 = reshape29_out1.permute([0, 2, 3, 1]);
        let matmul53_out1 = transpose25_out1.matmul(transpose27_out1);
        let constant258_out1 = self.constant258.val();
        let mul21_out1 = matmul53_out1
            .mul((constant258_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add66_out1 = mul21_out1.add(where2_out1);
        let softmax7_out1 = burn::tensor::activation::softmax(add66_out1, 3);
        let matmul54_out1 = softmax7_out1.matmul(transpose26_out1);
        let transpose28_out1 = matmul54_out1.permute([0, 2, 1, 3]);
        let unsqueeze68_out1 = [gather20_out1 as i64];
        let unsqueeze69_out1 = [gather21_out1 as i64];
        let constant261_out1: [i64; 1] = [-1i64];
        let concat30_out1: [i64; 3usize] = [
            &unsqueeze68_out1[..],
            &unsqueeze69_out1[..],
            &constant261_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape31_out1 = transpose28_out1.reshape(concat30_out1);
        let linear41_out1 = self.linear41.forward(reshape31_out1);
        let add68_out1 = linear41_out1.add(layernormalization13_out1);
        add68_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule6 {
    layernormalization14: LayerNorm,
    linear42: Linear,
    constant262: burn::module::Param<Tensor<1>>,
    constant263: burn::module::Param<Tensor<1>>,
    constant264: burn::module::Param<Tensor<1>>,
    linear43: Linear,
    layernormalization15: LayerNorm,
    linear44: Linear,
    linear45: Linear,
    linear46: Linear,
    constant279: burn::module::Param<Tensor<1>>,
    linear47: Linear,
    layernormalization16: LayerNorm,
    linear48: Linear,
    constant283: burn::module::Param<Tensor<1>>,
    constant284: burn::module::Param<Tensor<1>>,
    constant285: burn::module::Param<Tensor<1>>,
    linear49: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule6 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization14 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear42 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant262: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant263: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant264: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear43 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization15 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear44 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear45 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear46 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant279: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear47 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization16 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear48 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant283: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant284: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant285: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear49 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        Self {
            layernormalization14,
            linear42,
            constant262,
            constant263,
            constant264,
            linear43,
            layernormalization15,
            linear44,
            linear45,
            linear46,
            constant279,
            linear47,
            layernormalization16,
            linear48,
            constant283,
            constant284,
            constant285,
            linear49,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add68_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization14_out1 = {
            let dtype = add68_out1.dtype();
            self.layernormalization14
                .forward(add68_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear42_out1 = self.linear42.forward(layernormalization14_out1.clone());
        let constant262_out1 = self.constant262.val();
        let div7_out1 = linear42_out1
            .clone()
            .div((constant262_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf7_out1 = div7_out1.erf();
        let constant263_out1 = self.constant263.val();
        let add70_out1 = erf7_out1
            .add((constant263_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul22_out1 = linear42_out1.mul(add70_out1);
        let constant264_out1 = self.constant264.val();
        let mul23_out1 = mul22_out1
            .mul((constant264_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear43_out1 = self.linear43.forward(mul23_out1);
        let add72_out1 = linear43_out1.add(layernormalization14_out1);
        let layernormalization15_out1 = {
            let dtype = add72_out1.dtype();
            self.layernormalization15
                .forward(add72_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape20_out1: [i64; 3] = {
            let axes = &layernormalization15_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather22_out1 = shape20_out1[0] as i64;
        let gather23_out1 = shape20_out1[1] as i64;
        let linear44_out1 = self.linear44.forward(layernormalization15_out1.clone());
        let unsqueeze70_out1 = [gather22_out1 as i64];
        let unsqueeze71_out1 = [gather23_out1 as i64];
        let constant270_out1: [i64; 1] = [64i64];
        let constant269_out1: [i64; 1] = [-1i64];
        let concat31_out1: [i64; 4usize] = [
            &unsqueeze70_out1[..],
            &unsqueeze71_out1[..],
            &constant269_out1[..],
            &constant270_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze72_out1 = [gather22_out1 as i64];
        let unsqueeze73_out1 = [gather23_out1 as i64];
        let constant274_out1: [i64; 1] = [64i64];
        let constant273_out1: [i64; 1] = [-1i64];
        let concat32_out1: [i64; 4usize] = [
            &unsqueeze72_out1[..],
            &unsqueeze73_out1[..],
            &constant273_out1[..],
            &constant274_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze74_out1 = [gather22_out1 as i64];
        let unsqueeze75_out1 = [gather23_out1 as i64];
        let constant278_out1: [i64; 1] = [64i64];
        let constant277_out1: [i64; 1] = [-1i64];
        let concat33_out1: [i64; 4usize] = [
            &unsqueeze74_out1[..],
            &unsqueeze75_out1[..],
            &constant277_out1[..],
            &constant278_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape32_out1 = linear44_out1.reshape(concat31_out1);
        let transpose29_out1 = reshape32_out1.permute([0, 2, 1, 3]);
        let linear45_out1 = self.linear45.forward(layernormalization15_out1.clone());
        let reshape33_out1 = linear45_out1.reshape(concat32_out1);
        let linear46_out1 = self.linear46.forward(layernormalization15_out1.clone());
        let reshape34_out1 = linear46_out1.reshape(concat33_out1);
        let transpose30_out1 = reshape34_out1.permute([0, 2, 1, 3]);
        let transpose31_out1 = reshape33_out1.permute([0, 2, 3, 1]);
        let matmul61_out1 = transpose29_out1.matmul(transpose31_out1);
        let constant279_out1 = self.constant279.val();
        let mul24_out1 = matmul61_out1
            .mul((constant279_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add76_out1 = mul24_out1.add(where2_out1);
        let softmax8_out1 = burn::tensor::activation::softmax(add76_out1, 3);
        let matmul62_out1 = softmax8_out1.matmul(transpose30_out1);
        let transpose32_out1 = matmul62_out1.permute([0, 2, 1, 3]);
        let unsqueeze76_out1 = [gather22_out1 as i64];
        let unsqueeze77_out1 = [gather23_out1 as i64];
        let constant282_out1: [i64; 1] = [-1i64];
        let concat34_out1: [i64; 3usize] = [
            &unsqueeze76_out1[..],
            &unsqueeze77_out1[..],
            &constant282_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape35_out1 = transpose32_out1.reshape(concat34_out1);
        let linear47_out1 = self.linear47.forward(reshape35_out1);
        let add78_out1 = linear47_out1.add(layernormalization15_out1);
        let layernormalization16_out1 = {
            let dtype = add78_out1.dtype();
            self.layernormalization16
                .forward(add78_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear48_out1 = self.linear48.forward(layernormalization16_out1.clone());
        let constant283_out1 = self.constant283.val();
        let div8_out1 = linear48_out1
            .clone()
            .div((constant283_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf8_out1 = div8_out1.erf();
        let constant284_out1 = self.constant284.val();
        let add80_out1 = erf8_out1
            .add((constant284_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul25_out1 = linear48_out1.mul(add80_out1);
        let constant285_out1 = self.constant285.val();
        let mul26_out1 = mul25_out1
            .mul((constant285_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear49_out1 = self.linear49.forward(mul26_out1);
        let add82_out1 = linear49_out1.add(layernormalization16_out1);
        add82_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule7 {
    layernormalization17: LayerNorm,
    linear50: Linear,
    linear51: Linear,
    linear52: Linear,
    constant300: burn::module::Param<Tensor<1>>,
    linear53: Linear,
    layernormalization18: LayerNorm,
    linear54: Linear,
    constant304: burn::module::Param<Tensor<1>>,
    constant305: burn::module::Param<Tensor<1>>,
    constant306: burn::module::Param<Tensor<1>>,
    linear55: Linear,
    layernormalization19: LayerNorm,
    linear56: Linear,
    linear57: Linear,
    linear58: Linear,
    constant321: burn::module::Param<Tensor<1>>,
    linear59: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule7 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization17 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear50 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear51 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear52 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant300: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear53 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization18 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear54 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant304: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant305: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant306: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear55 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization19 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear56 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear57 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear58 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant321: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear59 = LinearConfig::new(256, 256).with_bias(false).init(device);
        Self {
            layernormalization17,
            linear50,
            linear51,
            linear52,
            constant300,
            linear53,
            layernormalization18,
            linear54,
            constant304,
            constant305,
            constant306,
            linear55,
            layernormalization19,
            linear56,
            linear57,
            linear58,
            constant321,
            linear59,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, add82_out1: Tensor<3>, where2_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization17_out1 = {
            let dtype = add82_out1.dtype();
            self.layernormalization17
                .forward(add82_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape22_out1: [i64; 3] = {
            let axes = &layernormalization17_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather24_out1 = shape22_out1[0] as i64;
        let gather25_out1 = shape22_out1[1] as i64;
        let linear50_out1 = self.linear50.forward(layernormalization17_out1.clone());
        let unsqueeze78_out1 = [gather24_out1 as i64];
        let unsqueeze79_out1 = [gather25_out1 as i64];
        let constant291_out1: [i64; 1] = [64i64];
        let constant290_out1: [i64; 1] = [-1i64];
        let concat35_out1: [i64; 4usize] = [
            &unsqueeze78_out1[..],
            &unsqueeze79_out1[..],
            &constant290_out1[..],
            &constant291_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze80_out1 = [gather24_out1 as i64];
        let unsqueeze81_out1 = [gather25_out1 as i64];
        let constant295_out1: [i64; 1] = [64i64];
        let constant294_out1: [i64; 1] = [-1i64];
        let concat36_out1: [i64; 4usize] = [
            &unsqueeze80_out1[..],
            &unsqueeze81_out1[..],
            &constant294_out1[..],
            &constant295_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze82_out1 = [gather24_out1 as i64];
        let unsqueeze83_out1 = [gather25_out1 as i64];
        let constant299_out1: [i64; 1] = [64i64];
        let constant298_out1: [i64; 1] = [-1i64];
        let concat37_out1: [i64; 4usize] = [
            &unsqueeze82_out1[..],
            &unsqueeze83_out1[..],
            &constant298_out1[..],
            &constant299_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape36_out1 = linear50_out1.reshape(concat35_out1);
        let transpose33_out1 = reshape36_out1.permute([0, 2, 1, 3]);
        let linear51_out1 = self.linear51.forward(layernormalization17_out1.clone());
        let reshape37_out1 = linear51_out1.reshape(concat36_out1);
        let linear52_out1 = self.linear52.forward(layernormalization17_out1.clone());
        let reshape38_out1 = linear52_out1.reshape(concat37_out1);
        let transpose34_out1 = reshape38_out1.permute([0, 2, 1, 3]);
        let transpose35_out1 = reshape37_out1.permute([0, 2, 3, 1]);
        let matmul69_out1 = transpose33_out1.matmul(transpose35_out1);
        let constant300_out1 = self.constant300.val();
        let mul27_out1 = matmul69_out1
            .mul((constant300_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add86_out1 = mul27_out1.add(where2_out1.clone());
        let softmax9_out1 = burn::tensor::activation::softmax(add86_out1, 3);
        let matmul70_out1 = softmax9_out1.matmul(transpose34_out1);
        let transpose36_out1 = matmul70_out1.permute([0, 2, 1, 3]);
        let unsqueeze84_out1 = [gather24_out1 as i64];
        let unsqueeze85_out1 = [gather25_out1 as i64];
        let constant303_out1: [i64; 1] = [-1i64];
        let concat38_out1: [i64; 3usize] = [
            &unsqueeze84_out1[..],
            &unsqueeze85_out1[..],
            &constant303_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape39_out1 = transpose36_out1.reshape(concat38_out1);
        let linear53_out1 = self.linear53.forward(reshape39_out1);
        let add88_out1 = linear53_out1.add(layernormalization17_out1);
        let layernormalization18_out1 = {
            let dtype = add88_out1.dtype();
            self.layernormalization18
                .forward(add88_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear54_out1 = self.linear54.forward(layernormalization18_out1.clone());
        let constant304_out1 = self.constant304.val();
        let div9_out1 = linear54_out1
            .clone()
            .div((constant304_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf9_out1 = div9_out1.erf();
        let constant305_out1 = self.constant305.val();
        let add90_out1 = erf9_out1
            .add((constant305_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul28_out1 = linear54_out1.mul(add90_out1);
        let constant306_out1 = self.constant306.val();
        let mul29_out1 = mul28_out1
            .mul((constant306_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear55_out1 = self.linear55.forward(mul29_out1);
        let add92_out1 = linear55_out1.add(layernormalization18_out1);
        let layernormalization19_out1 = {
            let dtype = add92_out1.dtype();
            self.layernormalization19
                .forward(add92_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape24_out1: [i64; 3] = {
            let axes = &layernormalization19_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather26_out1 = shape24_out1[0] as i64;
        let gather27_out1 = shape24_out1[1] as i64;
        let linear56_out1 = self.linear56.forward(layernormalization19_out1.clone());
        let unsqueeze86_out1 = [gather26_out1 as i64];
        let unsqueeze87_out1 = [gather27_out1 as i64];
        let constant312_out1: [i64; 1] = [64i64];
        let constant311_out1: [i64; 1] = [-1i64];
        let concat39_out1: [i64; 4usize] = [
            &unsqueeze86_out1[..],
            &unsqueeze87_out1[..],
            &constant311_out1[..],
            &constant312_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze88_out1 = [gather26_out1 as i64];
        let unsqueeze89_out1 = [gather27_out1 as i64];
        let constant316_out1: [i64; 1] = [64i64];
        let constant315_out1: [i64; 1] = [-1i64];
        let concat40_out1: [i64; 4usize] = [
            &unsqueeze88_out1[..],
            &unsqueeze89_out1[..],
            &constant315_out1[..],
            &constant316_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze90_out1 = [gather26_out1 as i64];
        let unsqueeze91_out1 = [gather27_out1 as i64];
        let constant320_out1: [i64; 1] = [64i64];
        let constant319_out1: [i64; 1] = [-1i64];
        let concat41_out1: [i64; 4usize] = [
            &unsqueeze90_out1[..],
            &unsqueeze91_out1[..],
            &constant319_out1[..],
            &constant320_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape40_out1 = linear56_out1.reshape(concat39_out1);
        let transpose37_out1 = reshape40_out1.permute([0, 2, 1, 3]);
        let linear57_out1 = self.linear57.forward(layernormalization19_out1.clone());
        let reshape41_out1 = linear57_out1.reshape(concat40_out1);
        let linear58_out1 = self.linear58.forward(layernormalization19_out1.clone());
        let reshape42_out1 = linear58_out1.reshape(concat41_out1);
        let transpose38_out1 = reshape42_out1.permute([0, 2, 1, 3]);
        let transpose39_out1 = reshape41_out1.permute([0, 2, 3, 1]);
        let matmul77_out1 = transpose37_out1.matmul(transpose39_out1);
        let constant321_out1 = self.constant321.val();
        let mul30_out1 = matmul77_out1
            .mul((constant321_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add96_out1 = mul30_out1.add(where2_out1);
        let softmax10_out1 = burn::tensor::activation::softmax(add96_out1, 3);
        let matmul78_out1 = softmax10_out1.matmul(transpose38_out1);
        let transpose40_out1 = matmul78_out1.permute([0, 2, 1, 3]);
        let unsqueeze92_out1 = [gather26_out1 as i64];
        let unsqueeze93_out1 = [gather27_out1 as i64];
        let constant324_out1: [i64; 1] = [-1i64];
        let concat42_out1: [i64; 3usize] = [
            &unsqueeze92_out1[..],
            &unsqueeze93_out1[..],
            &constant324_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape43_out1 = transpose40_out1.reshape(concat42_out1);
        let linear59_out1 = self.linear59.forward(reshape43_out1);
        let add98_out1 = linear59_out1.add(layernormalization19_out1);
        add98_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule8 {
    layernormalization20: LayerNorm,
    linear60: Linear,
    constant325: burn::module::Param<Tensor<1>>,
    constant326: burn::module::Param<Tensor<1>>,
    constant327: burn::module::Param<Tensor<1>>,
    linear61: Linear,
    layernormalization21: LayerNorm,
    linear62: Linear,
    linear63: Linear,
    linear64: Linear,
    constant342: burn::module::Param<Tensor<1>>,
    linear65: Linear,
    layernormalization22: LayerNorm,
    linear66: Linear,
    constant346: burn::module::Param<Tensor<1>>,
    constant347: burn::module::Param<Tensor<1>>,
    constant348: burn::module::Param<Tensor<1>>,
    linear67: Linear,
    layernormalization23: LayerNorm,
    linear68: Linear,
    linear69: Linear,
    linear70: Linear,
    constant363: burn::module::Param<Tensor<1>>,
    linear71: Linear,
    layernormalization24: LayerNorm,
    linear72: Linear,
    constant367: burn::module::Param<Tensor<1>>,
    constant368: burn::module::Param<Tensor<1>>,
    constant369: burn::module::Param<Tensor<1>>,
    linear73: Linear,
    layernormalization25: LayerNorm,
    linear74: Linear,
    #[module(skip)]
    device: Device,
}
impl Submodule8 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization20 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear60 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant325: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant326: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant327: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear61 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization21 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear62 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear63 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear64 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant342: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear65 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization22 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear66 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant346: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant347: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant348: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear67 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization23 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear68 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear69 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let linear70 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant363: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.125f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear71 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let layernormalization24 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear72 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant367: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1.4142135381698608f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant368: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([1f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let constant369: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([0.5f64]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear73 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let layernormalization25 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear74 = LinearConfig::new(256, 2).with_bias(true).init(device);
        Self {
            layernormalization20,
            linear60,
            constant325,
            constant326,
            constant327,
            linear61,
            layernormalization21,
            linear62,
            linear63,
            linear64,
            constant342,
            linear65,
            layernormalization22,
            linear66,
            constant346,
            constant347,
            constant348,
            linear67,
            layernormalization23,
            linear68,
            linear69,
            linear70,
            constant363,
            linear71,
            layernormalization24,
            linear72,
            constant367,
            constant368,
            constant369,
            linear73,
            layernormalization25,
            linear74,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(
        &self,
        add98_out1: Tensor<3>,
        where2_out1: Tensor<4>,
    ) -> (Tensor<2>, Tensor<2>) {
        let layernormalization20_out1 = {
            let dtype = add98_out1.dtype();
            self.layernormalization20
                .forward(add98_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear60_out1 = self.linear60.forward(layernormalization20_out1.clone());
        let constant325_out1 = self.constant325.val();
        let div10_out1 = linear60_out1
            .clone()
            .div((constant325_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf10_out1 = div10_out1.erf();
        let constant326_out1 = self.constant326.val();
        let add100_out1 = erf10_out1
            .add((constant326_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul31_out1 = linear60_out1.mul(add100_out1);
        let constant327_out1 = self.constant327.val();
        let mul32_out1 = mul31_out1
            .mul((constant327_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear61_out1 = self.linear61.forward(mul32_out1);
        let add102_out1 = linear61_out1.add(layernormalization20_out1);
        let layernormalization21_out1 = {
            let dtype = add102_out1.dtype();
            self.layernormalization21
                .forward(add102_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape26_out1: [i64; 3] = {
            let axes = &layernormalization21_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather28_out1 = shape26_out1[0] as i64;
        let gather29_out1 = shape26_out1[1] as i64;
        let linear62_out1 = self.linear62.forward(layernormalization21_out1.clone());
        let unsqueeze94_out1 = [gather28_out1 as i64];
        let unsqueeze95_out1 = [gather29_out1 as i64];
        let constant333_out1: [i64; 1] = [64i64];
        let constant332_out1: [i64; 1] = [-1i64];
        let concat43_out1: [i64; 4usize] = [
            &unsqueeze94_out1[..],
            &unsqueeze95_out1[..],
            &constant332_out1[..],
            &constant333_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze96_out1 = [gather28_out1 as i64];
        let unsqueeze97_out1 = [gather29_out1 as i64];
        let constant337_out1: [i64; 1] = [64i64];
        let constant336_out1: [i64; 1] = [-1i64];
        let concat44_out1: [i64; 4usize] = [
            &unsqueeze96_out1[..],
            &unsqueeze97_out1[..],
            &constant336_out1[..],
            &constant337_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze98_out1 = [gather28_out1 as i64];
        let unsqueeze99_out1 = [gather29_out1 as i64];
        let constant341_out1: [i64; 1] = [64i64];
        let constant340_out1: [i64; 1] = [-1i64];
        let concat45_out1: [i64; 4usize] = [
            &unsqueeze98_out1[..],
            &unsqueeze99_out1[..],
            &constant340_out1[..],
            &constant341_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape44_out1 = linear62_out1.reshape(concat43_out1);
        let transpose41_out1 = reshape44_out1.permute([0, 2, 1, 3]);
        let linear63_out1 = self.linear63.forward(layernormalization21_out1.clone());
        let reshape45_out1 = linear63_out1.reshape(concat44_out1);
        let linear64_out1 = self.linear64.forward(layernormalization21_out1.clone());
        let reshape46_out1 = linear64_out1.reshape(concat45_out1);
        let transpose42_out1 = reshape46_out1.permute([0, 2, 1, 3]);
        let transpose43_out1 = reshape45_out1.permute([0, 2, 3, 1]);
        let matmul85_out1 = transpose41_out1.matmul(transpose43_out1);
        let constant342_out1 = self.constant342.val();
        let mul33_out1 = matmul85_out1
            .mul((constant342_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add106_out1 = mul33_out1.add(where2_out1.clone());
        let softmax11_out1 = burn::tensor::activation::softmax(add106_out1, 3);
        let matmul86_out1 = softmax11_out1.matmul(transpose42_out1);
        let transpose44_out1 = matmul86_out1.permute([0, 2, 1, 3]);
        let unsqueeze100_out1 = [gather28_out1 as i64];
        let unsqueeze101_out1 = [gather29_out1 as i64];
        let constant345_out1: [i64; 1] = [-1i64];
        let concat46_out1: [i64; 3usize] = [
            &unsqueeze100_out1[..],
            &unsqueeze101_out1[..],
            &constant345_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape47_out1 = transpose44_out1.reshape(concat46_out1);
        let linear65_out1 = self.linear65.forward(reshape47_out1);
        let add108_out1 = linear65_out1.add(layernormalization21_out1);
        let layernormalization22_out1 = {
            let dtype = add108_out1.dtype();
            self.layernormalization22
                .forward(add108_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear66_out1 = self.linear66.forward(layernormalization22_out1.clone());
        let constant346_out1 = self.constant346.val();
        let div11_out1 = linear66_out1
            .clone()
            .div((constant346_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf11_out1 = div11_out1.erf();
        let constant347_out1 = self.constant347.val();
        let add110_out1 = erf11_out1
            .add((constant347_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul34_out1 = linear66_out1.mul(add110_out1);
        let constant348_out1 = self.constant348.val();
        let mul35_out1 = mul34_out1
            .mul((constant348_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear67_out1 = self.linear67.forward(mul35_out1);
        let add112_out1 = linear67_out1.add(layernormalization22_out1);
        let layernormalization23_out1 = {
            let dtype = add112_out1.dtype();
            self.layernormalization23
                .forward(add112_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape28_out1: [i64; 3] = {
            let axes = &layernormalization23_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather30_out1 = shape28_out1[0] as i64;
        let gather31_out1 = shape28_out1[1] as i64;
        let linear68_out1 = self.linear68.forward(layernormalization23_out1.clone());
        let unsqueeze102_out1 = [gather30_out1 as i64];
        let unsqueeze103_out1 = [gather31_out1 as i64];
        let constant354_out1: [i64; 1] = [64i64];
        let constant353_out1: [i64; 1] = [-1i64];
        let concat47_out1: [i64; 4usize] = [
            &unsqueeze102_out1[..],
            &unsqueeze103_out1[..],
            &constant353_out1[..],
            &constant354_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze104_out1 = [gather30_out1 as i64];
        let unsqueeze105_out1 = [gather31_out1 as i64];
        let constant358_out1: [i64; 1] = [64i64];
        let constant357_out1: [i64; 1] = [-1i64];
        let concat48_out1: [i64; 4usize] = [
            &unsqueeze104_out1[..],
            &unsqueeze105_out1[..],
            &constant357_out1[..],
            &constant358_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze106_out1 = [gather30_out1 as i64];
        let unsqueeze107_out1 = [gather31_out1 as i64];
        let constant362_out1: [i64; 1] = [64i64];
        let constant361_out1: [i64; 1] = [-1i64];
        let concat49_out1: [i64; 4usize] = [
            &unsqueeze106_out1[..],
            &unsqueeze107_out1[..],
            &constant361_out1[..],
            &constant362_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape48_out1 = linear68_out1.reshape(concat47_out1);
        let transpose45_out1 = reshape48_out1.permute([0, 2, 1, 3]);
        let linear69_out1 = self.linear69.forward(layernormalization23_out1.clone());
        let reshape49_out1 = linear69_out1.reshape(concat48_out1);
        let linear70_out1 = self.linear70.forward(layernormalization23_out1.clone());
        let reshape50_out1 = linear70_out1.reshape(concat49_out1);
        let transpose46_out1 = reshape50_out1.permute([0, 2, 1, 3]);
        let transpose47_out1 = reshape49_out1.permute([0, 2, 3, 1]);
        let matmul93_out1 = transpose45_out1.matmul(transpose47_out1);
        let constant363_out1 = self.constant363.val();
        let mul36_out1 = matmul93_out1
            .mul((constant363_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let add116_out1 = mul36_out1.add(where2_out1);
        let softmax12_out1 = burn::tensor::activation::softmax(add116_out1, 3);
        let matmul94_out1 = softmax12_out1.matmul(transpose46_out1);
        let transpose48_out1 = matmul94_out1.permute([0, 2, 1, 3]);
        let unsqueeze108_out1 = [gather30_out1 as i64];
        let unsqueeze109_out1 = [gather31_out1 as i64];
        let constant366_out1: [i64; 1] = [-1i64];
        let concat50_out1: [i64; 3usize] = [
            &unsqueeze108_out1[..],
            &unsqueeze109_out1[..],
            &constant366_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape51_out1 = transpose48_out1.reshape(concat50_out1);
        let linear71_out1 = self.linear71.forward(reshape51_out1);
        let add118_out1 = linear71_out1.add(layernormalization23_out1);
        let layernormalization24_out1 = {
            let dtype = add118_out1.dtype();
            self.layernormalization24
                .forward(add118_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear72_out1 = self.linear72.forward(layernormalization24_out1.clone());
        let constant367_out1 = self.constant367.val();
        let div12_out1 = linear72_out1
            .clone()
            .div((constant367_out1).unsqueeze_dims(&[0isize, 1isize]));
        let erf12_out1 = div12_out1.erf();
        let constant368_out1 = self.constant368.val();
        let add120_out1 = erf12_out1
            .add((constant368_out1).unsqueeze_dims(&[0isize, 1isize]));
        let mul37_out1 = linear72_out1.mul(add120_out1);
        let constant369_out1 = self.constant369.val();
        let mul38_out1 = mul37_out1
            .mul((constant369_out1).unsqueeze_dims(&[0isize, 1isize]));
        let linear73_out1 = self.linear73.forward(mul38_out1);
        let add122_out1 = linear73_out1.add(layernormalization24_out1);
        let layernormalization25_out1 = {
            let dtype = add122_out1.dtype();
            self.layernormalization25
                .forward(add122_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear74_out1 = self.linear74.forward(layernormalization25_out1);
        let split_tensors = linear74_out1.split_with_sizes([1, 1].into(), 2);
        let [split1_out1, split1_out2] = split_tensors.try_into().unwrap();
        let squeeze1_out1 = split1_out1.squeeze_dims::<2>(&[2]);
        let squeeze2_out1 = split1_out2.squeeze_dims::<2>(&[2]);
        (squeeze1_out1, squeeze2_out1)
    }
}

#[derive(Module, Debug)]
pub struct Model {
    submodule1: Submodule1,
    submodule2: Submodule2,
    submodule3: Submodule3,
    submodule4: Submodule4,
    submodule5: Submodule5,
    submodule6: Submodule6,
    submodule7: Submodule7,
    submodule8: Submodule8,
    #[module(skip)]
    device: Device,
}


impl Model {
    /// Load model weights from in-memory bytes.
    ///
    /// The bytes must be the contents of a `.bpk` file.
    pub fn from_bytes(bytes: Bytes, device: &Device) -> Self {
        let mut model = Self::new(device);
        let mut store = BurnpackStore::from_bytes(Some(bytes));
        model
            .load_from(&mut store)
            .unwrap_or_else(|e| panic!("Failed to load burnpack bytes: {e}"));
        model
    }
}

impl Model {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let submodule1 = Submodule1::new(device);
        let submodule2 = Submodule2::new(device);
        let submodule3 = Submodule3::new(device);
        let submodule4 = Submodule4::new(device);
        let submodule5 = Submodule5::new(device);
        let submodule6 = Submodule6::new(device);
        let submodule7 = Submodule7::new(device);
        let submodule8 = Submodule8::new(device);
        Self {
            submodule1,
            submodule2,
            submodule3,
            submodule4,
            submodule5,
            submodule6,
            submodule7,
            submodule8,
            device: device.clone(),
        }
    }

    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(
        &self,
        input_ids: Tensor<2, Int>,
        attention_mask: Tensor<2, Int>,
        token_type_ids: Tensor<2, Int>,
    ) -> (Tensor<2>, Tensor<2>) {
        let (add9_out1, where2_out1) = self
            .submodule1
            .forward(input_ids, token_type_ids, attention_mask);
        let add22_out1 = self.submodule2.forward(add9_out1, where2_out1.clone());
        let add38_out1 = self.submodule3.forward(add22_out1, where2_out1.clone());
        let add52_out1 = self.submodule4.forward(add38_out1, where2_out1.clone());
        let add68_out1 = self.submodule5.forward(add52_out1, where2_out1.clone());
        let add82_out1 = self.submodule6.forward(add68_out1, where2_out1.clone());
        let add98_out1 = self.submodule7.forward(add82_out1, where2_out1.clone());
        let (squeeze1_out1, squeeze2_out1) = self
            .submodule8
            .forward(add98_out1, where2_out1);
        (squeeze1_out1, squeeze2_out1)
    }
}
