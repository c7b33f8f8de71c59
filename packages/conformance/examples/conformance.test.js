// conformance.test.js: one Vitest test per case; declined and skipped cases show as skipped, with the reason.
import { defineConformanceSuite } from '@polygrad/conformance';
import { describe, expect, it } from 'vitest';
import './my-backend.js';

defineConformanceSuite('mine', { describe, it, expect }, { dtypes: ['float32'] });
