// The project has no @types/react; the GraphiQL entry only creates elements and a root, so these
// modules are typed loosely here (the bundle is checked by esbuild and by the browser tests).
declare module "react" {
  export function createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
}
declare module "react-dom/client" {
  export function createRoot(container: Element): { render(node: unknown): void; unmount(): void };
}
declare module "*.css";
