/**
 * Optimizer steps and activation gradients as elementwise kernels. Each
 * optimizer output (param, velocity / m, v) is its own kernel writing a new
 * texture (a texture cannot be rendered into while it is sampled); the param
 * kernel recomputes the state update inline rather than reading it back.
 * Hyper-parameters are uniforms, so a learning-rate schedule never recompiles.
 */
import type { DataHandle, KernelArgs } from '@polygrad/core';
import { stridesOf } from '@polygrad/core';
import type { GLDevice, GLHandle } from '../device.js';
import { type MapInput, mapKernel } from './map.js';

function dense(h: DataHandle, shape: readonly number[]): MapInput {
  return { handle: h, read: { strides: stridesOf(shape) } };
}

export function activationBackward(
  dev: GLDevice,
  { op, x, y, dy, out }: KernelArgs['activationBackward'],
): GLHandle {
  const s = out.shape;
  switch (op) {
    case 'relu':
      return mapKernel(
        dev,
        'relu-backward',
        out,
        [dense(x.handle, s), dense(dy.handle, s)],
        'if (v0 <= 0.0) { return 0.0; }\nreturn v1;',
      );
    case 'sigmoid':
      return mapKernel(
        dev,
        'sigmoid-backward',
        out,
        [dense(y.handle, s), dense(dy.handle, s)],
        'return v1 * v0 * (1.0 - v0);',
      );
    case 'tanh':
      return mapKernel(
        dev,
        'tanh-backward',
        out,
        [dense(y.handle, s), dense(dy.handle, s)],
        'return v1 * (1.0 - v0 * v0);',
      );
    case 'softplus':
      return mapKernel(
        dev,
        'softplus-backward',
        out,
        [dense(x.handle, s), dense(dy.handle, s)],
        'if (v0 >= 0.0) { return v1 * (1.0 / (1.0 + Math.exp(-v0))); }\nconst e = Math.exp(v0);\nreturn v1 * (e / (1.0 + e));',
      );
  }
}

/** g' = grad + wd*param + l1*sign(param), from v0 = param, v1 = grad. */
const SGD_GRAD = `let sg = v0;
if (v0 > 0.0) { sg = 1.0; }
if (v0 < 0.0) { sg = -1.0; }
const g = v1 + wd * v0 + l1 * sg;`;

export function sgdUpdate(
  dev: GLDevice,
  {
    param,
    grad,
    velocity,
    lr,
    momentum,
    dampening,
    nesterov,
    weightDecay,
    l1,
    firstStep,
  }: KernelArgs['sgdUpdate'],
): { param: GLHandle; velocity: GLHandle | null } {
  const s = param.shape;
  const out = { shape: s, dtype: param.dtype };
  const base = [dense(param.handle, s), dense(grad.handle, s)];
  const u = [
    { name: 'lr', value: lr },
    { name: 'wd', value: weightDecay },
    { name: 'l1', value: l1 },
  ];
  if (velocity === null) {
    const p = mapKernel(dev, 'sgd', out, base, `${SGD_GRAD}\nreturn v0 - lr * g;`, u);
    return { param: p, velocity: null };
  }
  const step = nesterov ? 'g + momentum * vn' : 'vn';
  // PyTorch: a parameter's first velocity is g' itself, undampened, whatever `velocity` holds.
  // A uniform selects it, so the first step runs the same compiled kernels as every later one
  // (a training loop compiles nothing after its first step).
  const mu = [
    ...u,
    { name: 'momentum', value: momentum },
    { name: 'damp', value: 1 - dampening },
    { name: 'first', value: firstStep ? 1 : 0 },
  ];
  const inputs = [...base, dense(velocity.handle, s)];
  const vNew = 'let vn = momentum * v2 + damp * g;\nif (first > 0.5) { vn = g; }';
  const v = mapKernel(dev, 'sgd-velocity', out, inputs, `${SGD_GRAD}\n${vNew}\nreturn vn;`, mu);
  const p = mapKernel(
    dev,
    `sgd-momentum:${nesterov}`,
    out,
    inputs,
    `${SGD_GRAD}\n${vNew}\nreturn v0 - lr * (${step});`,
    mu,
  );
  return { param: p, velocity: v };
}

export function adamUpdate(
  dev: GLDevice,
  args: KernelArgs['adamUpdate'],
): { param: GLHandle; m: GLHandle; v: GLHandle } {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = args;
  const s = args.param.shape;
  const out = { shape: s, dtype: args.param.dtype };
  const inputs = [
    dense(args.param.handle, s),
    dense(args.grad.handle, s),
    dense(args.m.handle, s),
    dense(args.v.handle, s),
  ];
  const u = [
    { name: 'lr', value: lr },
    { name: 'b1', value: beta1 },
    { name: 'b2', value: beta2 },
    { name: 'c1', value: 1 - beta1 },
    { name: 'c2', value: 1 - beta2 },
    { name: 'bc1', value: 1 - beta1 ** step },
    { name: 'bc2', value: 1 - beta2 ** step },
    { name: 'eps', value: eps },
    { name: 'l2', value: decoupled ? 0 : weightDecay },
    { name: 'decay', value: decoupled ? 1 - lr * weightDecay : 1 },
  ];
  const g = 'const g = v1 + l2 * v0;';
  const mNew = 'const mn = b1 * v2 + c1 * g;';
  const vNew = 'const vn = b2 * v3 + c2 * (g * g);';
  const m = mapKernel(dev, 'adam-m', out, inputs, `${g}\n${mNew}\nreturn mn;`, u);
  const v = mapKernel(dev, 'adam-v', out, inputs, `${g}\n${vNew}\nreturn vn;`, u);
  const p = mapKernel(
    dev,
    'adam-param',
    out,
    inputs,
    `${g}\n${mNew}\n${vNew}\nconst p = v0 * decay;\nreturn p - (lr * (mn / bc1)) / (Math.sqrt(vn / bc2) + eps);`,
    u,
  );
  return { param: p, m, v };
}
