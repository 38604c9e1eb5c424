import {
	createDeferredPromise,
	createRunExecutionData,
	NodeHelpers,
	NodeOperationError,
	ObservableObject,
	type ExecutionStatus,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IDeferredPromise,
	type IObservableObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type IRun,
	type ITriggerFunctions,
	type ITriggerResponse,
	type Logger,
	type WorkflowActivateMode,
} from 'n8n-workflow';

/**
 * A hand-written stand-in for n8n's trigger context, modelled on nodes-base `test/nodes/TriggerHelpers.ts`
 * and on what a real n8n 2.8.4 was observed to do (shared/reference/n8n-trigger-ack-verified.md):
 * - production: every emit gets a run whose outcome the TEST decides (resolve success/error, or reject);
 * - manual: after trigger() returns, `emit` is replaced (as n8n does), the first emit becomes the manual
 *   response and its donePromise resolves with a successful run on its own.
 * - parameters: like n8n, the node's own description resolves them (NodeHelpers.getNodeParameters): a test
 *   gets the real defaults and display rules, and a parameter the node does not have fails the test.
 * Anything the node calls that is not modelled here throws, so a test never passes by accident.
 */

export interface EmittedRun {
	/** 0, 1, 2… in emit order. */
	index: number;
	items: INodeExecutionData[];
	done: IDeferredPromise<IRun> | undefined;
	/** Let the run succeed: the donePromise resolves with status 'success'. */
	succeed(): void;
	/** Let the run fail as a workflow error: the donePromise RESOLVES with status 'error' (n8n's behaviour). */
	fail(message?: string): void;
	/** Cancel the run (timeout / stopped): the donePromise REJECTS. */
	cancel(message?: string): void;
}

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta?: unknown;
}

export interface FakeTriggerOptions {
	parameters: IDataObject;
	credentials?: ICredentialDataDecryptedObject;
	mode?: 'trigger' | 'manual';
	activationMode?: WorkflowActivateMode;
	workflowId?: string;
	nodeId?: string;
	/** Static data as n8n stored it (e.g. `persistedStaticData` of an earlier harness). */
	staticData?: IDataObject;
	workflowSettings?: IDataObject;
}

export function makeRun(status: ExecutionStatus, errorMessage?: string): IRun {
	const data = createRunExecutionData();
	if (errorMessage !== undefined) {
		data.resultData.error = new NodeOperationError(
			{
				id: 'n',
				name: 'Code',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [0, 0],
				parameters: {},
			},
			errorMessage,
		);
	}
	return {
		data,
		mode: 'trigger',
		startedAt: new Date(),
		stoppedAt: new Date(),
		storedAt: 'db',
		status,
	};
}

/** Throws for a parameter (or collection entry) the node's description does not have: a stale name. */
function assertKnownParameters(
	properties: INodeProperties[],
	values: IDataObject,
	path = '',
): void {
	for (const [name, value] of Object.entries(values)) {
		const property = properties.find((candidate) => candidate.name === name);
		if (!property)
			throw new Error(`The node has no parameter "${path}${name}"; use its current name.`);
		if (property.type === 'collection' && value !== null && typeof value === 'object')
			assertKnownParameters(
				(property.options ?? []) as INodeProperties[],
				value as IDataObject,
				`${path}${name}.`,
			);
	}
}

/**
 * The parameters as n8n hands them to a node: what the user set plus every displayed parameter's
 * default, hidden ones left out (n8n's Workflow does this when it loads a workflow).
 */
export function resolveNodeParameters(nodeType: INodeType, parameters: IDataObject): IDataObject {
	const { description } = nodeType;
	assertKnownParameters(description.properties, parameters);
	const resolved = NodeHelpers.getNodeParameters(
		description.properties,
		parameters as INodeParameters,
		true,
		false,
		{ typeVersion: 1 },
		description,
	);
	return (resolved ?? {}) as IDataObject;
}

/** Reads `a.b.c` from the parameters, like lodash `get` in n8n's helper. */
function readPath(source: IDataObject, path: string): unknown {
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** getNodeParameter(name, fallback) over the parameters as n8n resolves them for `nodeType`. */
export function nodeParameterReader(
	nodeType: INodeType,
	parameters: IDataObject,
): (name: string, fallback: unknown) => unknown {
	const resolved = resolveNodeParameters(nodeType, parameters);
	return (name, fallback) => readPath(resolved, name) ?? fallback;
}

export class FakeTriggerHarness {
	readonly runs: EmittedRun[] = [];
	readonly errors: Error[] = [];
	readonly logs: LogLine[] = [];
	readonly node: INode;
	/** The workflow's static data, observed the way n8n observes it (ObservableObject). */
	private readonly workflowStaticData: IObservableObject;
	/**
	 * What n8n would have saved: a copy taken after activation and at every emit, only when an observed
	 * property was set (n8n saves static data only then). Start the next harness from this.
	 */
	persistedStaticData: IDataObject;
	readonly context: ITriggerFunctions;
	/** Manual mode: data handed to n8n by the first emit after trigger() returned. */
	readonly manualResponses: INodeExecutionData[][][] = [];
	private readonly waiters: Array<() => void> = [];
	private manualEmitInstalled = false;

	constructor(private readonly options: FakeTriggerOptions) {
		this.node = {
			id: options.nodeId ?? 'node-1',
			name: 'Postgres CDC Trigger',
			type: 'n8n-nodes-redshift-cdc.postgresCdcTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters as INode['parameters'],
			credentials: { postgresReplicationApi: { id: 'cred-1', name: 'Replication' } },
		};
		this.persistedStaticData = JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject;
		this.workflowStaticData = ObservableObject.create(
			JSON.parse(JSON.stringify(this.persistedStaticData)) as IDataObject,
			undefined,
			{ ignoreEmptyOnFirstChild: true },
		) as IObservableObject;
		this.context = this.buildContext();
	}

	/** Calls the node's trigger() as n8n does, including the manual-mode replacement of `emit`. */
	async start(nodeType: INodeType): Promise<ITriggerResponse> {
		if (!nodeType.trigger) throw new Error('The node type has no trigger() method.');
		this.node.parameters = resolveNodeParameters(
			nodeType,
			this.options.parameters,
		) as INode['parameters'];
		const response = (await nodeType.trigger.call(this.context)) ?? {};
		this.saveStaticData(); // n8n saves static data once activation finished
		if (this.options.mode === 'manual') this.installManualEmit();
		return response;
	}

	/** Resolves once `count` runs were emitted in total. */
	async waitForRuns(count: number, timeoutMs = 30_000): Promise<EmittedRun[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.runs.length < count) {
			if (this.errors.length > 0)
				throw new Error(`The trigger reported an error while waiting: ${this.errors[0].message}`);
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				throw new Error(
					`Expected ${count} emitted runs within ${timeoutMs} ms, got ${this.runs.length}. Last log lines:\n${this.recentLogs()}`,
				);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, Math.min(remaining, 250));
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return this.runs.slice(0, count);
	}

	/** Resolves once the trigger reported a fatal error through emitError. */
	async waitForError(timeoutMs = 30_000): Promise<Error> {
		const deadline = Date.now() + timeoutMs;
		while (this.errors.length === 0) {
			if (Date.now() > deadline) {
				throw new Error(
					`Expected emitError within ${timeoutMs} ms. Last log lines:\n${this.recentLogs()}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return this.errors[0];
	}

	/** The node's static data as n8n last saved it. */
	get savedNodeStaticData(): IDataObject {
		return (this.persistedStaticData[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	/** n8n's saveStaticData: only when something observed changed. */
	private saveStaticData(): void {
		if (this.workflowStaticData.__dataChanged !== true) return;
		this.persistedStaticData = JSON.parse(JSON.stringify(this.workflowStaticData)) as IDataObject;
		this.workflowStaticData.__dataChanged = false;
	}

	/** n8n's Workflow.getStaticData('node'): one observed object per node name. */
	private nodeStaticData(): IDataObject {
		const key = `node:${this.node.name}`;
		if (this.workflowStaticData[key] === undefined) {
			this.workflowStaticData[key] = ObservableObject.create({}, this.workflowStaticData);
		}
		return this.workflowStaticData[key] as IDataObject;
	}

	/** The last log lines, for failure messages. */
	recentLogs(count = 15): string {
		return this.logs
			.slice(-count)
			.map(
				(line) =>
					`${line.level}: ${line.message}${line.meta ? ` ${JSON.stringify(line.meta)}` : ''}`,
			)
			.join('\n');
	}

	/** JSON of every item emitted so far, in order. */
	get emittedJson(): IDataObject[] {
		return this.runs.flatMap((run) => run.items.map((item) => item.json));
	}

	private notify(): void {
		for (const waiter of this.waiters.splice(0)) waiter();
	}

	private record(
		data: INodeExecutionData[][],
		done: IDeferredPromise<IRun> | undefined,
	): EmittedRun {
		this.saveStaticData(); // n8n saves static data with every emit, before the run starts
		if (data.length !== 1)
			throw new Error(`The trigger emitted ${data.length} outputs; it has exactly one.`);
		const run: EmittedRun = {
			index: this.runs.length,
			items: data[0],
			done,
			succeed: () => done?.resolve(makeRun('success')),
			fail: (message = 'run failed in a later node') => done?.resolve(makeRun('error', message)),
			cancel: (message = 'The execution was cancelled because it timed out') => {
				const error = new Error(message);
				error.name = 'TimeoutExecutionCancelledError';
				done?.reject(error);
			},
		};
		this.runs.push(run);
		this.notify();
		return run;
	}

	private installManualEmit(): void {
		this.manualEmitInstalled = true;
		this.context.emit = (data, _responsePromise, donePromise) => {
			this.manualResponses.push(data);
			this.record(data, donePromise);
			// n8n resolves a manual run's donePromise from the workflowExecuteAfter hook.
			setImmediate(() => donePromise?.resolve(makeRun('success')));
		};
	}

	private buildContext(): ITriggerFunctions {
		const logger = this.buildLogger();
		const options = this.options;
		const record = (data: INodeExecutionData[][], done: IDeferredPromise<IRun> | undefined) =>
			this.record(data, done);
		const isManualEmitInstalled = () => this.manualEmitInstalled;
		const errors = this.errors;
		const logs = this.logs;
		const notify = () => this.notify();
		const node = () => this.node;
		const parameters = () => this.node.parameters as IDataObject;
		const staticData = () => this.nodeStaticData();
		const modelled: Partial<ITriggerFunctions> = {
			logger,
			emit(data, _responsePromise, donePromise) {
				if (options.mode === 'manual' && isManualEmitInstalled()) {
					throw new Error(
						'emit was captured during trigger(): n8n replaces this.emit in manual mode; look it up at call time.',
					);
				}
				record(data, donePromise);
			},
			emitError(error) {
				errors.push(error);
				notify();
			},
			saveFailedExecution(error) {
				logs.push({ level: 'error', message: `saveFailedExecution: ${error.message}` });
			},
			getNodeParameter(name: string, fallback?: unknown) {
				const value = readPath(parameters(), name);
				return (value === undefined ? fallback : value) as ReturnType<
					ITriggerFunctions['getNodeParameter']
				>;
			},
			getCredentials: async <T extends object = ICredentialDataDecryptedObject>(type: string) => {
				if (type !== 'postgresReplicationApi' || !options.credentials) {
					throw new Error(`The fake has no credentials of type ${type}.`);
				}
				return options.credentials as T;
			},
			getMode: () => options.mode ?? 'trigger',
			getActivationMode: () =>
				options.activationMode ?? (options.mode === 'manual' ? 'manual' : 'activate'),
			getNode: node,
			getWorkflow: () => ({
				id: options.workflowId ?? 'workflow-1',
				name: 'CDC test',
				active: options.mode !== 'manual',
			}),
			getWorkflowStaticData: staticData,
			getWorkflowSettings: () => options.workflowSettings ?? {},
			getTimezone: () => 'UTC',
			getInstanceId: () => 'instance-1',
			helpers: {
				createDeferredPromise,
				returnJsonArray: (json: IDataObject | IDataObject[]) =>
					(Array.isArray(json) ? json : [json]).map((entry) => ({ json: entry })),
			} as unknown as ITriggerFunctions['helpers'],
		};
		return new Proxy(modelled, {
			get(target, key, receiver) {
				if (key in target) return Reflect.get(target, key, receiver);
				if (typeof key === 'symbol' || key === 'then') return undefined;
				throw new Error(
					`The fake trigger context does not model "${key}"; add it to test/support/n8n if the node needs it.`,
				);
			},
		}) as ITriggerFunctions;
	}

	private buildLogger(): Logger {
		const push = (level: LogLine['level']) => (message: string, meta?: unknown) => {
			this.logs.push({ level, message, meta });
		};
		const logger = {
			debug: push('debug'),
			info: push('info'),
			warn: push('warn'),
			error: push('error'),
		};
		return { ...logger, scoped: () => logger } as unknown as Logger;
	}
}
