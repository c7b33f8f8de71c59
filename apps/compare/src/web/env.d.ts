/// <reference types="vite/client" />

declare module 'virtual:polygrad-backends' {
  import type { BackendModule } from '../run/backends.js';
  export const backendModules: readonly BackendModule[];
}
