extern crate alloc;
use burn::prelude::*;
use burn::nn::LayerNorm;
use burn::nn::LayerNormConfig;
use crate::model::linear::Linear;
use crate::model::linear::LinearConfig;
use burn::tensor::Bytes;
use burn_store::BurnpackStore;
use burn_store::ModuleSnapshot;


#[derive(Module, Debug)]
pub struct Submodule1 {
    constant1: burn::module::Param<Tensor<2>>,
    constant2: burn::module::Param<Tensor<2>>,
    constant3: burn::module::Param<Tensor<2>>,
    layernormalization1: LayerNorm,
    linear1: Linear,
    constant7: burn::module::Param<Tensor<1>>,
    constant210: burn::module::Param<Tensor<1>>,
    constant211: burn::module::Param<Tensor<1>>,
    linear2: Linear,
    constant9: burn::module::Param<Tensor<1>>,
    linear3: Linear,
    constant11: burn::module::Param<Tensor<1>>,
    linear4: Linear,
    constant13: burn::module::Param<Tensor<1>>,
    linear5: Linear,
    constant15: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule1 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let constant1: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
            >::zeros([32200, 128], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [32200, 128].into(),
        );
        let constant2: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                2,
            >::zeros([2, 128], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [2, 128].into(),
        );
        let constant3: burn::module::Param<Tensor<2>> = burn::module::Param::uninitialized(
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
        let linear1 = LinearConfig::new(128, 256).with_bias(false).init(device);
        let constant7: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let constant210: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
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
        let constant211: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::from_data(
                burn::tensor::TensorData::from([
                    -340282346638528860000000000000000000000f64,
                ]),
                (device, burn::tensor::DType::F32),
            ),
            device.clone(),
            false,
            [1].into(),
        );
        let linear2 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant9: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear3 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant11: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear4 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant13: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear5 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant15: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            constant1,
            constant2,
            constant3,
            layernormalization1,
            linear1,
            constant7,
            constant210,
            constant211,
            linear2,
            constant9,
            linear3,
            constant11,
            linear4,
            constant13,
            linear5,
            constant15,
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
        let constant1_out1 = self.constant1.val();
        let gather2_out1 = {
            let axis_size = constant1_out1.dims()[0] as i64;
            let negative = input_ids.clone().lower_elem(0i64);
            let corrected = input_ids.clone() + axis_size;
            let indices = input_ids.mask_where(negative, corrected);
            constant1_out1.take::<2, 3>(0, indices)
        };
        let constant2_out1 = self.constant2.val();
        let gather3_out1 = {
            let axis_size = constant2_out1.dims()[0] as i64;
            let negative = token_type_ids.clone().lower_elem(0i64);
            let corrected = token_type_ids.clone() + axis_size;
            let indices = token_type_ids.mask_where(negative, corrected);
            constant2_out1.take::<2, 3>(0, indices)
        };
        let add1_out1 = gather2_out1.add(gather3_out1);
        let unsqueeze1_out1 = [gather1_out1 as i64];
        let constant3_out1 = self.constant3.val();
        let slice1_out1 = constant3_out1.slice(s![0..unsqueeze1_out1[0], ..]);
        let unsqueeze2_out1: Tensor<3> = slice1_out1.unsqueeze_dims::<3>(&[0]);
        let add2_out1 = add1_out1.add(unsqueeze2_out1);
        let layernormalization1_out1 = {
            let dtype = add2_out1.dtype();
            self.layernormalization1
                .forward(add2_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear1_out1 = self.linear1.forward(layernormalization1_out1);
        let constant7_out1 = self.constant7.val();
        let custom1_out1 = crate::model::kernels::bias_add(linear1_out1, constant7_out1);
        let unsqueeze3_out1: Tensor<3, Int> = attention_mask.unsqueeze_dims::<3>(&[1]);
        let unsqueeze4_out1: Tensor<4, Int> = unsqueeze3_out1.unsqueeze_dims::<4>(&[2]);
        let cast1_out1 = unsqueeze4_out1.float().cast(burn::tensor::DType::F32);
        let constant210_out1 = self.constant210.val();
        let sub1_out1 = (constant210_out1)
            .unsqueeze_dims(&[0isize, 1isize, 2isize])
            .sub(cast1_out1);
        let constant211_out1 = self.constant211.val();
        let mul1_out1 = sub1_out1
            .mul((constant211_out1).unsqueeze_dims(&[0isize, 1isize, 2isize]));
        let shape2_out1: [i64; 3] = {
            let axes = &custom1_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather4_out1 = shape2_out1[0] as i64;
        let gather5_out1 = shape2_out1[1] as i64;
        let linear2_out1 = self.linear2.forward(custom1_out1.clone());
        let constant9_out1 = self.constant9.val();
        let custom2_out1 = crate::model::kernels::bias_add(linear2_out1, constant9_out1);
        let unsqueeze5_out1 = [gather4_out1 as i64];
        let unsqueeze6_out1 = [gather5_out1 as i64];
        let constant217_out1: [i64; 1] = [64i64];
        let constant216_out1: [i64; 1] = [-1i64];
        let concat1_out1: [i64; 4usize] = [
            &unsqueeze5_out1[..],
            &unsqueeze6_out1[..],
            &constant216_out1[..],
            &constant217_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze7_out1 = [gather4_out1 as i64];
        let unsqueeze8_out1 = [gather5_out1 as i64];
        let constant221_out1: [i64; 1] = [64i64];
        let constant220_out1: [i64; 1] = [-1i64];
        let concat2_out1: [i64; 4usize] = [
            &unsqueeze7_out1[..],
            &unsqueeze8_out1[..],
            &constant220_out1[..],
            &constant221_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze9_out1 = [gather4_out1 as i64];
        let unsqueeze10_out1 = [gather5_out1 as i64];
        let constant225_out1: [i64; 1] = [64i64];
        let constant224_out1: [i64; 1] = [-1i64];
        let concat3_out1: [i64; 4usize] = [
            &unsqueeze9_out1[..],
            &unsqueeze10_out1[..],
            &constant224_out1[..],
            &constant225_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape1_out1 = custom2_out1.reshape(concat1_out1);
        let transpose1_out1 = reshape1_out1.permute([0, 2, 1, 3]);
        let linear3_out1 = self.linear3.forward(custom1_out1.clone());
        let constant11_out1 = self.constant11.val();
        let custom3_out1 = crate::model::kernels::bias_add(
            linear3_out1,
            constant11_out1,
        );
        let reshape2_out1 = custom3_out1.reshape(concat2_out1);
        let linear4_out1 = self.linear4.forward(custom1_out1.clone());
        let constant13_out1 = self.constant13.val();
        let custom4_out1 = crate::model::kernels::bias_add(
            linear4_out1,
            constant13_out1,
        );
        let reshape3_out1 = custom4_out1.reshape(concat3_out1);
        let transpose2_out1 = reshape3_out1.permute([0, 2, 1, 3]);
        let transpose3_out1 = reshape2_out1.permute([0, 2, 3, 1]);
        let matmul5_out1 = transpose1_out1.matmul(transpose3_out1);
        let custom5_out1 = crate::model::kernels::masked_softmax(
            matmul5_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul6_out1 = custom5_out1.matmul(transpose2_out1);
        let transpose4_out1 = matmul6_out1.permute([0, 2, 1, 3]);
        let unsqueeze11_out1 = [gather4_out1 as i64];
        let unsqueeze12_out1 = [gather5_out1 as i64];
        let constant229_out1: [i64; 1] = [-1i64];
        let concat4_out1: [i64; 3usize] = [
            &unsqueeze11_out1[..],
            &unsqueeze12_out1[..],
            &constant229_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape4_out1 = transpose4_out1.reshape(concat4_out1);
        let linear5_out1 = self.linear5.forward(reshape4_out1);
        let constant15_out1 = self.constant15.val();
        let custom6_out1 = crate::model::kernels::bias_add_residual(
            linear5_out1,
            constant15_out1,
            custom1_out1,
        );
        (custom6_out1, mul1_out1)
    }
}
#[derive(Module, Debug)]
pub struct Submodule2 {
    layernormalization2: LayerNorm,
    linear6: Linear,
    constant19: burn::module::Param<Tensor<1>>,
    linear7: Linear,
    constant21: burn::module::Param<Tensor<1>>,
    layernormalization3: LayerNorm,
    linear8: Linear,
    constant25: burn::module::Param<Tensor<1>>,
    linear9: Linear,
    constant27: burn::module::Param<Tensor<1>>,
    linear10: Linear,
    constant29: burn::module::Param<Tensor<1>>,
    linear11: Linear,
    constant31: burn::module::Param<Tensor<1>>,
    layernormalization4: LayerNorm,
    linear12: Linear,
    constant35: burn::module::Param<Tensor<1>>,
    linear13: Linear,
    constant37: burn::module::Param<Tensor<1>>,
    layernormalization5: LayerNorm,
    linear14: Linear,
    constant41: burn::module::Param<Tensor<1>>,
    linear15: Linear,
    constant43: burn::module::Param<Tensor<1>>,
    linear16: Linear,
    constant45: burn::module::Param<Tensor<1>>,
    linear17: Linear,
    constant47: burn::module::Param<Tensor<1>>,
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
        let linear6 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant19: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear7 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant21: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization3 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear8 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant25: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear9 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant27: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear10 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant29: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear11 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant31: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization4 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear12 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant35: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear13 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant37: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization5 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear14 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant41: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear15 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant43: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear16 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant45: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear17 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant47: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            layernormalization2,
            linear6,
            constant19,
            linear7,
            constant21,
            layernormalization3,
            linear8,
            constant25,
            linear9,
            constant27,
            linear10,
            constant29,
            linear11,
            constant31,
            layernormalization4,
            linear12,
            constant35,
            linear13,
            constant37,
            layernormalization5,
            linear14,
            constant41,
            linear15,
            constant43,
            linear16,
            constant45,
            linear17,
            constant47,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, custom6_out1: Tensor<3>, mul1_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization2_out1 = {
            let dtype = custom6_out1.dtype();
            self.layernormalization2
                .forward(custom6_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear6_out1 = self.linear6.forward(layernormalization2_out1.clone());
        let constant19_out1 = self.constant19.val();
        let custom7_out1 = crate::model::kernels::bias_gelu(
            linear6_out1,
            constant19_out1,
        );
        let linear7_out1 = self.linear7.forward(custom7_out1);
        let constant21_out1 = self.constant21.val();
        let custom8_out1 = crate::model::kernels::bias_add_residual(
            linear7_out1,
            constant21_out1,
            layernormalization2_out1,
        );
        let layernormalization3_out1 = {
            let dtype = custom8_out1.dtype();
            self.layernormalization3
                .forward(custom8_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape4_out1: [i64; 3] = {
            let axes = &layernormalization3_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather6_out1 = shape4_out1[0] as i64;
        let gather7_out1 = shape4_out1[1] as i64;
        let linear8_out1 = self.linear8.forward(layernormalization3_out1.clone());
        let constant25_out1 = self.constant25.val();
        let custom9_out1 = crate::model::kernels::bias_add(
            linear8_out1,
            constant25_out1,
        );
        let unsqueeze13_out1 = [gather6_out1 as i64];
        let unsqueeze14_out1 = [gather7_out1 as i64];
        let constant238_out1: [i64; 1] = [64i64];
        let constant237_out1: [i64; 1] = [-1i64];
        let concat5_out1: [i64; 4usize] = [
            &unsqueeze13_out1[..],
            &unsqueeze14_out1[..],
            &constant237_out1[..],
            &constant238_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze15_out1 = [gather6_out1 as i64];
        let unsqueeze16_out1 = [gather7_out1 as i64];
        let constant242_out1: [i64; 1] = [64i64];
        let constant241_out1: [i64; 1] = [-1i64];
        let concat6_out1: [i64; 4usize] = [
            &unsqueeze15_out1[..],
            &unsqueeze16_out1[..],
            &constant241_out1[..],
            &constant242_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze17_out1 = [gather6_out1 as i64];
        let unsqueeze18_out1 = [gather7_out1 as i64];
        let constant246_out1: [i64; 1] = [64i64];
        let constant245_out1: [i64; 1] = [-1i64];
        let concat7_out1: [i64; 4usize] = [
            &unsqueeze17_out1[..],
            &unsqueeze18_out1[..],
            &constant245_out1[..],
            &constant246_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape5_out1 = custom9_out1.reshape(concat5_out1);
        let transpose5_out1 = reshape5_out1.permute([0, 2, 1, 3]);
        let linear9_out1 = self.linear9.forward(layernormalization3_out1.clone());
        let constant27_out1 = self.constant27.val();
        let custom10_out1 = crate::model::kernels::bias_add(
            linear9_out1,
            constant27_out1,
        );
        let reshape6_out1 = custom10_out1.reshape(concat6_out1);
        let linear10_out1 = self.linear10.forward(layernormalization3_out1.clone());
        let constant29_out1 = self.constant29.val();
        let custom11_out1 = crate::model::kernels::bias_add(
            linear10_out1,
            constant29_out1,
        );
        let reshape7_out1 = custom11_out1.reshape(concat7_out1);
        let transpose6_out1 = reshape7_out1.permute([0, 2, 1, 3]);
        let transpose7_out1 = reshape6_out1.permute([0, 2, 3, 1]);
        let matmul13_out1 = transpose5_out1.matmul(transpose7_out1);
        let custom12_out1 = crate::model::kernels::masked_softmax(
            matmul13_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul14_out1 = custom12_out1.matmul(transpose6_out1);
        let transpose8_out1 = matmul14_out1.permute([0, 2, 1, 3]);
        let unsqueeze19_out1 = [gather6_out1 as i64];
        let unsqueeze20_out1 = [gather7_out1 as i64];
        let constant250_out1: [i64; 1] = [-1i64];
        let concat8_out1: [i64; 3usize] = [
            &unsqueeze19_out1[..],
            &unsqueeze20_out1[..],
            &constant250_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape8_out1 = transpose8_out1.reshape(concat8_out1);
        let linear11_out1 = self.linear11.forward(reshape8_out1);
        let constant31_out1 = self.constant31.val();
        let custom13_out1 = crate::model::kernels::bias_add_residual(
            linear11_out1,
            constant31_out1,
            layernormalization3_out1,
        );
        let layernormalization4_out1 = {
            let dtype = custom13_out1.dtype();
            self.layernormalization4
                .forward(custom13_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear12_out1 = self.linear12.forward(layernormalization4_out1.clone());
        let constant35_out1 = self.constant35.val();
        let custom14_out1 = crate::model::kernels::bias_gelu(
            linear12_out1,
            constant35_out1,
        );
        let linear13_out1 = self.linear13.forward(custom14_out1);
        let constant37_out1 = self.constant37.val();
        let custom15_out1 = crate::model::kernels::bias_add_residual(
            linear13_out1,
            constant37_out1,
            layernormalization4_out1,
        );
        let layernormalization5_out1 = {
            let dtype = custom15_out1.dtype();
            self.layernormalization5
                .forward(custom15_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape6_out1: [i64; 3] = {
            let axes = &layernormalization5_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather8_out1 = shape6_out1[0] as i64;
        let gather9_out1 = shape6_out1[1] as i64;
        let linear14_out1 = self.linear14.forward(layernormalization5_out1.clone());
        let constant41_out1 = self.constant41.val();
        let custom16_out1 = crate::model::kernels::bias_add(
            linear14_out1,
            constant41_out1,
        );
        let unsqueeze21_out1 = [gather8_out1 as i64];
        let unsqueeze22_out1 = [gather9_out1 as i64];
        let constant259_out1: [i64; 1] = [64i64];
        let constant258_out1: [i64; 1] = [-1i64];
        let concat9_out1: [i64; 4usize] = [
            &unsqueeze21_out1[..],
            &unsqueeze22_out1[..],
            &constant258_out1[..],
            &constant259_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze23_out1 = [gather8_out1 as i64];
        let unsqueeze24_out1 = [gather9_out1 as i64];
        let constant263_out1: [i64; 1] = [64i64];
        let constant262_out1: [i64; 1] = [-1i64];
        let concat10_out1: [i64; 4usize] = [
            &unsqueeze23_out1[..],
            &unsqueeze24_out1[..],
            &constant262_out1[..],
            &constant263_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze25_out1 = [gather8_out1 as i64];
        let unsqueeze26_out1 = [gather9_out1 as i64];
        let constant267_out1: [i64; 1] = [64i64];
        let constant266_out1: [i64; 1] = [-1i64];
        let concat11_out1: [i64; 4usize] = [
            &unsqueeze25_out1[..],
            &unsqueeze26_out1[..],
            &constant266_out1[..],
            &constant267_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape9_out1 = custom16_out1.reshape(concat9_out1);
        let transpose9_out1 = reshape9_out1.permute([0, 2, 1, 3]);
        let linear15_out1 = self.linear15.forward(layernormalization5_out1.clone());
        let constant43_out1 = self.constant43.val();
        let custom17_out1 = crate::model::kernels::bias_add(
            linear15_out1,
            constant43_out1,
        );
        let reshape10_out1 = custom17_out1.reshape(concat10_out1);
        let linear16_out1 = self.linear16.forward(layernormalization5_out1.clone());
        let constant45_out1 = self.constant45.val();
        let custom18_out1 = crate::model::kernels::bias_add(
            linear16_out1,
            constant45_out1,
        );
        let reshape11_out1 = custom18_out1.reshape(concat11_out1);
        let transpose10_out1 = reshape11_out1.permute([0, 2, 1, 3]);
        let transpose11_out1 = reshape10_out1.permute([0, 2, 3, 1]);
        let matmul21_out1 = transpose9_out1.matmul(transpose11_out1);
        let custom19_out1 = crate::model::kernels::masked_softmax(
            matmul21_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul22_out1 = custom19_out1.matmul(transpose10_out1);
        let transpose12_out1 = matmul22_out1.permute([0, 2, 1, 3]);
        let unsqueeze27_out1 = [gather8_out1 as i64];
        let unsqueeze28_out1 = [gather9_out1 as i64];
        let constant271_out1: [i64; 1] = [-1i64];
        let concat12_out1: [i64; 3usize] = [
            &unsqueeze27_out1[..],
            &unsqueeze28_out1[..],
            &constant271_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape12_out1 = transpose12_out1.reshape(concat12_out1);
        let linear17_out1 = self.linear17.forward(reshape12_out1);
        let constant47_out1 = self.constant47.val();
        let custom20_out1 = crate::model::kernels::bias_add_residual(
            linear17_out1,
            constant47_out1,
            layernormalization5_out1,
        );
        custom20_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule3 {
    layernormalization6: LayerNorm,
    linear18: Linear,
    constant51: burn::module::Param<Tensor<1>>,
    linear19: Linear,
    constant53: burn::module::Param<Tensor<1>>,
    layernormalization7: LayerNorm,
    linear20: Linear,
    constant57: burn::module::Param<Tensor<1>>,
    linear21: Linear,
    constant59: burn::module::Param<Tensor<1>>,
    linear22: Linear,
    constant61: burn::module::Param<Tensor<1>>,
    linear23: Linear,
    constant63: burn::module::Param<Tensor<1>>,
    layernormalization8: LayerNorm,
    linear24: Linear,
    constant67: burn::module::Param<Tensor<1>>,
    linear25: Linear,
    constant69: burn::module::Param<Tensor<1>>,
    layernormalization9: LayerNorm,
    linear26: Linear,
    constant73: burn::module::Param<Tensor<1>>,
    linear27: Linear,
    constant75: burn::module::Param<Tensor<1>>,
    linear28: Linear,
    constant77: burn::module::Param<Tensor<1>>,
    linear29: Linear,
    constant79: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule3 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization6 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear18 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant51: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear19 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant53: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization7 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear20 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant57: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear21 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant59: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear22 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant61: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear23 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant63: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization8 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear24 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant67: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear25 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant69: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization9 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear26 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant73: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear27 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant75: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear28 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant77: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear29 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant79: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            layernormalization6,
            linear18,
            constant51,
            linear19,
            constant53,
            layernormalization7,
            linear20,
            constant57,
            linear21,
            constant59,
            linear22,
            constant61,
            linear23,
            constant63,
            layernormalization8,
            linear24,
            constant67,
            linear25,
            constant69,
            layernormalization9,
            linear26,
            constant73,
            linear27,
            constant75,
            linear28,
            constant77,
            linear29,
            constant79,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, custom20_out1: Tensor<3>, mul1_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization6_out1 = {
            let dtype = custom20_out1.dtype();
            self.layernormalization6
                .forward(custom20_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear18_out1 = self.linear18.forward(layernormalization6_out1.clone());
        let constant51_out1 = self.constant51.val();
        let custom21_out1 = crate::model::kernels::bias_gelu(
            linear18_out1,
            constant51_out1,
        );
        let linear19_out1 = self.linear19.forward(custom21_out1);
        let constant53_out1 = self.constant53.val();
        let custom22_out1 = crate::model::kernels::bias_add_residual(
            linear19_out1,
            constant53_out1,
            layernormalization6_out1,
        );
        let layernormalization7_out1 = {
            let dtype = custom22_out1.dtype();
            self.layernormalization7
                .forward(custom22_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape8_out1: [i64; 3] = {
            let axes = &layernormalization7_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather10_out1 = shape8_out1[0] as i64;
        let gather11_out1 = shape8_out1[1] as i64;
        let linear20_out1 = self.linear20.forward(layernormalization7_out1.clone());
        let constant57_out1 = self.constant57.val();
        let custom23_out1 = crate::model::kernels::bias_add(
            linear20_out1,
            constant57_out1,
        );
        let unsqueeze29_out1 = [gather10_out1 as i64];
        let unsqueeze30_out1 = [gather11_out1 as i64];
        let constant280_out1: [i64; 1] = [64i64];
        let constant279_out1: [i64; 1] = [-1i64];
        let concat13_out1: [i64; 4usize] = [
            &unsqueeze29_out1[..],
            &unsqueeze30_out1[..],
            &constant279_out1[..],
            &constant280_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze31_out1 = [gather10_out1 as i64];
        let unsqueeze32_out1 = [gather11_out1 as i64];
        let constant284_out1: [i64; 1] = [64i64];
        let constant283_out1: [i64; 1] = [-1i64];
        let concat14_out1: [i64; 4usize] = [
            &unsqueeze31_out1[..],
            &unsqueeze32_out1[..],
            &constant283_out1[..],
            &constant284_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze33_out1 = [gather10_out1 as i64];
        let unsqueeze34_out1 = [gather11_out1 as i64];
        let constant288_out1: [i64; 1] = [64i64];
        let constant287_out1: [i64; 1] = [-1i64];
        let concat15_out1: [i64; 4usize] = [
            &unsqueeze33_out1[..],
            &unsqueeze34_out1[..],
            &constant287_out1[..],
            &constant288_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape13_out1 = custom23_out1.reshape(concat13_out1);
        let transpose13_out1 = reshape13_out1.permute([0, 2, 1, 3]);
        let linear21_out1 = self.linear21.forward(layernormalization7_out1.clone());
        let constant59_out1 = self.constant59.val();
        let custom24_out1 = crate::model::kernels::bias_add(
            linear21_out1,
            constant59_out1,
        );
        let reshape14_out1 = custom24_out1.reshape(concat14_out1);
        let linear22_out1 = self.linear22.forward(layernormalization7_out1.clone());
        let constant61_out1 = self.constant61.val();
        let custom25_out1 = crate::model::kernels::bias_add(
            linear22_out1,
            constant61_out1,
        );
        let reshape15_out1 = custom25_out1.reshape(concat15_out1);
        let transpose14_out1 = reshape15_out1.permute([0, 2, 1, 3]);
        let transpose15_out1 = reshape14_out1.permute([0, 2, 3, 1]);
        let matmul29_out1 = transpose13_out1.matmul(transpose15_out1);
        let custom26_out1 = crate::model::kernels::masked_softmax(
            matmul29_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul30_out1 = custom26_out1.matmul(transpose14_out1);
        let transpose16_out1 = matmul30_out1.permute([0, 2, 1, 3]);
        let unsqueeze35_out1 = [gather10_out1 as i64];
        let unsqueeze36_out1 = [gather11_out1 as i64];
        let constant292_out1: [i64; 1] = [-1i64];
        let concat16_out1: [i64; 3usize] = [
            &unsqueeze35_out1[..],
            &unsqueeze36_out1[..],
            &constant292_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape16_out1 = transpose16_out1.reshape(concat16_out1);
        let linear23_out1 = self.linear23.forward(reshape16_out1);
        let constant63_out1 = self.constant63.val();
        let custom27_out1 = crate::model::kernels::bias_add_residual(
            linear23_out1,
            constant63_out1,
            layernormalization7_out1,
        );
        let layernormalization8_out1 = {
            let dtype = custom27_out1.dtype();
            self.layernormalization8
                .forward(custom27_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear24_out1 = self.linear24.forward(layernormalization8_out1.clone());
        let constant67_out1 = self.constant67.val();
        let custom28_out1 = crate::model::kernels::bias_gelu(
            linear24_out1,
            constant67_out1,
        );
        let linear25_out1 = self.linear25.forward(custom28_out1);
        let constant69_out1 = self.constant69.val();
        let custom29_out1 = crate::model::kernels::bias_add_residual(
            linear25_out1,
            constant69_out1,
            layernormalization8_out1,
        );
        let layernormalization9_out1 = {
            let dtype = custom29_out1.dtype();
            self.layernormalization9
                .forward(custom29_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape10_out1: [i64; 3] = {
            let axes = &layernormalization9_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather12_out1 = shape10_out1[0] as i64;
        let gather13_out1 = shape10_out1[1] as i64;
        let linear26_out1 = self.linear26.forward(layernormalization9_out1.clone());
        let constant73_out1 = self.constant73.val();
        let custom30_out1 = crate::model::kernels::bias_add(
            linear26_out1,
            constant73_out1,
        );
        let unsqueeze37_out1 = [gather12_out1 as i64];
        let unsqueeze38_out1 = [gather13_out1 as i64];
        let constant301_out1: [i64; 1] = [64i64];
        let constant300_out1: [i64; 1] = [-1i64];
        let concat17_out1: [i64; 4usize] = [
            &unsqueeze37_out1[..],
            &unsqueeze38_out1[..],
            &constant300_out1[..],
            &constant301_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze39_out1 = [gather12_out1 as i64];
        let unsqueeze40_out1 = [gather13_out1 as i64];
        let constant305_out1: [i64; 1] = [64i64];
        let constant304_out1: [i64; 1] = [-1i64];
        let concat18_out1: [i64; 4usize] = [
            &unsqueeze39_out1[..],
            &unsqueeze40_out1[..],
            &constant304_out1[..],
            &constant305_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze41_out1 = [gather12_out1 as i64];
        let unsqueeze42_out1 = [gather13_out1 as i64];
        let constant309_out1: [i64; 1] = [64i64];
        let constant308_out1: [i64; 1] = [-1i64];
        let concat19_out1: [i64; 4usize] = [
            &unsqueeze41_out1[..],
            &unsqueeze42_out1[..],
            &constant308_out1[..],
            &constant309_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape17_out1 = custom30_out1.reshape(concat17_out1);
        let transpose17_out1 = reshape17_out1.permute([0, 2, 1, 3]);
        let linear27_out1 = self.linear27.forward(layernormalization9_out1.clone());
        let constant75_out1 = self.constant75.val();
        let custom31_out1 = crate::model::kernels::bias_add(
            linear27_out1,
            constant75_out1,
        );
        let reshape18_out1 = custom31_out1.reshape(concat18_out1);
        let linear28_out1 = self.linear28.forward(layernormalization9_out1.clone());
        let constant77_out1 = self.constant77.val();
        let custom32_out1 = crate::model::kernels::bias_add(
            linear28_out1,
            constant77_out1,
        );
        let reshape19_out1 = custom32_out1.reshape(concat19_out1);
        let transpose18_out1 = reshape19_out1.permute([0, 2, 1, 3]);
        let transpose19_out1 = reshape18_out1.permute([0, 2, 3, 1]);
        let matmul37_out1 = transpose17_out1.matmul(transpose19_out1);
        let custom33_out1 = crate::model::kernels::masked_softmax(
            matmul37_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul38_out1 = custom33_out1.matmul(transpose18_out1);
        let transpose20_out1 = matmul38_out1.permute([0, 2, 1, 3]);
        let unsqueeze43_out1 = [gather12_out1 as i64];
        let unsqueeze44_out1 = [gather13_out1 as i64];
        let constant313_out1: [i64; 1] = [-1i64];
        let concat20_out1: [i64; 3usize] = [
            &unsqueeze43_out1[..],
            &unsqueeze44_out1[..],
            &constant313_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape20_out1 = transpose20_out1.reshape(concat20_out1);
        let linear29_out1 = self.linear29.forward(reshape20_out1);
        let constant79_out1 = self.constant79.val();
        let custom34_out1 = crate::model::kernels::bias_add_residual(
            linear29_out1,
            constant79_out1,
            layernormalization9_out1,
        );
        custom34_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule4 {
    layernormalization10: LayerNorm,
    linear30: Linear,
    constant83: burn::module::Param<Tensor<1>>,
    linear31: Linear,
    constant85: burn::module::Param<Tensor<1>>,
    layernormalization11: LayerNorm,
    linear32: Linear,
    constant89: burn::module::Param<Tensor<1>>,
    linear33: Linear,
    constant91: burn::module::Param<Tensor<1>>,
    linear34: Linear,
    constant93: burn::module::Param<Tensor<1>>,
    linear35: Linear,
    constant95: burn::module::Param<Tensor<1>>,
    layernormalization12: LayerNorm,
    linear36: Linear,
    constant99: burn::module::Param<Tensor<1>>,
    linear37: Linear,
    constant101: burn::module::Param<Tensor<1>>,
    layernormalization13: LayerNorm,
    linear38: Linear,
    constant105: burn::module::Param<Tensor<1>>,
    linear39: Linear,
    constant107: burn::module::Param<Tensor<1>>,
    linear40: Linear,
    constant109: burn::module::Param<Tensor<1>>,
    linear41: Linear,
    constant111: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule4 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization10 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear30 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant83: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear31 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant85: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization11 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear32 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant89: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear33 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant91: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear34 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant93: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear35 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant95: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization12 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear36 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant99: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear37 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant101: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization13 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear38 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant105: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear39 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant107: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear40 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant109: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear41 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant111: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            layernormalization10,
            linear30,
            constant83,
            linear31,
            constant85,
            layernormalization11,
            linear32,
            constant89,
            linear33,
            constant91,
            linear34,
            constant93,
            linear35,
            constant95,
            layernormalization12,
            linear36,
            constant99,
            linear37,
            constant101,
            layernormalization13,
            linear38,
            constant105,
            linear39,
            constant107,
            linear40,
            constant109,
            linear41,
            constant111,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, custom34_out1: Tensor<3>, mul1_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization10_out1 = {
            let dtype = custom34_out1.dtype();
            self.layernormalization10
                .forward(custom34_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear30_out1 = self.linear30.forward(layernormalization10_out1.clone());
        let constant83_out1 = self.constant83.val();
        let custom35_out1 = crate::model::kernels::bias_gelu(
            linear30_out1,
            constant83_out1,
        );
        let linear31_out1 = self.linear31.forward(custom35_out1);
        let constant85_out1 = self.constant85.val();
        let custom36_out1 = crate::model::kernels::bias_add_residual(
            linear31_out1,
            constant85_out1,
            layernormalization10_out1,
        );
        let layernormalization11_out1 = {
            let dtype = custom36_out1.dtype();
            self.layernormalization11
                .forward(custom36_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape12_out1: [i64; 3] = {
            let axes = &layernormalization11_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather14_out1 = shape12_out1[0] as i64;
        let gather15_out1 = shape12_out1[1] as i64;
        let linear32_out1 = self.linear32.forward(layernormalization11_out1.clone());
        let constant89_out1 = self.constant89.val();
        let custom37_out1 = crate::model::kernels::bias_add(
            linear32_out1,
            constant89_out1,
        );
        let unsqueeze45_out1 = [gather14_out1 as i64];
        let unsqueeze46_out1 = [gather15_out1 as i64];
        let constant322_out1: [i64; 1] = [64i64];
        let constant321_out1: [i64; 1] = [-1i64];
        let concat21_out1: [i64; 4usize] = [
            &unsqueeze45_out1[..],
            &unsqueeze46_out1[..],
            &constant321_out1[..],
            &constant322_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze47_out1 = [gather14_out1 as i64];
        let unsqueeze48_out1 = [gather15_out1 as i64];
        let constant326_out1: [i64; 1] = [64i64];
        let constant325_out1: [i64; 1] = [-1i64];
        let concat22_out1: [i64; 4usize] = [
            &unsqueeze47_out1[..],
            &unsqueeze48_out1[..],
            &constant325_out1[..],
            &constant326_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze49_out1 = [gather14_out1 as i64];
        let unsqueeze50_out1 = [gather15_out1 as i64];
        let constant330_out1: [i64; 1] = [64i64];
        let constant329_out1: [i64; 1] = [-1i64];
        let concat23_out1: [i64; 4usize] = [
            &unsqueeze49_out1[..],
            &unsqueeze50_out1[..],
            &constant329_out1[..],
            &constant330_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape21_out1 = custom37_out1.reshape(concat21_out1);
        let transpose21_out1 = reshape21_out1.permute([0, 2, 1, 3]);
        let linear33_out1 = self.linear33.forward(layernormalization11_out1.clone());
        let constant91_out1 = self.constant91.val();
        let custom38_out1 = crate::model::kernels::bias_add(
            linear33_out1,
            constant91_out1,
        );
        let reshape22_out1 = custom38_out1.reshape(concat22_out1);
        let linear34_out1 = self.linear34.forward(layernormalization11_out1.clone());
        let constant93_out1 = self.constant93.val();
        let custom39_out1 = crate::model::kernels::bias_add(
            linear34_out1,
            constant93_out1,
        );
        let reshape23_out1 = custom39_out1.reshape(concat23_out1);
        let transpose22_out1 = reshape23_out1.permute([0, 2, 1, 3]);
        let transpose23_out1 = reshape22_out1.permute([0, 2, 3, 1]);
        let matmul45_out1 = transpose21_out1.matmul(transpose23_out1);
        let custom40_out1 = crate::model::kernels::masked_softmax(
            matmul45_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul46_out1 = custom40_out1.matmul(transpose22_out1);
        let transpose24_out1 = matmul46_out1.permute([0, 2, 1, 3]);
        let unsqueeze51_out1 = [gather14_out1 as i64];
        let unsqueeze52_out1 = [gather15_out1 as i64];
        let constant334_out1: [i64; 1] = [-1i64];
        let concat24_out1: [i64; 3usize] = [
            &unsqueeze51_out1[..],
            &unsqueeze52_out1[..],
            &constant334_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape24_out1 = transpose24_out1.reshape(concat24_out1);
        let linear35_out1 = self.linear35.forward(reshape24_out1);
        let constant95_out1 = self.constant95.val();
        let custom41_out1 = crate::model::kernels::bias_add_residual(
            linear35_out1,
            constant95_out1,
            layernormalization11_out1,
        );
        let layernormalization12_out1 = {
            let dtype = custom41_out1.dtype();
            self.layernormalization12
                .forward(custom41_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear36_out1 = self.linear36.forward(layernormalization12_out1.clone());
        let constant99_out1 = self.constant99.val();
        let custom42_out1 = crate::model::kernels::bias_gelu(
            linear36_out1,
            constant99_out1,
        );
        let linear37_out1 = self.linear37.forward(custom42_out1);
        let constant101_out1 = self.constant101.val();
        let custom43_out1 = crate::model::kernels::bias_add_residual(
            linear37_out1,
            constant101_out1,
            layernormalization12_out1,
        );
        let layernormalization13_out1 = {
            let dtype = custom43_out1.dtype();
            self.layernormalization13
                .forward(custom43_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape14_out1: [i64; 3] = {
            let axes = &layernormalization13_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather16_out1 = shape14_out1[0] as i64;
        let gather17_out1 = shape14_out1[1] as i64;
        let linear38_out1 = self.linear38.forward(layernormalization13_out1.clone());
        let constant105_out1 = self.constant105.val();
        let custom44_out1 = crate::model::kernels::bias_add(
            linear38_out1,
            constant105_out1,
        );
        let unsqueeze53_out1 = [gather16_out1 as i64];
        let unsqueeze54_out1 = [gather17_out1 as i64];
        let constant343_out1: [i64; 1] = [64i64];
        let constant342_out1: [i64; 1] = [-1i64];
        let concat25_out1: [i64; 4usize] = [
            &unsqueeze53_out1[..],
            &unsqueeze54_out1[..],
            &constant342_out1[..],
            &constant343_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze55_out1 = [gather16_out1 as i64];
        let unsqueeze56_out1 = [gather17_out1 as i64];
        let constant347_out1: [i64; 1] = [64i64];
        let constant346_out1: [i64; 1] = [-1i64];
        let concat26_out1: [i64; 4usize] = [
            &unsqueeze55_out1[..],
            &unsqueeze56_out1[..],
            &constant346_out1[..],
            &constant347_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze57_out1 = [gather16_out1 as i64];
        let unsqueeze58_out1 = [gather17_out1 as i64];
        let constant351_out1: [i64; 1] = [64i64];
        let constant350_out1: [i64; 1] = [-1i64];
        let concat27_out1: [i64; 4usize] = [
            &unsqueeze57_out1[..],
            &unsqueeze58_out1[..],
            &constant350_out1[..],
            &constant351_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape25_out1 = custom44_out1.reshape(concat25_out1);
        let transpose25_out1 = reshape25_out1.permute([0, 2, 1, 3]);
        let linear39_out1 = self.linear39.forward(layernormalization13_out1.clone());
        let constant107_out1 = self.constant107.val();
        let custom45_out1 = crate::model::kernels::bias_add(
            linear39_out1,
            constant107_out1,
        );
        let reshape26_out1 = custom45_out1.reshape(concat26_out1);
        let linear40_out1 = self.linear40.forward(layernormalization13_out1.clone());
        let constant109_out1 = self.constant109.val();
        let custom46_out1 = crate::model::kernels::bias_add(
            linear40_out1,
            constant109_out1,
        );
        let reshape27_out1 = custom46_out1.reshape(concat27_out1);
        let transpose26_out1 = reshape27_out1.permute([0, 2, 1, 3]);
        let transpose27_out1 = reshape26_out1.permute([0, 2, 3, 1]);
        let matmul53_out1 = transpose25_out1.matmul(transpose27_out1);
        let custom47_out1 = crate::model::kernels::masked_softmax(
            matmul53_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul54_out1 = custom47_out1.matmul(transpose26_out1);
        let transpose28_out1 = matmul54_out1.permute([0, 2, 1, 3]);
        let unsqueeze59_out1 = [gather16_out1 as i64];
        let unsqueeze60_out1 = [gather17_out1 as i64];
        let constant355_out1: [i64; 1] = [-1i64];
        let concat28_out1: [i64; 3usize] = [
            &unsqueeze59_out1[..],
            &unsqueeze60_out1[..],
            &constant355_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape28_out1 = transpose28_out1.reshape(concat28_out1);
        let linear41_out1 = self.linear41.forward(reshape28_out1);
        let constant111_out1 = self.constant111.val();
        let custom48_out1 = crate::model::kernels::bias_add_residual(
            linear41_out1,
            constant111_out1,
            layernormalization13_out1,
        );
        custom48_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule5 {
    layernormalization14: LayerNorm,
    linear42: Linear,
    constant115: burn::module::Param<Tensor<1>>,
    linear43: Linear,
    constant117: burn::module::Param<Tensor<1>>,
    layernormalization15: LayerNorm,
    linear44: Linear,
    constant121: burn::module::Param<Tensor<1>>,
    linear45: Linear,
    constant123: burn::module::Param<Tensor<1>>,
    linear46: Linear,
    constant125: burn::module::Param<Tensor<1>>,
    linear47: Linear,
    constant127: burn::module::Param<Tensor<1>>,
    layernormalization16: LayerNorm,
    linear48: Linear,
    constant131: burn::module::Param<Tensor<1>>,
    linear49: Linear,
    constant133: burn::module::Param<Tensor<1>>,
    layernormalization17: LayerNorm,
    linear50: Linear,
    constant137: burn::module::Param<Tensor<1>>,
    linear51: Linear,
    constant139: burn::module::Param<Tensor<1>>,
    linear52: Linear,
    constant141: burn::module::Param<Tensor<1>>,
    linear53: Linear,
    constant143: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule5 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization14 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear42 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant115: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear43 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant117: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization15 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear44 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant121: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear45 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant123: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear46 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant125: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear47 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant127: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization16 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear48 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant131: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear49 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant133: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization17 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear50 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant137: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear51 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant139: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear52 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant141: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear53 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant143: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            layernormalization14,
            linear42,
            constant115,
            linear43,
            constant117,
            layernormalization15,
            linear44,
            constant121,
            linear45,
            constant123,
            linear46,
            constant125,
            linear47,
            constant127,
            layernormalization16,
            linear48,
            constant131,
            linear49,
            constant133,
            layernormalization17,
            linear50,
            constant137,
            linear51,
            constant139,
            linear52,
            constant141,
            linear53,
            constant143,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, custom48_out1: Tensor<3>, mul1_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization14_out1 = {
            let dtype = custom48_out1.dtype();
            self.layernormalization14
                .forward(custom48_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear42_out1 = self.linear42.forward(layernormalization14_out1.clone());
        let constant115_out1 = self.constant115.val();
        let custom49_out1 = crate::model::kernels::bias_gelu(
            linear42_out1,
            constant115_out1,
        );
        let linear43_out1 = self.linear43.forward(custom49_out1);
        let constant117_out1 = self.constant117.val();
        let custom50_out1 = crate::model::kernels::bias_add_residual(
            linear43_out1,
            constant117_out1,
            layernormalization14_out1,
        );
        let layernormalization15_out1 = {
            let dtype = custom50_out1.dtype();
            self.layernormalization15
                .forward(custom50_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape16_out1: [i64; 3] = {
            let axes = &layernormalization15_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather18_out1 = shape16_out1[0] as i64;
        let gather19_out1 = shape16_out1[1] as i64;
        let linear44_out1 = self.linear44.forward(layernormalization15_out1.clone());
        let constant121_out1 = self.constant121.val();
        let custom51_out1 = crate::model::kernels::bias_add(
            linear44_out1,
            constant121_out1,
        );
        let unsqueeze61_out1 = [gather18_out1 as i64];
        let unsqueeze62_out1 = [gather19_out1 as i64];
        let constant364_out1: [i64; 1] = [64i64];
        let constant363_out1: [i64; 1] = [-1i64];
        let concat29_out1: [i64; 4usize] = [
            &unsqueeze61_out1[..],
            &unsqueeze62_out1[..],
            &constant363_out1[..],
            &constant364_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze63_out1 = [gather18_out1 as i64];
        let unsqueeze64_out1 = [gather19_out1 as i64];
        let constant368_out1: [i64; 1] = [64i64];
        let constant367_out1: [i64; 1] = [-1i64];
        let concat30_out1: [i64; 4usize] = [
            &unsqueeze63_out1[..],
            &unsqueeze64_out1[..],
            &constant367_out1[..],
            &constant368_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze65_out1 = [gather18_out1 as i64];
        let unsqueeze66_out1 = [gather19_out1 as i64];
        let constant372_out1: [i64; 1] = [64i64];
        let constant371_out1: [i64; 1] = [-1i64];
        let concat31_out1: [i64; 4usize] = [
            &unsqueeze65_out1[..],
            &unsqueeze66_out1[..],
            &constant371_out1[..],
            &constant372_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape29_out1 = custom51_out1.reshape(concat29_out1);
        let transpose29_out1 = reshape29_out1.permute([0, 2, 1, 3]);
        let linear45_out1 = self.linear45.forward(layernormalization15_out1.clone());
        let constant123_out1 = self.constant123.val();
        let custom52_out1 = crate::model::kernels::bias_add(
            linear45_out1,
            constant123_out1,
        );
        let reshape30_out1 = custom52_out1.reshape(concat30_out1);
        let linear46_out1 = self.linear46.forward(layernormalization15_out1.clone());
        let constant125_out1 = self.constant125.val();
        let custom53_out1 = crate::model::kernels::bias_add(
            linear46_out1,
            constant125_out1,
        );
        let reshape31_out1 = custom53_out1.reshape(concat31_out1);
        let transpose30_out1 = reshape31_out1.permute([0, 2, 1, 3]);
        let transpose31_out1 = reshape30_out1.permute([0, 2, 3, 1]);
        let matmul61_out1 = transpose29_out1.matmul(transpose31_out1);
        let custom54_out1 = crate::model::kernels::masked_softmax(
            matmul61_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul62_out1 = custom54_out1.matmul(transpose30_out1);
        let transpose32_out1 = matmul62_out1.permute([0, 2, 1, 3]);
        let unsqueeze67_out1 = [gather18_out1 as i64];
        let unsqueeze68_out1 = [gather19_out1 as i64];
        let constant376_out1: [i64; 1] = [-1i64];
        let concat32_out1: [i64; 3usize] = [
            &unsqueeze67_out1[..],
            &unsqueeze68_out1[..],
            &constant376_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape32_out1 = transpose32_out1.reshape(concat32_out1);
        let linear47_out1 = self.linear47.forward(reshape32_out1);
        let constant127_out1 = self.constant127.val();
        let custom55_out1 = crate::model::kernels::bias_add_residual(
            linear47_out1,
            constant127_out1,
            layernormalization15_out1,
        );
        let layernormalization16_out1 = {
            let dtype = custom55_out1.dtype();
            self.layernormalization16
                .forward(custom55_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear48_out1 = self.linear48.forward(layernormalization16_out1.clone());
        let constant131_out1 = self.constant131.val();
        let custom56_out1 = crate::model::kernels::bias_gelu(
            linear48_out1,
            constant131_out1,
        );
        let linear49_out1 = self.linear49.forward(custom56_out1);
        let constant133_out1 = self.constant133.val();
        let custom57_out1 = crate::model::kernels::bias_add_residual(
            linear49_out1,
            constant133_out1,
            layernormalization16_out1,
        );
        let layernormalization17_out1 = {
            let dtype = custom57_out1.dtype();
            self.layernormalization17
                .forward(custom57_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape18_out1: [i64; 3] = {
            let axes = &layernormalization17_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather20_out1 = shape18_out1[0] as i64;
        let gather21_out1 = shape18_out1[1] as i64;
        let linear50_out1 = self.linear50.forward(layernormalization17_out1.clone());
        let constant137_out1 = self.constant137.val();
        let custom58_out1 = crate::model::kernels::bias_add(
            linear50_out1,
            constant137_out1,
        );
        let unsqueeze69_out1 = [gather20_out1 as i64];
        let unsqueeze70_out1 = [gather21_out1 as i64];
        let constant385_out1: [i64; 1] = [64i64];
        let constant384_out1: [i64; 1] = [-1i64];
        let concat33_out1: [i64; 4usize] = [
            &unsqueeze69_out1[..],
            &unsqueeze70_out1[..],
            &constant384_out1[..],
            &constant385_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze71_out1 = [gather20_out1 as i64];
        let unsqueeze72_out1 = [gather21_out1 as i64];
        let constant389_out1: [i64; 1] = [64i64];
        let constant388_out1: [i64; 1] = [-1i64];
        let concat34_out1: [i64; 4usize] = [
            &unsqueeze71_out1[..],
            &unsqueeze72_out1[..],
            &constant388_out1[..],
            &constant389_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze73_out1 = [gather20_out1 as i64];
        let unsqueeze74_out1 = [gather21_out1 as i64];
        let constant393_out1: [i64; 1] = [64i64];
        let constant392_out1: [i64; 1] = [-1i64];
        let concat35_out1: [i64; 4usize] = [
            &unsqueeze73_out1[..],
            &unsqueeze74_out1[..],
            &constant392_out1[..],
            &constant393_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape33_out1 = custom58_out1.reshape(concat33_out1);
        let transpose33_out1 = reshape33_out1.permute([0, 2, 1, 3]);
        let linear51_out1 = self.linear51.forward(layernormalization17_out1.clone());
        let constant139_out1 = self.constant139.val();
        let custom59_out1 = crate::model::kernels::bias_add(
            linear51_out1,
            constant139_out1,
        );
        let reshape34_out1 = custom59_out1.reshape(concat34_out1);
        let linear52_out1 = self.linear52.forward(layernormalization17_out1.clone());
        let constant141_out1 = self.constant141.val();
        let custom60_out1 = crate::model::kernels::bias_add(
            linear52_out1,
            constant141_out1,
        );
        let reshape35_out1 = custom60_out1.reshape(concat35_out1);
        let transpose34_out1 = reshape35_out1.permute([0, 2, 1, 3]);
        let transpose35_out1 = reshape34_out1.permute([0, 2, 3, 1]);
        let matmul69_out1 = transpose33_out1.matmul(transpose35_out1);
        let custom61_out1 = crate::model::kernels::masked_softmax(
            matmul69_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul70_out1 = custom61_out1.matmul(transpose34_out1);
        let transpose36_out1 = matmul70_out1.permute([0, 2, 1, 3]);
        let unsqueeze75_out1 = [gather20_out1 as i64];
        let unsqueeze76_out1 = [gather21_out1 as i64];
        let constant397_out1: [i64; 1] = [-1i64];
        let concat36_out1: [i64; 3usize] = [
            &unsqueeze75_out1[..],
            &unsqueeze76_out1[..],
            &constant397_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape36_out1 = transpose36_out1.reshape(concat36_out1);
        let linear53_out1 = self.linear53.forward(reshape36_out1);
        let constant143_out1 = self.constant143.val();
        let custom62_out1 = crate::model::kernels::bias_add_residual(
            linear53_out1,
            constant143_out1,
            layernormalization17_out1,
        );
        custom62_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule6 {
    layernormalization18: LayerNorm,
    linear54: Linear,
    constant147: burn::module::Param<Tensor<1>>,
    linear55: Linear,
    constant149: burn::module::Param<Tensor<1>>,
    layernormalization19: LayerNorm,
    linear56: Linear,
    constant153: burn::module::Param<Tensor<1>>,
    linear57: Linear,
    constant155: burn::module::Param<Tensor<1>>,
    linear58: Linear,
    constant157: burn::module::Param<Tensor<1>>,
    linear59: Linear,
    constant159: burn::module::Param<Tensor<1>>,
    layernormalization20: LayerNorm,
    linear60: Linear,
    constant163: burn::module::Param<Tensor<1>>,
    linear61: Linear,
    constant165: burn::module::Param<Tensor<1>>,
    layernormalization21: LayerNorm,
    linear62: Linear,
    constant169: burn::module::Param<Tensor<1>>,
    linear63: Linear,
    constant171: burn::module::Param<Tensor<1>>,
    linear64: Linear,
    constant173: burn::module::Param<Tensor<1>>,
    linear65: Linear,
    constant175: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule6 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization18 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear54 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant147: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear55 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant149: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization19 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear56 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant153: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear57 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant155: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear58 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant157: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear59 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant159: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization20 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear60 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant163: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear61 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant165: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization21 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear62 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant169: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear63 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant171: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear64 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant173: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear65 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant175: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        Self {
            layernormalization18,
            linear54,
            constant147,
            linear55,
            constant149,
            layernormalization19,
            linear56,
            constant153,
            linear57,
            constant155,
            linear58,
            constant157,
            linear59,
            constant159,
            layernormalization20,
            linear60,
            constant163,
            linear61,
            constant165,
            layernormalization21,
            linear62,
            constant169,
            linear63,
            constant171,
            linear64,
            constant173,
            linear65,
            constant175,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(&self, custom62_out1: Tensor<3>, mul1_out1: Tensor<4>) -> Tensor<3> {
        let layernormalization18_out1 = {
            let dtype = custom62_out1.dtype();
            self.layernormalization18
                .forward(custom62_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear54_out1 = self.linear54.forward(layernormalization18_out1.clone());
        let constant147_out1 = self.constant147.val();
        let custom63_out1 = crate::model::kernels::bias_gelu(
            linear54_out1,
            constant147_out1,
        );
        let linear55_out1 = self.linear55.forward(custom63_out1);
        let constant149_out1 = self.constant149.val();
        let custom64_out1 = crate::model::kernels::bias_add_residual(
            linear55_out1,
            constant149_out1,
            layernormalization18_out1,
        );
        let layernormalization19_out1 = {
            let dtype = custom64_out1.dtype();
            self.layernormalization19
                .forward(custom64_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape20_out1: [i64; 3] = {
            let axes = &layernormalization19_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather22_out1 = shape20_out1[0] as i64;
        let gather23_out1 = shape20_out1[1] as i64;
        let linear56_out1 = self.linear56.forward(layernormalization19_out1.clone());
        let constant153_out1 = self.constant153.val();
        let custom65_out1 = crate::model::kernels::bias_add(
            linear56_out1,
            constant153_out1,
        );
        let unsqueeze77_out1 = [gather22_out1 as i64];
        let unsqueeze78_out1 = [gather23_out1 as i64];
        let constant406_out1: [i64; 1] = [64i64];
        let constant405_out1: [i64; 1] = [-1i64];
        let concat37_out1: [i64; 4usize] = [
            &unsqueeze77_out1[..],
            &unsqueeze78_out1[..],
            &constant405_out1[..],
            &constant406_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze79_out1 = [gather22_out1 as i64];
        let unsqueeze80_out1 = [gather23_out1 as i64];
        let constant410_out1: [i64; 1] = [64i64];
        let constant409_out1: [i64; 1] = [-1i64];
        let concat38_out1: [i64; 4usize] = [
            &unsqueeze79_out1[..],
            &unsqueeze80_out1[..],
            &constant409_out1[..],
            &constant410_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze81_out1 = [gather22_out1 as i64];
        let unsqueeze82_out1 = [gather23_out1 as i64];
        let constant414_out1: [i64; 1] = [64i64];
        let constant413_out1: [i64; 1] = [-1i64];
        let concat39_out1: [i64; 4usize] = [
            &unsqueeze81_out1[..],
            &unsqueeze82_out1[..],
            &constant413_out1[..],
            &constant414_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape37_out1 = custom65_out1.reshape(concat37_out1);
        let transpose37_out1 = reshape37_out1.permute([0, 2, 1, 3]);
        let linear57_out1 = self.linear57.forward(layernormalization19_out1.clone());
        let constant155_out1 = self.constant155.val();
        let custom66_out1 = crate::model::kernels::bias_add(
            linear57_out1,
            constant155_out1,
        );
        let reshape38_out1 = custom66_out1.reshape(concat38_out1);
        let linear58_out1 = self.linear58.forward(layernormalization19_out1.clone());
        let constant157_out1 = self.constant157.val();
        let custom67_out1 = crate::model::kernels::bias_add(
            linear58_out1,
            constant157_out1,
        );
        let reshape39_out1 = custom67_out1.reshape(concat39_out1);
        let transpose38_out1 = reshape39_out1.permute([0, 2, 1, 3]);
        let transpose39_out1 = reshape38_out1.permute([0, 2, 3, 1]);
        let matmul77_out1 = transpose37_out1.matmul(transpose39_out1);
        let custom68_out1 = crate::model::kernels::masked_softmax(
            matmul77_out1,
            mul1_out1.clone(),
            0.125f32,
        );
        let matmul78_out1 = custom68_out1.matmul(transpose38_out1);
        let transpose40_out1 = matmul78_out1.permute([0, 2, 1, 3]);
        let unsqueeze83_out1 = [gather22_out1 as i64];
        let unsqueeze84_out1 = [gather23_out1 as i64];
        let constant418_out1: [i64; 1] = [-1i64];
        let concat40_out1: [i64; 3usize] = [
            &unsqueeze83_out1[..],
            &unsqueeze84_out1[..],
            &constant418_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape40_out1 = transpose40_out1.reshape(concat40_out1);
        let linear59_out1 = self.linear59.forward(reshape40_out1);
        let constant159_out1 = self.constant159.val();
        let custom69_out1 = crate::model::kernels::bias_add_residual(
            linear59_out1,
            constant159_out1,
            layernormalization19_out1,
        );
        let layernormalization20_out1 = {
            let dtype = custom69_out1.dtype();
            self.layernormalization20
                .forward(custom69_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear60_out1 = self.linear60.forward(layernormalization20_out1.clone());
        let constant163_out1 = self.constant163.val();
        let custom70_out1 = crate::model::kernels::bias_gelu(
            linear60_out1,
            constant163_out1,
        );
        let linear61_out1 = self.linear61.forward(custom70_out1);
        let constant165_out1 = self.constant165.val();
        let custom71_out1 = crate::model::kernels::bias_add_residual(
            linear61_out1,
            constant165_out1,
            layernormalization20_out1,
        );
        let layernormalization21_out1 = {
            let dtype = custom71_out1.dtype();
            self.layernormalization21
                .forward(custom71_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape22_out1: [i64; 3] = {
            let axes = &layernormalization21_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather24_out1 = shape22_out1[0] as i64;
        let gather25_out1 = shape22_out1[1] as i64;
        let linear62_out1 = self.linear62.forward(layernormalization21_out1.clone());
        let constant169_out1 = self.constant169.val();
        let custom72_out1 = crate::model::kernels::bias_add(
            linear62_out1,
            constant169_out1,
        );
        let unsqueeze85_out1 = [gather24_out1 as i64];
        let unsqueeze86_out1 = [gather25_out1 as i64];
        let constant427_out1: [i64; 1] = [64i64];
        let constant426_out1: [i64; 1] = [-1i64];
        let concat41_out1: [i64; 4usize] = [
            &unsqueeze85_out1[..],
            &unsqueeze86_out1[..],
            &constant426_out1[..],
            &constant427_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze87_out1 = [gather24_out1 as i64];
        let unsqueeze88_out1 = [gather25_out1 as i64];
        let constant431_out1: [i64; 1] = [64i64];
        let constant430_out1: [i64; 1] = [-1i64];
        let concat42_out1: [i64; 4usize] = [
            &unsqueeze87_out1[..],
            &unsqueeze88_out1[..],
            &constant430_out1[..],
            &constant431_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze89_out1 = [gather24_out1 as i64];
        let unsqueeze90_out1 = [gather25_out1 as i64];
        let constant435_out1: [i64; 1] = [64i64];
        let constant434_out1: [i64; 1] = [-1i64];
        let concat43_out1: [i64; 4usize] = [
            &unsqueeze89_out1[..],
            &unsqueeze90_out1[..],
            &constant434_out1[..],
            &constant435_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape41_out1 = custom72_out1.reshape(concat41_out1);
        let transpose41_out1 = reshape41_out1.permute([0, 2, 1, 3]);
        let linear63_out1 = self.linear63.forward(layernormalization21_out1.clone());
        let constant171_out1 = self.constant171.val();
        let custom73_out1 = crate::model::kernels::bias_add(
            linear63_out1,
            constant171_out1,
        );
        let reshape42_out1 = custom73_out1.reshape(concat42_out1);
        let linear64_out1 = self.linear64.forward(layernormalization21_out1.clone());
        let constant173_out1 = self.constant173.val();
        let custom74_out1 = crate::model::kernels::bias_add(
            linear64_out1,
            constant173_out1,
        );
        let reshape43_out1 = custom74_out1.reshape(concat43_out1);
        let transpose42_out1 = reshape43_out1.permute([0, 2, 1, 3]);
        let transpose43_out1 = reshape42_out1.permute([0, 2, 3, 1]);
        let matmul85_out1 = transpose41_out1.matmul(transpose43_out1);
        let custom75_out1 = crate::model::kernels::masked_softmax(
            matmul85_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul86_out1 = custom75_out1.matmul(transpose42_out1);
        let transpose44_out1 = matmul86_out1.permute([0, 2, 1, 3]);
        let unsqueeze91_out1 = [gather24_out1 as i64];
        let unsqueeze92_out1 = [gather25_out1 as i64];
        let constant439_out1: [i64; 1] = [-1i64];
        let concat44_out1: [i64; 3usize] = [
            &unsqueeze91_out1[..],
            &unsqueeze92_out1[..],
            &constant439_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape44_out1 = transpose44_out1.reshape(concat44_out1);
        let linear65_out1 = self.linear65.forward(reshape44_out1);
        let constant175_out1 = self.constant175.val();
        let custom76_out1 = crate::model::kernels::bias_add_residual(
            linear65_out1,
            constant175_out1,
            layernormalization21_out1,
        );
        custom76_out1
    }
}
#[derive(Module, Debug)]
pub struct Submodule7 {
    layernormalization22: LayerNorm,
    linear66: Linear,
    constant179: burn::module::Param<Tensor<1>>,
    linear67: Linear,
    constant181: burn::module::Param<Tensor<1>>,
    layernormalization23: LayerNorm,
    linear68: Linear,
    constant185: burn::module::Param<Tensor<1>>,
    linear69: Linear,
    constant187: burn::module::Param<Tensor<1>>,
    linear70: Linear,
    constant189: burn::module::Param<Tensor<1>>,
    linear71: Linear,
    constant191: burn::module::Param<Tensor<1>>,
    layernormalization24: LayerNorm,
    linear72: Linear,
    constant195: burn::module::Param<Tensor<1>>,
    linear73: Linear,
    constant197: burn::module::Param<Tensor<1>>,
    layernormalization25: LayerNorm,
    linear74: Linear,
    constant201: burn::module::Param<Tensor<1>>,
    #[module(skip)]
    device: Device,
}
impl Submodule7 {
    #[allow(unused_variables)]
    pub fn new(device: &Device) -> Self {
        let layernormalization22 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear66 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant179: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear67 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant181: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization23 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear68 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant185: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear69 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant187: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear70 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant189: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let linear71 = LinearConfig::new(256, 256).with_bias(false).init(device);
        let constant191: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization24 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear72 = LinearConfig::new(256, 1024).with_bias(false).init(device);
        let constant195: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([1024], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [1024].into(),
        );
        let linear73 = LinearConfig::new(1024, 256).with_bias(false).init(device);
        let constant197: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([256], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [256].into(),
        );
        let layernormalization25 = LayerNormConfig::new(256)
            .with_epsilon(0.0000000000009999999960041972f64)
            .with_bias(true)
            .init(device);
        let linear74 = LinearConfig::new(256, 2).with_bias(false).init(device);
        let constant201: burn::module::Param<Tensor<1>> = burn::module::Param::uninitialized(
            burn::module::ParamId::new(),
            move |device, _require_grad| Tensor::<
                1,
            >::zeros([2], (device, burn::tensor::DType::F32)),
            device.clone(),
            false,
            [2].into(),
        );
        Self {
            layernormalization22,
            linear66,
            constant179,
            linear67,
            constant181,
            layernormalization23,
            linear68,
            constant185,
            linear69,
            constant187,
            linear70,
            constant189,
            linear71,
            constant191,
            layernormalization24,
            linear72,
            constant195,
            linear73,
            constant197,
            layernormalization25,
            linear74,
            constant201,
            device: device.clone(),
        }
    }
    #[allow(clippy::let_and_return, clippy::approx_constant)]
    pub fn forward(
        &self,
        custom76_out1: Tensor<3>,
        mul1_out1: Tensor<4>,
    ) -> (Tensor<2>, Tensor<2>) {
        let layernormalization22_out1 = {
            let dtype = custom76_out1.dtype();
            self.layernormalization22
                .forward(custom76_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear66_out1 = self.linear66.forward(layernormalization22_out1.clone());
        let constant179_out1 = self.constant179.val();
        let custom77_out1 = crate::model::kernels::bias_gelu(
            linear66_out1,
            constant179_out1,
        );
        let linear67_out1 = self.linear67.forward(custom77_out1);
        let constant181_out1 = self.constant181.val();
        let custom78_out1 = crate::model::kernels::bias_add_residual(
            linear67_out1,
            constant181_out1,
            layernormalization22_out1,
        );
        let layernormalization23_out1 = {
            let dtype = custom78_out1.dtype();
            self.layernormalization23
                .forward(custom78_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let shape24_out1: [i64; 3] = {
            let axes = &layernormalization23_out1.clone().dims()[0..3];
            let mut output = [0i64; 3];
            for i in 0..3 {
                output[i] = axes[i] as i64;
            }
            output
        };
        let gather26_out1 = shape24_out1[0] as i64;
        let gather27_out1 = shape24_out1[1] as i64;
        let linear68_out1 = self.linear68.forward(layernormalization23_out1.clone());
        let constant185_out1 = self.constant185.val();
        let custom79_out1 = crate::model::kernels::bias_add(
            linear68_out1,
            constant185_out1,
        );
        let unsqueeze93_out1 = [gather26_out1 as i64];
        let unsqueeze94_out1 = [gather27_out1 as i64];
        let constant448_out1: [i64; 1] = [64i64];
        let constant447_out1: [i64; 1] = [-1i64];
        let concat45_out1: [i64; 4usize] = [
            &unsqueeze93_out1[..],
            &unsqueeze94_out1[..],
            &constant447_out1[..],
            &constant448_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze95_out1 = [gather26_out1 as i64];
        let unsqueeze96_out1 = [gather27_out1 as i64];
        let constant452_out1: [i64; 1] = [64i64];
        let constant451_out1: [i64; 1] = [-1i64];
        let concat46_out1: [i64; 4usize] = [
            &unsqueeze95_out1[..],
            &unsqueeze96_out1[..],
            &constant451_out1[..],
            &constant452_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let unsqueeze97_out1 = [gather26_out1 as i64];
        let unsqueeze98_out1 = [gather27_out1 as i64];
        let constant456_out1: [i64; 1] = [64i64];
        let constant455_out1: [i64; 1] = [-1i64];
        let concat47_out1: [i64; 4usize] = [
            &unsqueeze97_out1[..],
            &unsqueeze98_out1[..],
            &constant455_out1[..],
            &constant456_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape45_out1 = custom79_out1.reshape(concat45_out1);
        let transpose45_out1 = reshape45_out1.permute([0, 2, 1, 3]);
        let linear69_out1 = self.linear69.forward(layernormalization23_out1.clone());
        let constant187_out1 = self.constant187.val();
        let custom80_out1 = crate::model::kernels::bias_add(
            linear69_out1,
            constant187_out1,
        );
        let reshape46_out1 = custom80_out1.reshape(concat46_out1);
        let linear70_out1 = self.linear70.forward(layernormalization23_out1.clone());
        let constant189_out1 = self.constant189.val();
        let custom81_out1 = crate::model::kernels::bias_add(
            linear70_out1,
            constant189_out1,
        );
        let reshape47_out1 = custom81_out1.reshape(concat47_out1);
        let transpose46_out1 = reshape47_out1.permute([0, 2, 1, 3]);
        let transpose47_out1 = reshape46_out1.permute([0, 2, 3, 1]);
        let matmul93_out1 = transpose45_out1.matmul(transpose47_out1);
        let custom82_out1 = crate::model::kernels::masked_softmax(
            matmul93_out1,
            mul1_out1,
            0.125f32,
        );
        let matmul94_out1 = custom82_out1.matmul(transpose46_out1);
        let transpose48_out1 = matmul94_out1.permute([0, 2, 1, 3]);
        let unsqueeze99_out1 = [gather26_out1 as i64];
        let unsqueeze100_out1 = [gather27_out1 as i64];
        let constant460_out1: [i64; 1] = [-1i64];
        let concat48_out1: [i64; 3usize] = [
            &unsqueeze99_out1[..],
            &unsqueeze100_out1[..],
            &constant460_out1[..],
        ]
            .concat()
            .try_into()
            .unwrap();
        let reshape48_out1 = transpose48_out1.reshape(concat48_out1);
        let linear71_out1 = self.linear71.forward(reshape48_out1);
        let constant191_out1 = self.constant191.val();
        let custom83_out1 = crate::model::kernels::bias_add_residual(
            linear71_out1,
            constant191_out1,
            layernormalization23_out1,
        );
        let layernormalization24_out1 = {
            let dtype = custom83_out1.dtype();
            self.layernormalization24
                .forward(custom83_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear72_out1 = self.linear72.forward(layernormalization24_out1.clone());
        let constant195_out1 = self.constant195.val();
        let custom84_out1 = crate::model::kernels::bias_gelu(
            linear72_out1,
            constant195_out1,
        );
        let linear73_out1 = self.linear73.forward(custom84_out1);
        let constant197_out1 = self.constant197.val();
        let custom85_out1 = crate::model::kernels::bias_add_residual(
            linear73_out1,
            constant197_out1,
            layernormalization24_out1,
        );
        let layernormalization25_out1 = {
            let dtype = custom85_out1.dtype();
            self.layernormalization25
                .forward(custom85_out1.cast(burn::tensor::DType::F32))
                .cast(dtype)
        };
        let linear74_out1 = self.linear74.forward(layernormalization25_out1);
        let constant201_out1 = self.constant201.val();
        let custom86_out1 = crate::model::kernels::bias_add(
            linear74_out1,
            constant201_out1,
        );
        let split_tensors = custom86_out1.split_with_sizes([1, 1].into(), 2);
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
        Self {
            submodule1,
            submodule2,
            submodule3,
            submodule4,
            submodule5,
            submodule6,
            submodule7,
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
        let (custom6_out1, mul1_out1) = self
            .submodule1
            .forward(input_ids, token_type_ids, attention_mask);
        let custom20_out1 = self.submodule2.forward(custom6_out1, mul1_out1.clone());
        let custom34_out1 = self.submodule3.forward(custom20_out1, mul1_out1.clone());
        let custom48_out1 = self.submodule4.forward(custom34_out1, mul1_out1.clone());
        let custom62_out1 = self.submodule5.forward(custom48_out1, mul1_out1.clone());
        let custom76_out1 = self.submodule6.forward(custom62_out1, mul1_out1.clone());
        let (squeeze1_out1, squeeze2_out1) = self
            .submodule7
            .forward(custom76_out1, mul1_out1);
        (squeeze1_out1, squeeze2_out1)
    }
}
