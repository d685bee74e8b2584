// The settings are declared once (src/core/settingsSchema.ts); everything else that names them
// must agree with it: package.json's manifest, the host's and the form's checks, the engine's
// checks, the CLI's options and --help, and the README's option table. Each check compares two
// of those on values at and around every limit, so a disagreement fails here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine, usage } from '../../src/cli';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/core/config';
import { isInputError } from '../../src/core/errors';
import { LOSS_KINDS, type ComparisonConfig } from '../../src/core/results';
import { CLI_GROUPS, settingSpec, type SettingSpec } from '../../src/core/settingsSchema';
import { settingsFromConfig } from '../../src/shared/runIdentity';
import { DEFAULT_SETTINGS, MONITOR_CHOICES, SETTING_KEYS, settingsToConfig, type FocalLabSettings, type SettingKey } from '../../src/shared/settings';
import { manifestConfiguration } from '../../src/shared/settingsManifest';
import { validateSettingValue } from '../../src/shared/settingsValidation';

const root = path.join(__dirname, '..', '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const declared: Record<string, JsonSchema> = packageJson.contributes.configuration.properties;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  pattern?: string;
  default?: unknown;
  additionalProperties?: JsonSchema;
  minProperties?: number;
}

/** The part of JSON Schema the manifest uses, as VS Code's Settings editor applies it. */
function accepts(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf && !schema.anyOf.some((option) => accepts(option, value))) return false;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const typeOk = types.some((type) =>
      type === 'integer'
        ? Number.isInteger(value)
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : type === 'array'
            ? Array.isArray(value)
            : type === 'object'
              ? value !== null && typeof value === 'object' && !Array.isArray(value)
              : typeof value === type,
    );
    if (!typeOk) return false;
  }
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.values(value);
    if (schema.minProperties !== undefined && entries.length < schema.minProperties) return false;
    if (schema.additionalProperties && !entries.every((entry) => accepts(schema.additionalProperties!, entry))) return false;
  }
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    if (schema.uniqueItems && new Set(value).size !== value.length) return false;
    if (schema.items && !value.every((item) => accepts(schema.items!, item))) return false;
  }
  return true;
}

/** Values at, inside and just outside a setting's limits, and of the wrong type. */
function probes(spec: SettingSpec): unknown[] {
  const around = (min: number, max: number, integer = false) => {
    const step = integer ? 1 : Math.max(Math.abs(max - min) * 1e-3, 1e-9);
    return [min, max, min - step, max + step, (min + max) / 2, ...(integer ? [min + 0.5] : []), Number.NaN, Number.POSITIVE_INFINITY];
  };
  const strings = ['', 'zzz', 'auto', ...LOSS_KINDS, ...MONITOR_CHOICES.map((c) => c.value)];
  const wrongTypes = [true, null, { nonsense: true }, '3'];
  switch (spec.kind) {
    case 'number':
      return [...around(spec.min, spec.max, spec.integer), ...strings, ...wrongTypes];
    case 'auto-or-number':
      // One weight per class (alpha for three or more classes): good, one class only, out of range, not numbers.
      return [...around(spec.min, spec.max, spec.integer), ...strings, ...wrongTypes, { a: spec.min, b: spec.max, c: (spec.min + spec.max) / 2 }, { a: spec.max }, { a: spec.min, b: spec.max + 1 }, { a: 'x', b: spec.min }];
    case 'boolean':
      return [true, false, 'true', 0, null];
    case 'choice':
      return [...strings, 3, null, ['focal']];
    case 'choice-list':
      return [[], ...strings.map((s) => [s]), [...LOSS_KINDS], ['bce', 'bce'], ['bce', 'zzz'], 'bce', [3]];
    case 'number-list': {
      const { min, max, integer } = spec.item;
      const good = integer ? Math.round((min + max) / 2) : (min + max) / 2;
      const lists: unknown[] = [[], [good], [good, min], [min, min], [max, good], [good, max + 1], [min - 1, good], [good, good, max], [good, min, max, 1]];
      if (integer) lists.push([good, min + 0.5]);
      return [...lists, [good, 'x'], good, null];
    }
    case 'word-list':
      return [[], ['NA'], ['NA', 'null'], ['NA', '3'], ['1.5'], [3], 'NA', null];
    case 'arms':
      // The manifest can say only "text": the arms' grammar is checked where they are parsed (the host, the form, the engine).
      return ['', 'bce', 'bce, alpha-focal, bce+smote:0.5:3', 3, null, ['bce']];
  }
}

describe('settings declared once', () => {
  it('package.json declares exactly the schema (run node scripts/writeSettingsManifest.js when this fails)', () => {
    assert.deepEqual(packageJson.contributes.configuration, JSON.parse(JSON.stringify(manifestConfiguration())));
  });

  it('the manifest accepts exactly the values the host and the form accept, for every setting', () => {
    assert.deepEqual(Object.keys(declared), SETTING_KEYS.map((key) => `focalLab.${key}`));
    for (const key of SETTING_KEYS) {
      const schema = declared[`focalLab.${key}`];
      assert.deepEqual(schema.default, DEFAULT_SETTINGS[key], `${key}: default`);
      assert.equal(validateSettingValue(key, schema.default), null, `${key}: the default is valid`);
      for (const value of probes(settingSpec(key))) {
        const byManifest = accepts(schema, value);
        const byCheck = validateSettingValue(key, value) === null;
        assert.equal(byCheck, byManifest, `focalLab.${key} = ${JSON.stringify(value)}: the check says ${byCheck ? 'valid' : validateSettingValue(key, value)}, the manifest ${byManifest ? 'valid' : 'invalid'}`);
      }
    }
  });

  it('Sweep Gamma offers only the losses that use gamma, everywhere (issue 10: the form and the host took BCE, the manifest did not)', () => {
    assert.deepEqual(declared['focalLab.sweepLoss'].enum, ['focal', 'alpha-focal']);
    for (const loss of LOSS_KINDS) {
      const usesGamma = loss === 'focal' || loss === 'alpha-focal';
      assert.equal(validateSettingValue('sweepLoss', loss) === null, usesGamma, loss);
    }
    assert.match(validateSettingValue('sweepLoss', 'bce')!, /^Sweep loss must be focal or alpha-focal \(not 'bce'\)\.$/);
  });

  it('the engine accepts exactly the settings the form accepts (the same limits, the same sentence)', () => {
    for (const key of SETTING_KEYS) {
      const spec = settingSpec(key);
      if (!spec.config) continue;
      for (const value of probes(spec)) {
        const problem = validateSettingValue(key, value);
        let thrown: string | null = null;
        try {
          resolveConfig(settingsToConfig({ [key]: value } as Partial<FocalLabSettings>));
        } catch (error) {
          if (!isInputError(error)) throw error;
          thrown = error.message;
        }
        // One weight per class is a config value the CLI and the API take, not a setting's.
        if (key === 'alpha' && typeof value === 'object' && value !== null) continue;
        // A lone split fraction is checked with the other two at their defaults: the sum may fail.
        if (spec.config.startsWith('split.') && problem === null) continue;
        assert.equal(thrown, problem, `${key} = ${JSON.stringify(value)}`);
      }
    }
  });

  it('the defaults are the engine defaults, and every config field is a setting', () => {
    // No arms (the default) is one arm per loss, and a resolved config then leaves `arms` out, as results did before arms.
    const { arms, ...withoutArms } = DEFAULT_CONFIG;
    assert.equal(arms, '');
    assert.deepEqual(resolveConfig(settingsToConfig(DEFAULT_SETTINGS)), withoutArms);
    assert.deepEqual(resolveConfig({}), resolveConfig(settingsToConfig(DEFAULT_SETTINGS)));
    const mapped = new Set(SETTING_KEYS.map((key) => settingSpec(key).config?.split('.')[0]).filter(Boolean));
    const configKeys: (keyof ComparisonConfig)[] = Object.keys(DEFAULT_CONFIG) as (keyof ComparisonConfig)[];
    assert.deepEqual([...mapped].sort(), [...configKeys].sort());
  });

  it('a run stored without its settings gets every setting its config records back, dedupe and missing values included', () => {
    const original: FocalLabSettings = { ...DEFAULT_SETTINGS, dedupe: true, missingValues: ['null'], trainFraction: 0.6, validationFraction: 0.2, maxCategories: 3, monitor: 'pr-auc' };
    const config = resolveConfig(settingsToConfig(original));
    assert.deepEqual(settingsFromConfig(config, DEFAULT_SETTINGS), original);
  });
});

describe('the CLI and the settings', () => {
  /** The value as it would be typed after the flag, or null when it cannot be typed. */
  function asText(value: unknown): string | null {
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string')) return value.join(',');
    return null;
  }

  function cliOutcome(args: string[]): { ok: true; command: Exclude<ReturnType<typeof parseCommandLine>, string> } | { ok: false; message: string } {
    try {
      const command = parseCommandLine(['compare', 'data.csv', ...args]);
      assert.ok(typeof command !== 'string');
      resolveConfig(command.config);
      return { ok: true, command };
    } catch (error) {
      if (!isInputError(error)) throw error;
      return { ok: false, message: error.message };
    }
  }

  it('every option takes exactly the values its setting takes, and says what is wrong in the same sentence', () => {
    let checked = 0;
    for (const key of SETTING_KEYS) {
      const spec = settingSpec(key);
      if (!spec.cli || spec.kind === 'boolean') continue;
      for (const value of probes(spec)) {
        const list = Array.isArray(spec.default);
        if (list !== Array.isArray(value)) continue;
        // Text typed for a number is read as that number: the numbers themselves cover it.
        if (spec.kind === 'number' && typeof value === 'string') continue;
        const text = asText(value);
        // '' after a list option is "no value" for every list but the words ('' = no words).
        if (text === null || (text === '' && list && spec.kind !== 'word-list')) continue;
        const outcome = cliOutcome([`--${spec.cli.flag}=${text}`]);
        const expected = validateSettingValue(key, value);
        assert.equal(outcome.ok, expected === null, `--${spec.cli.flag} ${text}: the CLI ${outcome.ok ? 'takes it' : `says ${outcome.ok ? '' : outcome.message}`}, the setting ${expected ?? 'takes it'}`);
        // A number out of its limits: the form's sentence, after the flag and what was given.
        if (!outcome.ok && expected !== null && typeof value === 'number' && (spec.kind === 'number' || spec.kind === 'auto-or-number')) assert.equal(outcome.message, `--${spec.cli.flag} ${text}: ${expected}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} values checked`);
  });

  it('--max-file-mb takes what focalLab.maxFileMegabytes takes (issue 10: the CLI took 0.5 and 2,000,000, the setting refuses both)', () => {
    for (const text of ['0.5', '2000000', '0', '-3']) {
      const outcome = cliOutcome([`--max-file-mb=${text}`]);
      assert.equal(outcome.ok, false, text);
      if (!outcome.ok) assert.equal(outcome.message, `--max-file-mb ${text}: Max file size (MB) must be a whole number from 1 to 1,000,000.`);
    }
    const raised = cliOutcome(['--max-file-mb', '2000']);
    assert.ok(raised.ok && raised.command.maxFileMegabytes === 2000);
    const byDefault = cliOutcome([]);
    assert.ok(byDefault.ok && byDefault.command.maxFileMegabytes === DEFAULT_SETTINGS.maxFileMegabytes);
  });

  it('--split sets the three fractions, checked like the form', () => {
    const outcome = cliOutcome(['--split', '0.6,0.2,0.2']);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.command.config.split, { train: 0.6, validation: 0.2, test: 0.2 });
    const bad = cliOutcome(['--split', '0.8,0.1,0.2']);
    assert.ok(!bad.ok && bad.message === '--split 0.8,0.1,0.2: Train + validation + test add up to 1.1; they must add up to 1.');
    assert.ok(!cliOutcome(['--split', '0.7,0.3']).ok);
  });

  it('--alpha still takes one weight per class, which is no setting', () => {
    const outcome = cliOutcome(['--alpha', 'A=0.2,B=0.3,C=0.5']);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.command.config.alpha, { A: 0.2, B: 0.3, C: 0.5 });
  });

  it('--help lists every setting that has an option, with its default, and the README table lists every option', () => {
    const help = usage();
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Command line'), readme.indexOf('### Where the gradient goes'));
    const flags: [string, string | null][] = SETTING_KEYS.flatMap((key): [string, string | null][] => {
      const spec = settingSpec(key);
      if (!spec.cli) return [];
      const value = spec.default;
      return [[spec.cli.flag, spec.kind === 'boolean' ? null : Array.isArray(value) ? value.join(',') : value === '' ? 'none' : String(value)]];
    });
    for (const group of CLI_GROUPS) flags.push([group.flag, group.keys.map((key: SettingKey) => DEFAULT_SETTINGS[key]).join(',')]);
    for (const [flag, defaultText] of flags) {
      const entry = help.slice(help.indexOf(`  --${flag}`)).split(/\n {2}-/)[0];
      assert.ok(help.includes(`  --${flag}`), `--help lists --${flag}`);
      if (defaultText !== null) assert.ok(entry.replace(/\s+/g, ' ').includes(`(default: ${defaultText})`), `--${flag}: ${entry}`);
      assert.ok(table.includes(`\`--${flag}`), `README lists --${flag}`);
    }
  });
});
