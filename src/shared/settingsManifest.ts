// package.json's contributes.configuration, written from the settings' one declaration
// (src/core/settingsSchema.ts) by scripts/writeSettingsManifest.js; a unit test fails when the
// manifest is stale. Pure: no vscode, so the script and the test run in plain Node.

import { PLAIN_NUMBER } from '../core/csv/missingWords';
import { settingSpec, SETTING_KEYS, type NumberRule, type SettingSpec } from '../core/settingsSchema';

export const SETTINGS_SECTION = 'focalLab';

type JsonSchema = Record<string, unknown>;

function numberLimits(rule: NumberRule): JsonSchema {
  return {
    type: rule.integer ? 'integer' : 'number',
    [rule.minExclusive ? 'exclusiveMinimum' : 'minimum']: rule.min,
    [rule.maxExclusive ? 'exclusiveMaximum' : 'maximum']: rule.max,
  };
}

function valueSchema(spec: SettingSpec): JsonSchema {
  switch (spec.kind) {
    case 'number':
      return numberLimits(spec);
    case 'auto-or-number':
      return {
        type: ['string', 'number', 'object'],
        anyOf: [
          { type: 'string', enum: ['auto'] },
          { type: 'number', minimum: spec.min, maximum: spec.max },
          // One weight per class by name (three or more classes).
          { type: 'object', additionalProperties: { type: 'number', minimum: spec.min, maximum: spec.max }, minProperties: 2 },
        ],
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'choice':
      return { type: 'string', enum: spec.choices.map((c) => c.value), enumDescriptions: spec.choices.map((c) => `${c.label}: ${c.description}`) };
    case 'choice-list':
      return {
        type: 'array',
        items: { type: 'string', enum: spec.choices.map((c) => c.value), enumDescriptions: spec.choices.map((c) => `${c.label}: ${c.description}`) },
        uniqueItems: true,
        minItems: 1,
      };
    case 'number-list':
      return {
        type: 'array',
        items: numberLimits(spec.item),
        minItems: spec.minItems,
        ...(spec.maxItems !== undefined ? { maxItems: spec.maxItems } : {}),
        ...(spec.distinct ? { uniqueItems: true } : {}),
      };
    case 'word-list':
      // Numbers are always values (missingWordsProblem): refused here too, with the same reason.
      return {
        type: 'array',
        items: { type: 'string', pattern: `^(?!\\s*${PLAIN_NUMBER.source.slice(1, -1)}\\s*$)`, patternErrorMessage: 'A number is always read as a value; list only words, like NA,N/A,null.' },
      };
    case 'arms':
      return { type: 'string' };
  }
}

/** Markdown marks (`code`, *emphasis*) make the Settings editor need markdownDescription. */
function describe(description: string): JsonSchema {
  return /[`*]/.test(description) ? { markdownDescription: description } : { description };
}

/** The whole contributes.configuration object. */
export function manifestConfiguration(): { title: string; properties: Record<string, JsonSchema> } {
  const properties: Record<string, JsonSchema> = {};
  SETTING_KEYS.forEach((key, order) => {
    const spec = settingSpec(key);
    properties[`${SETTINGS_SECTION}.${key}`] = { ...valueSchema(spec), default: spec.default, order, ...describe(spec.description) };
  });
  return { title: 'Focal Lab', properties };
}

/** package.json's text with the configuration written from the schema (the rest as it was). */
export function withManifestConfiguration(packageJsonText: string): string {
  const manifest = JSON.parse(packageJsonText) as { contributes: Record<string, unknown> };
  manifest.contributes.configuration = manifestConfiguration();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
