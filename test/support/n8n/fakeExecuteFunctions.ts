import {
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type ICredentialTestFunctions,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeTypeDescription,
	type IPairedItemData,
	type Logger,
	type NodeExecutionHint,
	type NodeExecutionWithMetadata,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import type { Readable } from 'node:stream';

import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';

/**
 * Hand-written stand-ins for n8n's execution contexts, modelled on nodes-base's test helpers
 * (`test/nodes/Helpers.ts`): parameters come from a plain object, credentials by type name.
 * The parameters are resolved as n8n resolves a saved node (NodeHelpers.getNodeParameters with the
 * node type's own properties): defaults fill what the test leaves out, parameters the display rules
 * hide are dropped, and names the node does not have are ignored.
 * A parameter may be a function of the item index, the way an expression is evaluated per item.
 * A resourceLocator value ({ __rl, mode, value }) gives its value with `extractValue`.
 * Anything the node reaches for that is not modelled throws, so a test never passes by accident.
 */

export type ParameterValue =
	| unknown
	| ((itemIndex: number, item: INodeExecutionData | undefined) => unknown);

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

export interface FakeExecuteOptions {
	parameters: Record<string, ParameterValue>;
	items?: INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	nodeType?: string;
	/**
	 * The node type whose properties resolve the parameters; the Redshift Sink's by default. Pass
	 * `null` to read the parameters exactly as given (no defaults, no display rules).
	 */
	description?: INodeTypeDescription | null;
	signal?: AbortSignal;
	/** What getWorkflowStaticData returns (the same object every call, so the node's changes stay visible). */
	staticData?: IDataObject;
	/** What getMode returns; 'manual' by default. */
	mode?: WorkflowExecuteMode;
}

/** A file the node handed to helpers.prepareBinaryData, with its bytes. */
export interface PreparedBinary {
	binary: IBinaryData;
	bytes: Buffer;
}

const SINK_TYPE = 'n8n-nodes-redshift-cdc.redshiftSink';

type ItemFunction = (index: number, item?: INodeExecutionData) => unknown;

function hasFunction(value: unknown): boolean {
	if (typeof value === 'function') return true;
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value).some(hasFunction);
}

/** The parameters as one item sees them: every function evaluated like an expression. */
function evaluated(value: unknown, itemIndex: number, item?: INodeExecutionData): unknown {
	if (typeof value === 'function') return (value as ItemFunction)(itemIndex, item);
	if (Array.isArray(value)) return value.map((entry) => evaluated(entry, itemIndex, item));
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [key, evaluated(entry, itemIndex, item)]),
	);
}

function readPath(source: unknown, path: string): unknown {
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function isLocator(value: unknown): value is { __rl: true; value: unknown } {
	return value !== null && typeof value === 'object' && (value as IDataObject).__rl === true;
}

async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks);
}

function modelled<T extends object>(what: string, target: Partial<T>): T {
	return new Proxy(target, {
		get(object, key, receiver) {
			if (key in object) return Reflect.get(object, key, receiver);
			if (typeof key === 'symbol' || key === 'then') return undefined;
			throw new Error(
				`The fake ${what} does not model "${key}"; add it to test/support/n8n if the node needs it.`,
			);
		},
	}) as T;
}

function logger(lines: LogLine[]): Logger {
	const push = (level: LogLine['level']) => (message: string) => {
		lines.push({ level, message });
	};
	const log = {
		debug: push('debug'),
		info: push('info'),
		warn: push('warn'),
		error: push('error'),
	};
	return { ...log, scoped: () => log } as unknown as Logger;
}

export class FakeExecution {
	readonly logs: LogLine[] = [];
	/** What the node passed to addExecutionHints, in order. */
	readonly hints: NodeExecutionHint[] = [];
	/** What the node passed to helpers.prepareBinaryData, in order. */
	readonly binaries: PreparedBinary[] = [];
	/** The workflow's static data as the node left it. */
	readonly staticData: IDataObject;
	readonly node: INode;
	readonly context: IExecuteFunctions;

	constructor(private readonly options: FakeExecuteOptions) {
		this.node = {
			id: 'sink-1',
			name: 'Redshift Sink',
			type: options.nodeType ?? SINK_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		this.staticData = options.staticData ?? {};
		this.context = this.build();
	}

	/** The parameter as the node sees it for one item (a function is evaluated like an expression). */
	parameter(name: string, itemIndex: number, fallback?: unknown, extractValue = false): unknown {
		const value = readPath(this.resolvedFor(itemIndex), name);
		if (value === undefined) return fallback;
		if (extractValue && isLocator(value)) return value.value;
		return value;
	}

	private readonly resolved = new Map<number, INodeParameters>();

	/** n8n's resolution of the parameters for one item (computed once when no parameter is per item). */
	resolvedFor(itemIndex: number): INodeParameters {
		const perItem = hasFunction(this.options.parameters);
		const key = perItem ? itemIndex : 0;
		let parameters = this.resolved.get(key);
		if (!parameters) {
			const values = evaluated(
				this.options.parameters,
				itemIndex,
				this.options.items?.[itemIndex],
			) as INodeParameters;
			const description =
				this.options.description === undefined
					? this.node.type === SINK_TYPE
						? new RedshiftSink().description
						: null
					: this.options.description;
			parameters = description
				? (NodeHelpers.getNodeParameters(
						description.properties,
						values,
						true,
						false,
						this.node,
						description,
					) ?? {})
				: values;
			this.resolved.set(key, parameters);
		}
		return parameters;
	}

	private build(): IExecuteFunctions {
		const options = this.options;
		const credentials = async <T extends object = ICredentialDataDecryptedObject>(
			type: string,
		): Promise<T> => {
			const data = options.credentials?.[type];
			if (!data)
				throw new Error(`Node "Redshift Sink" does not have any credentials of type "${type}" set`);
			return data as T;
		};
		const context: Partial<IExecuteFunctions> = {
			logger: logger(this.logs),
			getNode: () => this.node,
			getInputData: () => options.items ?? [],
			getCredentials: credentials,
			continueOnFail: () => options.continueOnFail === true,
			getExecutionCancelSignal: () => options.signal,
			getMode: () => options.mode ?? 'manual',
			getWorkflowStaticData: () => this.staticData,
			addExecutionHints: (...hints: NodeExecutionHint[]) => {
				this.hints.push(...hints);
			},
			getNodeParameter: ((
				name: string,
				itemIndex: number,
				fallback?: unknown,
				parameterOptions?: { extractValue?: boolean },
			) => {
				const value = this.parameter(
					name,
					itemIndex,
					fallback,
					parameterOptions?.extractValue === true,
				);
				if (value === undefined)
					throw new Error(
						`Could not get parameter "${name}" (the fake has no value and no fallback was given).`,
					);
				return value;
			}) as IExecuteFunctions['getNodeParameter'],
			helpers: modelled<IExecuteFunctions['helpers']>('execute helpers', {
				prepareBinaryData: async (
					data: Buffer | Readable,
					fileName?: string,
					mimeType?: string,
				) => {
					const bytes = Buffer.isBuffer(data) ? data : await readAll(data);
					const extension = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
					const binary: IBinaryData = {
						data: bytes.toString('base64'),
						mimeType: mimeType ?? 'application/octet-stream',
						...(fileName ? { fileName } : {}),
						...(extension ? { fileExtension: extension } : {}),
						fileSize: String(bytes.length),
					};
					this.binaries.push({ binary, bytes });
					return binary;
				},
				returnJsonArray: (json: IDataObject | IDataObject[]) =>
					(Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry })),
				constructExecutionMetaData: (
					inputData: INodeExecutionData[],
					metadata: { itemData: IPairedItemData | IPairedItemData[] },
				) =>
					inputData.map((item) => ({
						...item,
						pairedItem: metadata.itemData,
					})) as NodeExecutionWithMetadata[],
			}),
		};
		return modelled<IExecuteFunctions>('execute context', context);
	}
}

/** The context n8n gives listSearch, loadOptions and resourceMapping methods. */
export function fakeLoadOptionsFunctions(
	parameters: Record<string, unknown>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): ILoadOptionsFunctions {
	const node: INode = {
		id: 'sink-1',
		name: 'Redshift Sink',
		type: 'n8n-nodes-redshift-cdc.redshiftSink',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return modelled<ILoadOptionsFunctions>('load-options context', {
		logger: logger([]),
		getNode: () => node,
		getCredentials: (async (type: string) => {
			const data = credentials[type];
			if (!data) throw new Error(`No credentials of type "${type}"`);
			return data;
		}) as ILoadOptionsFunctions['getCredentials'],
		getNodeParameter: ((
			name: string,
			fallback?: unknown,
			parameterOptions?: { extractValue?: boolean },
		) => {
			const value = readPath(parameters, name);
			if (value === undefined) return fallback;
			return parameterOptions?.extractValue && isLocator(value) ? value.value : value;
		}) as ILoadOptionsFunctions['getNodeParameter'],
		getCurrentNodeParameter: ((name: string, parameterOptions?: { extractValue?: boolean }) => {
			const value = readPath(parameters, name);
			return parameterOptions?.extractValue && isLocator(value) ? value.value : value;
		}) as ILoadOptionsFunctions['getCurrentNodeParameter'],
	});
}

/** The context n8n gives a node's credentialTest method. */
export function fakeCredentialTestFunctions(): ICredentialTestFunctions {
	return modelled<ICredentialTestFunctions>('credential-test context', { logger: logger([]) });
}

/** A resourceLocator parameter value as the editor stores it. */
export function locator(
	value: string,
	mode: 'list' | 'name' = 'name',
): { __rl: true; mode: string; value: string } {
	return { __rl: true, mode, value };
}
