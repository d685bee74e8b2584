// Types of codeServer.js for the TypeScript that imports it (test/e2e/harness.ts).
import type { ChildProcess } from 'child_process';
import type { Browser } from 'playwright-core';

export const root: string;
export const HOST: string;
export const CHROMIUM: string;
export const CHROMIUM_ARGS: readonly string[];
export const USER_SETTINGS: Readonly<Record<string, unknown>>;

export interface CodeServer {
  port: number;
  baseUrl: string;
  logFile: string;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder for the user data, extensions and log of this instance. */
  dir: string;
  env?: Record<string, string>;
  extraArgs?: string[];
  /** Merged over USER_SETTINGS. */
  settings?: Record<string, unknown>;
  readyTimeoutMs?: number;
}

export interface WorkbenchOptions {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  payload?: [string, string][];
}

export function makeTempDir(prefix?: string): string;
export function copyWorkspace(target: string, source?: string): string;
export function startCodeServer(options: StartOptions): Promise<CodeServer>;
export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string;
export function launchChromium(options?: { headless?: boolean }): Promise<Browser>;
export function registerCleanup(entry: { sync(): void; async(): Promise<unknown> }): () => void;
export function tail(file: string, lines?: number): string;
export function log(message: string): void;
/** The signal (SIGINT…) that is stopping this process, or null. */
export function stoppingSignal(): NodeJS.Signals | null;
