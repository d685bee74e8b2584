// Types of installCodeServer.js for the TypeScript that imports it (test/e2e/harness.ts).
export const CODE_SERVER_VERSION: string;
export interface InstallPaths {
  dir: string;
  marker: string;
  nodeBinDir: string;
  node: string;
  codeServerEntry: string;
  codeServerBin: string;
  config: string;
}
export function cacheRoot(): string;
export function paths(dir?: string): InstallPaths;
export function isInstalled(paths?: InstallPaths): boolean;
/** Installs unless already installed; resolves with the paths. */
export function install(options?: { force?: boolean }): Promise<InstallPaths>;
