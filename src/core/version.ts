// The tool version written into results.json; the build replaces it with package.json's version.
declare const FOCAL_LAB_VERSION: string | undefined;
export const TOOL_VERSION: string = typeof FOCAL_LAB_VERSION === 'string' ? FOCAL_LAB_VERSION : '0.0.0-dev';
