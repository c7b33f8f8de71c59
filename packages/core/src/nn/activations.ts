/**
 * Elementwise activation modules. Each runs core's op, whose backward uses the
 * backend's fused activation-gradient kernel when available:
 * ReLU passes dC/dy where x > 0 and blocks it elsewhere (the seed's mask);
 * Sigmoid h(s) = 1 / (1 + e^−s) has gradient h(1 − h), which vanishes where it
 * saturates; Softplus log(1 + e^s) is a smooth ReLU that does not saturate for large s.
 */
import { relu, sigmoid, softplus, tanh } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

export class ReLU extends Module {
  override forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Softplus extends Module {
  override forward(x: Tensor): Tensor {
    return softplus(x);
  }
}
