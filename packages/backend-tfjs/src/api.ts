export { createTfjsBackend } from './backend.js';
export { fixNames, type TfjsFixes } from './fixes.js';
export { TfjsHandle } from './handle.js';
export {
  TFJS_DECLINES,
  TFJS_KINDS,
  TFJS_PROFILES,
  type TfjsBackendKind,
  type TfjsProfile,
} from './profiles.js';
export { type RegisterTfjsOptions, registerTfjsBackend } from './register.js';
