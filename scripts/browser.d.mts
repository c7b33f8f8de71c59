import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS: readonly string[];
export function findChromium(): string | null;
export function ensureChromium(): string;
export function launchChromium(): Promise<Browser>;
