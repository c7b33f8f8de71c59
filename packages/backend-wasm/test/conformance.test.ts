/** The wasm backend's run of the shared conformance suite, in float32 and float64. */
import '../src/index.js';
import { defineConformanceSuite } from '@polygrad/conformance';
import { describe, expect, it } from 'vitest';

defineConformanceSuite('wasm', { describe, it, expect }, { dtypes: ['float32', 'float64'] });
