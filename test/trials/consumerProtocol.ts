import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** What the harness tells the consumer process at start (as JSON in TRIALS_CONSUMER_OPTIONS). */
export interface ConsumerOptions {
	sourceCredentials: ICredentialDataDecryptedObject;
	redshiftCredentials: ICredentialDataDecryptedObject;
	s3Credentials: ICredentialDataDecryptedObject;
	bucket: string;
	/** Staging key prefix, one per scenario. */
	prefix: string;
	slotName: string;
	tables: string[];
	maxRunsInFlight: number;
	/** Where the workflow's static data lives between processes (what n8n keeps in its database). */
	staticDataFile: string;
}

/** Kill points the consumer arms in itself; the harness arms the others (COPY, timer). */
export type SelfKillPoint = 'beforeSink' | 'afterCommitBeforeAck';

export type HarnessMessage =
	| { type: 'arm'; point: SelfKillPoint; ordinal: number }
	| { type: 'disarm' }
	| { type: 'stop' };

export type ConsumerMessage =
	| { type: 'activated' }
	| { type: 'activationFailed'; message: string }
	| { type: 'runStarted'; index: number; items: number; inFlight: number }
	| { type: 'runEnded'; index: number; ok: boolean; message?: string; inFlight: number }
	| { type: 'triggerError'; message: string }
	| { type: 'killingSelf'; point: SelfKillPoint; index: number }
	| { type: 'stopped' };
