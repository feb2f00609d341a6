// The one Node API the Worker uses (workerd provides it under `nodejs_compat`); the project has no
// @types/node, so the part we call is declared here.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
