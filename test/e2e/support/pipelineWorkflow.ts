import { randomUUID } from 'node:crypto';

import { SINK_NODE_NAME, sinkNode, type SinkCredentials } from './sinkWorkflows';
import {
	TRIGGER_NODE_NAME,
	triggerNodeType,
	type SavedCredential,
	type WorkflowBody,
} from './workflows';

export interface PipelineWorkflowSpec {
	name: string;
	replication: SavedCredential;
	sink: SinkCredentials;
	/** `schema.table` values, as the table picker stores them. */
	tables: string[];
	slotName: string;
	publicationName: string;
	/** Key columns for source tables without a primary key: `schema.table` → comma-separated columns. */
	tableKeys: Record<string, string>;
	/** Sink parameters for the write mode (Copy or Insert). */
	writeMode: Record<string, unknown>;
}

/**
 * Postgres CDC Trigger (initial snapshot, then changes; acknowledged after success) → Redshift Sink
 * Apply Changelog into tables of the same name, created when missing: the package's main job.
 */
export function cdcToChangelogWorkflow(spec: PipelineWorkflowSpec): WorkflowBody {
	return {
		name: spec.name,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER_NODE_NAME,
				type: triggerNodeType(),
				typeVersion: 1,
				position: [0, 0],
				credentials: { postgresReplicationApi: spec.replication },
				parameters: {
					capture: 'tables',
					tables: spec.tables,
					operations: ['insert', 'update', 'delete', 'truncate'],
					start: 'snapshot',
					batching: 'rows',
					maxRows: 500,
					options: {
						publicationMode: 'manage',
						publicationName: spec.publicationName,
						slotName: spec.slotName,
						acknowledge: 'afterSuccess',
						maxWaitMs: 1000,
						maxRunsInFlight: 1,
					},
				},
			},
			sinkNode(
				spec.sink,
				{
					operation: 'changelog',
					changelogTarget: 'sourceTable',
					changelogTableKeys: {
						table: Object.entries(spec.tableKeys).map(([table, keyColumns]) => ({
							table,
							keyColumns,
						})),
					},
					createTable: true,
					options: {},
					...spec.writeMode,
				},
				[260, 0],
			),
		],
		connections: {
			[TRIGGER_NODE_NAME]: { main: [[{ node: SINK_NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
