// The focalLab.* settings as one typed object: the side-bar form edits it, the host reads and
// writes it through the VS Code configuration, and it maps onto a ComparisonConfig. Every setting
// is declared once, in src/core/settingsSchema.ts; this module only names what the host and the
// webviews use.

import { defaultSettings, type FocalLabSettings } from '../core/settingsSchema';

export { MONITOR_CHOICES, SETTING_KEYS, settingsToConfig, type FocalLabSettings, type SettingKey } from '../core/settingsSchema';

/** The defaults, as declared in the schema (package.json's contributes.configuration is written from it). */
export const DEFAULT_SETTINGS: Readonly<FocalLabSettings> = Object.freeze(defaultSettings());
