import { describe, expect, it } from 'vitest';
import { configError } from '../helpers/config-error.js';
import { z } from 'zod';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { shownValue } from '../../src/config/shown-value.js';
import { AGENT_REGISTRY, AGENT_ROLES } from '../../src/agents/registry.js';
import { chiefOptionsSchema } from '../../src/agents/chief-options.js';
import { allowedText } from '../../src/core/schema-text.js';

/** The ConfigError that loading `env` gives. */
const errorOf = (env: Record<string, string>): ConfigError => configError(() => loadConfig({ env }));

const shapeOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: { shape?: Record<string, z.ZodType>; in?: z.ZodType } } })._zod.def;

/** Every nested option with numeric bounds: [config key, env name, JSON path builder, option, its schema]. */
const nested: [string, string, (v: unknown) => string, string, z.ZodType][] = [];
for (const d of AGENT_REGISTRY) {
  const def = shapeOf(d.options);
  const shape = def.shape ?? shapeOf(def.in!).shape!;
  for (const [option, schema] of Object.entries(shape)) {
    nested.push([`agents.${d.role}.${option}`, 'CONCLAVE_AGENTS', (v) => JSON.stringify({ [d.role]: { [option]: v } }), option, schema]);
  }
}
for (const [option, schema] of Object.entries(shapeOf(chiefOptionsSchema()).shape!)) {
  // weights is a record, adaptive and takeProfit booleans: none has numeric bounds.
  if (option !== 'weights' && option !== 'adaptive' && option !== 'takeProfit') nested.push([`chief.${option}`, 'CONCLAVE_CHIEF', (v) => JSON.stringify({ [option]: v }), option, schema]);
}

describe('nested options (agents, chief) at load time', () => {
  it.each(nested)('%s: exit-78 message names the key, the value and the rule, at both bounds', (key, env, json, _option, schema) => {
    const text = allowedText(schema);
    const m = /^(an integer|a number) in ([[(])(-?[\d.]+), (-?[\d.]+)([\])])$/.exec(text);
    expect(m, `${key}: "${text}"`).not.toBeNull();
    const [, kind, open, lo, hi, close] = m!;
    const [low, high] = [Number(lo), Number(hi)];
    const step = kind === 'an integer' ? 1 : 1e-9;
    const outside = [open === '[' ? low - step : low, close === ']' ? high + step : high];
    for (const value of outside) {
      const error = errorOf({ [env]: json(value) });
      expect(error.key).toBe(key);
      expect(error.message).toBe(`Invalid configuration: ${key} = ${JSON.stringify(value)} (in ${env}). Allowed: ${text}.`);
    }
    // The bounds themselves (or just inside an open bound) load, unless another rule across keys objects.
    const inside = [open === '[' ? low : low + step, close === ']' ? high : high - step];
    for (const value of inside) {
      try {
        loadConfig({ env: { [env]: json(value) } });
      } catch (error) {
        expect((error as ConfigError).message, `${key} = ${value} is inside its bounds`).not.toContain(`Allowed: ${text}.`);
      }
    }
  });

  it('quotes a huge value in part, the reason whole after it (a 15 MB universe made a 15 MB line, its reason at the end)', () => {
    const universe = JSON.stringify(Array.from({ length: 6000 }, (_, i) => ({ symbol: `S${i}` })));
    const error = errorOf({ CONCLAVE_UNIVERSE: universe });
    expect(error.message.length).toBeLessThan(800);
    expect(error.message).toMatch(/^Invalid configuration: CONCLAVE_UNIVERSE = \[\{"symbol":"S0"\},.*\.\.\. \(\d+ characters in all\)\. Allowed: .*\(Too big: expected array to have <=5000 items\)\.$/);
    // Not what is not JSON either; and `conclave config` lists a valid setting whole (shownValue).
    expect(errorOf({ CONCLAVE_UNIVERSE: `${universe}x` }).message.length).toBeLessThan(800);
    expect(shownValue(JSON.parse(universe))).toHaveLength(universe.length);
  });

  it('names unknown nested keys and a rule across keys', () => {
    expect(errorOf({ CONCLAVE_AGENTS: '{"bull":{"rsiPeriod":14}}' }).message).toBe(
      'Invalid configuration: agents.bull.rsiPeriod is not an option (in CONCLAVE_AGENTS). Allowed keys: fast, slow, crossRecency, breakoutLookback, volumeFactor, rocPeriod, fullBars.',
    );
    expect(errorOf({ CONCLAVE_AGENTS: '{"banker":{}}' }).key).toBe('agents.banker');
    expect(errorOf({ CONCLAVE_CHIEF: '{"weights":{"bulls":1}}' }).message).toBe(
      `Invalid configuration: chief.weights.bulls = "bulls" (in CONCLAVE_CHIEF). Allowed: one of ${AGENT_ROLES.join(', ')}.`,
    );
    expect(errorOf({ CONCLAVE_AGENTS: '{"riskDoctor":{"minStop":0.3,"maxStop":0.2}}' }).message).toMatch(/agents\.riskDoctor\.minStop = 0\.3 .*not above maxStop \(0\.2\)/);
  });

  it('fills in every default, so what runs is what the configuration says', () => {
    const config = loadConfig({ env: { CONCLAVE_AGENTS: '{"bull":{"fast":10}}', CONCLAVE_CHIEF: '{"weights":{"scout":0}}' } });
    expect(config.agents.bull.fast).toBe(10);
    expect(config.agents.bull.slow).toBe(50);
    expect(config.agents.riskDoctor.paths).toBe(2000);
    expect(config.chief.weights).toMatchObject({ bull: 1, bear: 1, analyst: 1.25, scout: 0, riskDoctor: 0.5 });
    expect(Object.keys(config.chief.weights)).toEqual(AGENT_ROLES);
    expect(config.chief.quorum).toBe(3);
  });
});
