// Extension entry point. The engine (src/core, src/worker) and the CLI come first; the
// commands, panel and side bar are registered here as they are built.

export function activate(): void {
  // Nothing to register yet.
}

export function deactivate(): void {
  // Nothing to dispose yet.
}
