/** The shared conformance suite on TF.js's wasm backend (float32; TF.js has no float64). */
import '../src/node.js';
import { defineConformanceSuite } from '@polygrad/conformance';
import { describe, expect, it } from 'vitest';

defineConformanceSuite('tfjs-wasm', { describe, it, expect }, { dtypes: ['float32'] });
