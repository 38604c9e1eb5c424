import type { StagedFile } from './stagedFileUpload';

/** A COPY manifest entry: mandatory, so a missing file fails the COPY instead of loading less. */
export interface ManifestEntry {
	url: string;
	mandatory: true;
	meta: { content_length: number };
}

export interface CopyManifest {
	entries: ManifestEntry[];
}

/** The manifest for staged files; content_length is required by COPY for Parquet and harmless otherwise. */
export function buildCopyManifest(files: readonly StagedFile[]): CopyManifest {
	return {
		entries: files.map((file) => ({
			url: file.url,
			mandatory: true,
			meta: { content_length: file.bytes },
		})),
	};
}
