import type { INodeProperties } from 'n8n-workflow';

import { triggerOptionsCollection } from '../description/options';
import { cdcTriggerProperties } from '../description/properties';

function defaultsOf(properties: readonly INodeProperties[]): Map<string, unknown> {
	return new Map(properties.map((property) => [property.name, property.default]));
}

const TOP_LEVEL = defaultsOf(cdcTriggerProperties);
const OPTIONS = defaultsOf(triggerOptionsCollection.options as INodeProperties[]);

function lookUp(defaults: Map<string, unknown>, name: string, where: string): unknown {
	if (!defaults.has(name)) throw new Error(`The trigger has no ${where} named "${name}".`);
	return defaults.get(name);
}

/** The default of a top-level parameter, as the node description declares it. */
export function parameterDefault(name: string): unknown {
	return lookUp(TOP_LEVEL, name, 'parameter');
}

/**
 * The default of an Options entry. n8n leaves options the user did not add out of the collection's
 * value, so the reader falls back to the default the editor shows.
 */
export function optionDefault(name: string): unknown {
	return lookUp(OPTIONS, name, 'option');
}
